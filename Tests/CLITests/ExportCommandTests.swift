import ChildProcess
import Foundation
import XCTest

/// `export … --format topojson` and `--simplify`, read back by GDAL (its TopoJSON and GeoJSON drivers, and its
/// SQLite dialect's SpatiaLite functions for areas and unions): another library than ours checks the files.
final class ExportCommandTests: XCTestCase {
    func requireGDAL() throws {
        if ChildProcess.isInstalled("ogrinfo") { return }
        if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
        throw XCTSkip("ogrinfo not installed")
    }

    /// Count, sum of areas and area of the union of a layer, as GDAL/SpatiaLite compute them.
    /// `layer`: the object's name in a TopoJSON file; a GeoJSON file's layer is named after the file.
    func gdalAreas(_ path: String, layer: String? = nil) throws -> (count: Int, sum: Double, union: Double) {
        let sql = "SELECT COUNT(*) AS n, SUM(ST_Area(geometry)) AS total, ST_Area(ST_Union(geometry)) AS merged FROM \"\(layer ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)\""
        let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", sql, path])
        XCTAssertEqual(info.status, 0, info.output)
        func value(_ name: String) -> String? {
            info.output.components(separatedBy: "\n").first { $0.contains("\(name) (") }?.components(separatedBy: "= ").last
        }
        return (Int(value("n") ?? "") ?? -1, Double(value("total") ?? "") ?? .nan, Double(value("merged") ?? "") ?? .nan)
    }

    func testSimplifiedCommunesStayGluedInTopoJSONAndGeoJSON() throws {
        try requireGDAL()
        let communes = try SampleData.cogCommuneCount(departements: SampleData.hautsDeFrance + [SampleData.guadeloupe])
        let topo = try SampleStore.temporaryFile("communes.topojson"), geo = try SampleStore.temporaryFile("communes.geojson")
        let written = try SampleStore.run(["export", "communes", "--simplify", "500", "--out", topo]).succeeded()
        XCTAssertTrue(written.stderr.contains("\(communes) entités"), written.transcript)
        _ = try SampleStore.run(["export", "communes", "--simplify", "500", "--out", geo]).succeeded()

        let listing = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so", topo])
        XCTAssertTrue(listing.output.contains("using driver `TopoJSON'"), listing.output)
        XCTAssertTrue(listing.output.contains("Feature Count: \(communes)"), listing.output)
        for field in ["code:", "name:", "population:", "departement:", "cpts:"] {
            XCTAssertTrue(listing.output.contains(field), "the TopoJSON lacks \(field): \(listing.output)")
        }
        // No gap, no overlap: the parts' areas add up to their union's, in both formats, and both hold the same shapes.
        let topoAreas = try gdalAreas(topo, layer: "communes"), geoAreas = try gdalAreas(geo)
        XCTAssertEqual(topoAreas.count, communes)
        XCTAssertEqual(topoAreas.sum, topoAreas.union, accuracy: 1e-9 * topoAreas.union)
        XCTAssertEqual(geoAreas.sum, geoAreas.union, accuracy: 1e-9 * geoAreas.union)
        XCTAssertEqual(topoAreas.sum, geoAreas.sum, accuracy: 1e-9 * geoAreas.sum)
        // Generalised: smaller than the full-resolution layer, and TopoJSON smaller than GeoJSON (each border once).
        let full = try SampleStore.temporaryFile("communes-full.geojson")
        _ = try SampleStore.run(["export", "communes", "--out", full]).succeeded()
        let size = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        XCTAssertLessThan(try size(geo), try size(full) / 2)
        XCTAssertLessThan(try size(topo), try size(geo))
    }

    func testCPTSTopoJSONAtFullResolutionHasTheirFigures() throws {
        try requireGDAL()
        let topo = try SampleStore.temporaryFile("cpts.json")
        _ = try SampleStore.run(["export", "cpts", "--format", "topojson", "--out", topo]).succeeded()
        let amiens = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-q", topo, "-where", "id = 'CPTS-80-002'"])
        XCTAssertTrue(amiens.output.contains("name (String) = CPTS Amiens"), amiens.output)
        XCTAssertTrue(amiens.output.contains("POLYGON"), amiens.output)
        let areas = try gdalAreas(topo, layer: "cpts")
        XCTAssertEqual(areas.count, 63)
        let geo = try SampleStore.temporaryFile("cpts.geojson")
        _ = try SampleStore.run(["export", "cpts", "--out", geo]).succeeded()
        XCTAssertEqual(areas.sum, try gdalAreas(geo).sum, accuracy: 1e-9 * areas.sum, "the same CPTS polygons")
    }

    func testABadFormatIsRefused() throws {
        let out = try SampleStore.temporaryFile("x.topojson")
        let result = try SampleStore.run(["export", "cpts", "--format", "shapefile", "--out", out])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("shapefile"), result.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    /// `--out -` writes the layer to standard output; every polygon is a MultiPolygon (GDAL types the layer as one); a
    /// file name asking for no format is refused with the formats there are, and nothing is written.
    func testStandardOutputMultiPolygonsAndUnknownExtensions() throws {
        try requireGDAL()
        let written = try SampleStore.run(["export", "cpts", "--out", "-"]).succeeded()
        let collection = try XCTUnwrap(JSONSerialization.jsonObject(with: written.stdout) as? [String: Any])
        let features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 63)
        XCTAssertEqual(Set(features.map { ($0["geometry"] as? [String: Any])?["type"] as? String ?? "none" }), ["MultiPolygon"])
        XCTAssertTrue(written.stderr.contains("écrit sur la sortie standard (63 entités"), written.transcript)
        for layer in ["cpts", "white-zones", "communes"] {
            let path = try SampleStore.temporaryFile("\(layer)-multi.geojson")
            _ = try SampleStore.run(["export", layer, "--out", path]).succeeded()
            let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so", path])
            XCTAssertTrue(info.output.contains("Geometry: Multi Polygon"), "\(layer): \(info.output)")
        }
        let gpkg = try SampleStore.temporaryFile("cpts.gpkg")
        let refused = try SampleStore.run(["export", "cpts", "--out", gpkg])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("extension inconnue ; formats : .geojson (ou .json), .topojson, ou - pour la sortie standard"),
                      refused.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: gpkg))
    }

    /// Officines and volunteers export as GeoJSON points, one feature per row the store holds; not as TopoJSON.
    func testPointLayersExport() throws {
        try requireGDAL()
        let pharmacies = try SampleStore.temporaryFile("officines.geojson"), volunteers = try SampleStore.temporaryFile("volontaires.geojson")
        _ = try SampleStore.run(["export", "pharmacies", "--out", pharmacies]).succeeded()
        _ = try SampleStore.run(["export", "volunteers", "--out", volunteers]).succeeded()
        // The sample's officines and roster rows (Data/README.md), all of them imported.
        for (path, expected) in [(pharmacies, 1718), (volunteers, 1185)] {
            let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so", path])
            XCTAssertTrue(info.output.contains("Geometry: Point"), info.output)
            XCTAssertTrue(info.output.contains("Feature Count: \(expected)"), info.output)
        }
        let topo = try SampleStore.run(["export", "pharmacies", "--out", try SampleStore.temporaryFile("officines.topojson")])
        XCTAssertNotEqual(topo.status, 0)
        XCTAssertTrue(topo.stderr.contains("la couche pharmacies est faite de points : geojson seulement"), topo.transcript)
    }
}
