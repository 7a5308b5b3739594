import Foundation
import GeometryKit
import OpenData
import Territory
import XCTest

/// `Data/sample-hauts-de-france`: 63 CPTS covering 84 % of the 5 992 194 inhabitants.
final class SampleScenarioCoverageTests: XCTestCase {
    /// The Hauts-de-France communes of the national import, as a regional deployment would hold them.
    static let regionalLayer: Result<CommuneLayer, Error> = Result {
        CommuneLayer(try DataFolder.nationalImport.get().communes.filter { DataFolder.hautsDeFrance.contains($0.departement) })
    }

    func perimeters(layer: CommuneLayer) throws -> CPTSPerimeterFile {
        try CPTSPerimeterFile(path: DataFolder.path("sample-hauts-de-france/cpts-perimetres.csv.gz"), isCurrentCommune: layer.contains(code:),
                              formerCodes: try DataFolder.nationalImport.get().report.formerCodes)
    }

    func analysis() throws -> TerritoryAnalysis {
        let layer = try Self.regionalLayer.get()
        return TerritoryAnalysis(layer: layer, perimeters: try perimeters(layer: layer).perimeters)
    }

    func testPerimeterFileImportsEveryRow() throws {
        let file = try perimeters(layer: try Self.regionalLayer.get())
        let dataRows = try DataFolder.plainRows("sample-hauts-de-france/cpts-perimetres.csv.gz", separator: ";")
        XCTAssertEqual(file.perimeters.count, 63)
        XCTAssertEqual(Set(file.perimeters.map(\.id)), Set(dataRows.map { $0[0] }))
        XCTAssertEqual(file.rowsRead, dataRows.count)
        XCTAssertTrue(file.issues.isEmpty, "\(file.issues)")
        XCTAssertEqual(file.perimeters.reduce(0) { $0 + $1.communeCodes.count }, dataRows.count)
    }

    func testCoverageRateOfTheRegion() throws {
        let nation = try XCTUnwrap(try analysis().coverage(.nation).first)
        XCTAssertEqual(nation.populationTotal, 5_992_194)
        XCTAssertEqual(nation.coverageRate, 0.840, accuracy: 0.0005)
        // Independently: distinct communes of the CSV, population from the INSEE file.
        let population = Dictionary(try DataFolder.plainRows("population/donnees_communes.csv.gz", separator: ";").map { ($0[6], Int($0[8])!) },
                                    uniquingKeysWith: +)
        let listed = Set(try DataFolder.plainRows("sample-hauts-de-france/cpts-perimetres.csv.gz", separator: ";").map { $0[3] })
        XCTAssertEqual(nation.populationCovered, listed.reduce(0) { $0 + population[$1]! })
        XCTAssertEqual(nation.communesCovered, listed.count)

        // The same figure from the national layer, at région level.
        let national = CommuneLayer(try DataFolder.nationalImport.get().communes)
        let nationalAnalysis = TerritoryAnalysis(layer: national, perimeters: try perimeters(layer: national).perimeters)
        XCTAssertEqual(nationalAnalysis.coverage(.region).first { $0.code == "32" }, CoverageFigures(
            code: "32", populationTotal: 5_992_194, populationCovered: nation.populationCovered, communesTotal: 3_782, communesCovered: listed.count))
        XCTAssertEqual(try analysis().coverage(.departement).map(\.code), ["02", "59", "60", "62", "80"])
    }

    func testEveryInjectedOverlapIsReported() throws {
        let summary = try JSONParser.parse(try DataFolder.bytes("sample-hauts-de-france/scenario-summary.json.gz"))
        let injected = try XCTUnwrap(summary["overlaps_injected"]?.arrayValue)
        XCTAssertEqual(injected.count, 10)
        let overlaps = try analysis().overlaps()
        for entry in injected {
            let values = try XCTUnwrap(entry.arrayValue).compactMap(\.stringValue)
            let pair = [values[0], values[1]].sorted()
            let overlap = overlaps.first { $0.cptsA == pair[0] && $0.cptsB == pair[1] }
            XCTAssertTrue(overlap?.communeCodes.contains(values[2]) ?? false, "overlap \(values) not reported")
        }
        let layer = try Self.regionalLayer.get()
        for overlap in overlaps {
            XCTAssertEqual(overlap.population, overlap.communeCodes.reduce(0) { $0 + layer.commune($1)!.population! })
        }
    }

