import ChildProcess
import Foundation
import GeometryKit
import Territory
import XCTest

/// The national commune layer generalised as the map and `export --simplify` use it, checked with GEOS's
/// general union (which knows nothing of the edge graph) and with GDAL reading the TopoJSON export.
final class NationalGeneralisationTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    /// At a fine and at the coarsest map tolerance: every commune valid, neighbours without overlap (their
    /// intersection has no area), and per département and for the country the parts' areas add up to the area of
    /// their union (no gap and no overlap between any two communes).
    func testGeneralisedCommunesHaveNoGapsOrOverlaps() throws {
        let layer = try NationalData.layer.get()
        for tolerance in [100.0, 2_500] {
            let started = Date()
            let shapes = try TerritoryShapes(layer: layer, toleranceMetres: tolerance)
            let seconds = Date().timeIntervalSince(started)
            let faces = shapes.coverage.faces
            XCTAssertLessThan(shapes.coverage.vertexCount, layer.coverage.vertexCount, "\(tolerance) m simplifies")
            for (i, commune) in layer.communes.enumerated() where commune.geometry != nil {
                let face = try XCTUnwrap(faces[i], commune.code)
                XCTAssertTrue(face.isValid, "\(commune.code) at \(tolerance) m: \(face.validityReason)")
                XCTAssertGreaterThan(face.area, 0, commune.code)
            }
            let pairs = layer.neighbours.enumerated().flatMap { i, list in list.filter { $0 > i }.map { (i, $0) } }
            let overlapping = try ParallelMap.map(pairs) { i, j in try faces[i]!.intersection(faces[j]!).area > 0 ? (i, j) : nil }.compactMap { $0 }
            XCTAssertEqual(overlapping.count, 0, "\(tolerance) m: touching communes overlapping: \(overlapping.prefix(5).map { (layer.communes[$0.0].code, layer.communes[$0.1].code) })")

            let departements = Dictionary(grouping: layer.communes.indices.filter { faces[$0] != nil }, by: { layer.communes[$0].departement })
                .sorted { $0.key < $1.key }
            let unions = try ParallelMap.map(departements) { code, members in
                (code, members.reduce(0) { $0 + faces[$1]!.area }, try Geometry.union(of: members.map { faces[$0]! }))
            }
            for (code, parts, union) in unions {
                XCTAssertEqual(union.area, parts, accuracy: 1e-9 * parts, "\(code) at \(tolerance) m: gap or overlap")
            }
            let nationParts = unions.reduce(0) { $0 + $1.1 }
            let nation = try Geometry.union(of: unions.map(\.2))
            XCTAssertEqual(nation.area, nationParts, accuracy: 1e-9 * nationParts, "\(tolerance) m: gap or overlap between départements")
            print(String(format: "generalised national communes at %.0f m: %d vertices (full %d), built in %.1f s; %d touching pairs, none overlapping; "
                         + "areas add up to the union within 1e-9 in %d départements and nationally",
                         tolerance, shapes.coverage.vertexCount, layer.coverage.vertexCount, seconds, pairs.count, unions.count))
        }
    }

    /// `export cpts --format topojson --simplify 500` of the national scenario, as the CLI writes it, read by GDAL's
    /// TopoJSON driver: one feature per CPTS, its answer's fields, and the same areas as the GeoJSON of the same shapes.
    func testGDALReadsTheNationalCPTSTopoJSON() throws {
        guard ChildProcess.isInstalled("ogrinfo") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
            throw XCTSkip("ogrinfo not installed")
        }
        let analysis = try NationalData.analysis.get()
        let shapes = try TerritoryShapes(layer: analysis.layer, toleranceMetres: 500)
        let features = try TerritoryFeature.cpts(analysis.reports(), shapes: shapes)
        let directory = NSTemporaryDirectory() + "maillage-national-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let topo = directory + "/cpts.topojson", geo = directory + "/cpts.geojson"
        try TerritoryTopoJSON.topology(object: "cpts", features: features, shapes: shapes).write(toFile: topo, atomically: true, encoding: .utf8)
        try TerritoryGeoJSON.collection(features).write(toFile: geo, atomically: true, encoding: .utf8)

        let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so", topo])
        XCTAssertEqual(info.status, 0, info.output)
        XCTAssertTrue(info.output.contains("Feature Count: \(analysis.perimeters.count)"), info.output)
        for field in ["id:", "name:", "status:", "population:", "size_category:", "area_km2:", "departements:", "overlaps_with:"] {
            XCTAssertTrue(info.output.contains(field), "the TopoJSON lacks \(field)")
        }
        func gdalArea(_ path: String, _ layer: String) throws -> Double {
            let sql = "SELECT SUM(ST_Area(geometry)) AS total FROM \"\(layer)\""
            let out = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-q", "-dialect", "SQLite", "-sql", sql, path]).output
            return Double(out.components(separatedBy: "\n").first { $0.contains("total (") }?.components(separatedBy: "= ").last ?? "") ?? .nan
        }
        let ours = features.reduce(0) { $0 + ($1.geometry?.area ?? 0) }
        XCTAssertEqual(try gdalArea(topo, "cpts"), ours, accuracy: 1e-6 * ours)
        XCTAssertEqual(try gdalArea(geo, "cpts"), ours, accuracy: 1e-6 * ours)
        let bytes = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        print("national CPTS at 500 m: \(features.count) features; TopoJSON \(try bytes(topo)) bytes, GeoJSON \(try bytes(geo)) bytes; GDAL reads \(analysis.perimeters.count)")
    }
}