    func testWhiteZonesHoldTheUncoveredPopulationExactly() throws {
        let analysis = try analysis()
        let nation = analysis.coverage(.nation)[0]
        let zones = try analysis.whiteZones()
        XCTAssertEqual(zones.reduce(0) { $0 + $1.population }, nation.populationTotal - nation.populationCovered)
        XCTAssertEqual(zones.reduce(0) { $0 + $1.communeCodes.count }, nation.communesTotal - nation.communesCovered)
        XCTAssertTrue(zones.allSatisfy { $0.geometry?.isValid ?? false })
        let inNord = try analysis.whiteZones { $0.departement == "59" }
        XCTAssertTrue(inNord.allSatisfy { $0.departements == ["59"] })
    }

    func testDissolvesFromTheEdgeGraphEqualGEOSUnions() throws {
        // Every CPTS perimeter and white zone of the sample, against GEOS's general union (ST_Union) of its communes.
        let analysis = try analysis()
        let layer = analysis.layer
        let uncovered = layer.communes.indices.filter { !analysis.isCovered($0) }
        let groups = analysis.perimeters.map { $0.communeCodes.compactMap(layer.index(of:)) } + CommuneAdjacency.components(of: uncovered, in: layer)
        XCTAssertGreaterThan(groups.count, 63)
        for group in groups {
            let dissolved = try XCTUnwrap(try layer.coverage.union(of: group))
            let expected = try Geometry.union(of: group.compactMap { layer.communes[$0].geometry })
            XCTAssertTrue([.single, .edgeRings, .edgePolygonizer].contains(dissolved.method),
                          "dissolved from the edge graph, not by a GEOS fallback (\(dissolved.method)): \(group.map { layer.communes[$0].code })")
            XCTAssertTrue(dissolved.geometry.isValid)
            XCTAssertTrue(dissolved.geometry.topologicallyEquals(expected), "\(group.map { layer.communes[$0].code })")
        }
        // Each border once: far fewer edges than the communes have segments.
        XCTAssertGreaterThan(layer.coverage.edgeCount, 3_782)
    }

    func testExportsAreValidRFC7946() throws {
        let analysis = try analysis()
        let directory = NSTemporaryDirectory() + "maillage-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reports = try analysis.reports()
        let files: [(String, String, Int)] = [
            ("cpts", try TerritoryGeoJSON.cpts(reports), 63),
            ("white-zones", try TerritoryGeoJSON.whiteZones(analysis.whiteZones()), try analysis.whiteZones().count),
            ("overlaps", try TerritoryGeoJSON.overlaps(analysis.overlaps(), in: analysis), analysis.overlaps().count),
            ("communes", try TerritoryGeoJSON.collection(TerritoryFeature.communes(analysis, shapes: TerritoryShapes(layer: analysis.layer, toleranceMetres: 20))), 3_782),
        ]
        var paths: [(path: String, features: Int)] = []
        for (name, text, count) in files {
            let path = "\(directory)/\(name).geojson"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append((path, count))
            try GeoJSONChecks.assertRFC7946(text, features: count, file: name)
        }
        let cpts = try GeoJSON.features(in: JSONParser.parse(Array(files[0].1.utf8)))
        let first = try XCTUnwrap(cpts.first)
        for key in ["id", "name", "status", "population", "size_category", "communes", "area_km2", "departements", "overlaps_with"] {
            XCTAssertNotNil(first.properties[key], "CPTS property \(key)")
        }
        try ExternalValidators.run(paths: paths)
    }
}
