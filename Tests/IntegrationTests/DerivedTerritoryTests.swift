import Cartography
import Foundation
import GeometryKit
import GRDB
import PostgresNIO
import OpenData
import Storage
@testable import StoragePostGIS
@testable import StorageSQLite
import Territory
import UseCases
import XCTest

/// What the store derives once per import — the commune R*Tree, the CPTS dissolves, the white zones — checked
/// against the same analysis computed from the whole layer, on the Hauts-de-France sample.
final class DerivedTerritoryTests: XCTestCase {
    struct Fixture {
        let store: any MaillageStore
        let location: String
        let analysis: TerritoryAnalysis
    }

    /// `sqlite`: on a SQLite file whatever the pass (a test of SQLite's own migrations).
    func makeStore(sqlite: Bool = false) async throws -> Fixture {
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let perimeters = try CPTSPerimeterFile(path: DataFolder.path("sample-hauts-de-france/cpts-perimetres.csv.gz"),
                                               isCurrentCommune: layer.contains(code:), formerCodes: [:]).perimeters
        let (store, location) = try await scratchStore("derived", sqlite: sqlite)
        try await store.replaceCommunes(layer, formerCodes: [:], importSummary: "{}")
        try await store.replaceCPTS(perimeters, importSummary: "{}")
        return Fixture(store: store, location: location, analysis: TerritoryAnalysis(layer: layer, perimeters: perimeters))
    }

    func testStoredDissolvesGiveTheReportsOfTheWholeLayer() async throws {
        let fixture = try await makeStore()
        let generation = try await fixture.store.territoryGeneration()
        let beforeUse = try await fixture.store.dissolvedPerimeters(generation: generation, withGeometry: false)
        XCTAssertNil(beforeUse, "nothing stored before the first use")

        let expected = try fixture.analysis.reports()
        let computed = try await fixture.store.dissolvedPerimeters(withGeometry: true)   // a miss: computed from the layer, and stored
        let storedWithGeometry = try await fixture.store.dissolvedPerimeters(generation: generation, withGeometry: true)
        let stored = try XCTUnwrap(storedWithGeometry)
        let storedWithoutGeometry = try await fixture.store.dissolvedPerimeters(generation: generation, withGeometry: false)
        let withoutGeometry = try XCTUnwrap(storedWithoutGeometry)
        XCTAssertEqual(stored.count, 63)
        for report in expected {
            let known = try XCTUnwrap(stored[report.id])
            XCTAssertEqual(known.areaKm2, report.areaKm2, report.id)
            XCTAssertEqual(known.parts, report.parts, report.id)
            XCTAssertEqual(known.geometry?.wkb, report.geometry?.wkb, "\(report.id): the stored union is the computed one")
            XCTAssertEqual(computed[report.id]?.geometry?.wkb, report.geometry?.wkb)
            XCTAssertNil(withoutGeometry[report.id]?.geometry)
            XCTAssertEqual(withoutGeometry[report.id]?.areaKm2, report.areaKm2)
        }

        // The reports assembled over the layer without polygons are the reports of the whole layer.
        let light = try await fixture.store.territoryAnalysis(communes: .attributes)
        XCTAssertTrue(light.layer.communes.allSatisfy { $0.geometry == nil })
        let assembled = try light.reports(dissolved: withoutGeometry)
        XCTAssertEqual(assembled.map(\.id), expected.map(\.id))
        for (a, e) in zip(assembled, expected) {
            XCTAssertEqual(try JSONValueEncoder.members(a).map { "\($0.0)=\($0.1)" }, try JSONValueEncoder.members(e).map { "\($0.0)=\($0.1)" })
        }
        XCTAssertThrowsError(try light.reports(dissolved: [:])) { error in
            XCTAssertEqual(error as? AnalysisError, .notDissolved(expected[0].id))
        }
    }

    func testAnImportDiscardsWhatWasDerivedAndAStaleSaveIsIgnored() async throws {
        let fixture = try await makeStore()
        let before = try await fixture.store.territoryGeneration()
        _ = try await fixture.store.dissolvedPerimeters(withGeometry: false)
        _ = try await fixture.store.whiteZones(coveringStatuses: [.aciSigne], cut: .region, withGeometry: false)

        // One CPTS fewer: the dissolves and zones of the old perimeters go with the import.
        let fewer = Array(fixture.analysis.perimeters.dropFirst())
        try await fixture.store.replaceCPTS(fewer, importSummary: "{}")
        let after = try await fixture.store.territoryGeneration()
        XCTAssertEqual(after, before + 1)
        let dissolvedBefore = try await fixture.store.dissolvedPerimeters(generation: before, withGeometry: false)
        XCTAssertNil(dissolvedBefore)
        let dissolvedAfter = try await fixture.store.dissolvedPerimeters(generation: after, withGeometry: false)
        XCTAssertNil(dissolvedAfter)
        let zonesAfter = try await fixture.store.whiteZones(coveringStatuses: [.aciSigne], cut: .region, generation: after, withGeometry: false)
        XCTAssertNil(zonesAfter)

        // A computation that started before the import must not land after it.
        try await fixture.store.saveDissolvedPerimeters(try fixture.analysis.dissolvedPerimeters(), generation: before)
        let staleSaved = try await fixture.store.dissolvedPerimeters(generation: after, withGeometry: false)
        XCTAssertNil(staleSaved)
        let recomputed = try await fixture.store.dissolvedPerimeters(withGeometry: false)
        XCTAssertEqual(recomputed.count, 62)

        try await fixture.store.replaceCommunes(fixture.analysis.layer, formerCodes: [:], importSummary: "{}")
        let afterCommunes = try await fixture.store.territoryGeneration()
        XCTAssertEqual(afterCommunes, after + 1, "a commune import changes every dissolve too")
    }

    func testStoredWhiteZonesAreTheComputedOnesForEachStatusSet() async throws {
        let fixture = try await makeStore()
        try await fixture.store.refreshDerivedTerritory()
        let generation = try await fixture.store.territoryGeneration()
        for statuses in [Set(CPTSStatus.allCases), [.aciSigne], [.aciSigne, .projetSanteValide]] {
          for cut in WhiteZoneCut.allCases {
            let expected = try TerritoryAnalysis(layer: fixture.analysis.layer, perimeters: fixture.analysis.perimeters,
                                                 coveringStatuses: statuses).whiteZones(cut: cut)
            let zones = try await fixture.store.whiteZones(coveringStatuses: statuses, cut: cut, withGeometry: true)
            XCTAssertEqual(zones.map(\.communeCodes), expected.map(\.communeCodes), "\(statuses)")
            XCTAssertEqual(zones.map(\.population), expected.map(\.population))
            XCTAssertEqual(zones.map(\.areaKm2), expected.map(\.areaKm2))
            XCTAssertEqual(zones.map(\.departements), expected.map(\.departements))
            XCTAssertEqual(zones.map { $0.geometry?.wkb }, expected.map { $0.geometry?.wkb })
            let storedZones = try await fixture.store.whiteZones(coveringStatuses: statuses, cut: cut, generation: generation, withGeometry: false)
            let stored = try XCTUnwrap(storedZones)
            XCTAssertEqual(stored.map(\.communeCodes), expected.map(\.communeCodes))
            XCTAssertTrue(stored.allSatisfy { $0.geometry == nil })
          }
        }
        // The refresh stored the default statuses and signed ACI; other sets are stored on first use.
        let all = "pre-projet,lettre-intention-validee,projet-sante-valide,aci-signe"
        let kinds: Set<String>
        if let sqlite = fixture.store as? SQLiteStore {
            kinds = try await sqlite.database.read { db in Set(try String.fetchAll(db, sql: "SELECT kind FROM derived_state")) }
        } else {
            kinds = Set(try await (fixture.store as! PostGISStore).rows("SELECT kind FROM derived_state").map { try $0.value("kind", String.self) })
        }
        XCTAssertEqual(kinds, ["cpts_dissolved", "cpts_overlap", "white_zone:" + all, "white_zone:aci-signe", "white_zone:projet-sante-valide,aci-signe",
                               "white_zone:\(all)|region", "white_zone:aci-signe|region", "white_zone:projet-sante-valide,aci-signe|region",
                               "coverage:" + all, "coverage:aci-signe"])
    }

    func testStoredCoverageFiguresAndOverlapsAreTheComputedOnes() async throws {
        let fixture = try await makeStore()
        let generation = try await fixture.store.territoryGeneration()
        let overlapsBeforeUse = try await fixture.store.overlaps(generation: generation)
        XCTAssertNil(overlapsBeforeUse)
        let figuresBeforeUse = try await fixture.store.coverageFigures(coveringStatuses: [.aciSigne], level: .nation, generation: generation)
        XCTAssertNil(figuresBeforeUse)
        XCTAssertFalse(fixture.analysis.overlaps().isEmpty, "the sample has overlapping CPTS")
        for _ in 0..<2 {   // a miss (summed and stored), then a hit
            let overlaps = try await fixture.store.overlaps()
            XCTAssertEqual(overlaps, fixture.analysis.overlaps())
            for statuses in [Set(CPTSStatus.allCases), [.aciSigne], [.preProjet, .projetSanteValide]] {
                let expected = TerritoryAnalysis(layer: fixture.analysis.layer, perimeters: fixture.analysis.perimeters, coveringStatuses: statuses)
                for level in SQLiteStore.storedCoverageLevels {
                    let coverage = try await fixture.store.coverage(level, coveringStatuses: statuses)
                    XCTAssertEqual(coverage, expected.coverage(level), "\(statuses) \(level)")
                }
            }
        }
        let departements = try await fixture.store.coverageFigures(coveringStatuses: [.aciSigne], level: .departement, generation: generation)
        XCTAssertEqual(departements?.map(\.code), ["02", "59", "60", "62", "80"])

        // The next CPTS import discards them; a save computed before it is dropped; the figures follow the new perimeters.
        let fewer = Array(fixture.analysis.perimeters.filter { p in !fixture.analysis.overlaps().contains { $0.cptsA == p.id } })
        try await fixture.store.replaceCPTS(fewer, importSummary: "{}")
        let discarded = try await fixture.store.overlaps(generation: generation + 1)
        XCTAssertNil(discarded)
        try await fixture.store.saveOverlaps(fixture.analysis.overlaps(), generation: generation)
        let staleSaved = try await fixture.store.overlaps(generation: generation + 1)
        XCTAssertNil(staleSaved, "a stale save is ignored")
        let after = TerritoryAnalysis(layer: fixture.analysis.layer, perimeters: fewer)
        let overlapsAfter = try await fixture.store.overlaps()
        XCTAssertEqual(overlapsAfter, after.overlaps())
        XCTAssertTrue(after.overlaps().isEmpty)
        let nationAfter = try await fixture.store.coverage(.nation, coveringStatuses: Set(CPTSStatus.allCases))
        XCTAssertEqual(nationAfter, after.coverage(.nation))
    }

    func testTheRTreeFindsTheCommuneOfAPointWithAFewPolygons() async throws {
        let fixture = try await makeStore()
        let layer = fixture.analysis.layer
        var random = SystemRandomNumberGenerator()
        let placed = layer.communes.filter { $0.geometry != nil }
        // Representative points (inside), points on borders (vertices), and points in between.
        var points = placed.prefix(150).compactMap(\.representativePoint)
        points += placed.suffix(50).compactMap { $0.geometry?.shape.polygons.first?.first?.first }
        points += (0..<100).map { _ in Coordinate(longitude: Double.random(in: 1.4...4.3, using: &random), latitude: Double.random(in: 48.8...51.1, using: &random)) }
        for point in points {
            let around = try await fixture.store.orientationCommunes(around: point, commune: nil)   // no roster: the candidates only
            // The R*Tree keeps its bounds as 32-bit floats rounded outwards: the exact candidates, perhaps a neighbour more.
            let exact = Set(layer.candidates(intersecting: Envelope(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)).map { layer.communes[$0].code })
            XCTAssertTrue(exact.isSubset(of: around.communes.map(\.code)), "the communes whose envelope holds the point")
            XCTAssertTrue(around.communes.allSatisfy { $0.geometry != nil })
            XCTAssertLessThanOrEqual(around.communes.count, 12)
            XCTAssertEqual(around.communeContaining(point)?.code, layer.communeContaining(point)?.code, "\(point)")
        }
    }

    func testAStoreOfTheEarlierSchemaGetsItsRTreeFilled() async throws {
        let fixture = try await makeStore(sqlite: true)
        try await (fixture.store as! SQLiteStore).database.write { db in
            try db.execute(sql: """
                DROP TABLE commune_envelope; DROP TABLE store_generation; DROP TABLE derived_state; DROP TABLE cpts_dissolved;
                DROP TABLE white_zone; DROP INDEX commune_attributes; DELETE FROM grdb_migrations WHERE identifier = 'v4-derived';
                """)
        }
        let reopened = try SQLiteStore(path: fixture.location)
        let indexed = try await reopened.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commune_envelope") }
        XCTAssertEqual(indexed, fixture.analysis.layer.communes.filter { $0.geometry != nil }.count)
        let lille = try XCTUnwrap(fixture.analysis.layer.commune("59350")?.representativePoint)
        let around = try await reopened.orientationCommunes(around: lille, commune: nil)
        XCTAssertEqual(around.communeContaining(lille)?.code, "59350")
    }

    func testTheOrientationCommunesAreThePatientsAndTheVolunteersCPTSComeFromThePerimeters() async throws {
        let fixture = try await makeStore()
        let layer = fixture.analysis.layer
        let practices = ["59350", "80021", "62041"].compactMap(layer.commune)
        try await fixture.store.replaceVolunteers(practices.enumerated().map { i, commune in
            Volunteer(rpps: String(format: "1%010d", i), acceptsNewPatients: true, placesRemaining: 3, homeVisits: false,
                      position: commune.representativePoint!, precision: .address, updatedOn: "2026-11-01", communeCode: commune.code)
        }, importSummary: "{}")
        let beauvais = try XCTUnwrap(layer.commune("60057")?.representativePoint)
        let touched = try await fixture.store.orientationCommunes(around: beauvais, commune: "02691")
        let candidates = layer.candidates(intersecting: Envelope(minX: beauvais.x, minY: beauvais.y, maxX: beauvais.x, maxY: beauvais.y))
        let withPolygon = Set(touched.communes.filter { $0.geometry != nil }.map(\.code))
        XCTAssertTrue(Set(candidates.map { layer.communes[$0].code }).isSubset(of: withPolygon), "polygons for the position's candidates")
        XCTAssertLessThanOrEqual(withPolygon.count, candidates.count + 2, "and hardly any other")
        XCTAssertEqual(Set(touched.communes.map(\.code)), Set(["02691"]).union(withPolygon), "not the roster's communes")
        XCTAssertEqual(touched.communeContaining(beauvais)?.code, "60057")
        let light = TerritoryAnalysis(layer: touched, perimeters: fixture.analysis.perimeters)
        // The CPTS of a volunteer's commune, outside the loaded layer, are known from the perimeters' codes.
        XCTAssertFalse(fixture.analysis.coveringCPTS(ofCommune: "80021").isEmpty)
        for code in ["80021", "59350", "62041"] {
            XCTAssertNil(touched.commune(code))
            XCTAssertEqual(light.coveringCPTS(ofCommune: code), fixture.analysis.coveringCPTS(ofCommune: code))
            XCTAssertEqual(light.cpts(claiming: code), fixture.analysis.cpts(claiming: code))
        }
    }

    /// The commune edge graph generalised at each map tolerance, kept from one commune import to the next: a CPTS import
    /// keeps it, a commune import drops it, a save for an earlier commune import is dropped; a map drawn from it without
    /// polygons is the map drawn from the polygons, byte for byte.
    func testGeneralisedLevelsLastAsLongAsTheCommunes() async throws {
        let fixture = try await makeStore()
        let store = fixture.store, layer = fixture.analysis.layer
        let generation = try await store.communeGeneration()
        for tolerance in TerritoryShapes.mapTolerances {
            let before = try await store.generalisedLevel(toleranceMetres: tolerance, communeGeneration: generation)
            XCTAssertNil(before, "nothing stored before the import's levels are built")
        }
        try await store.saveGeneralisedLevels(of: layer)
        for tolerance in TerritoryShapes.mapTolerances {
            let stored = try await store.generalisedLevel(toleranceMetres: tolerance, communeGeneration: generation)
            XCTAssertEqual(stored, try layer.generalisedCoverage(toleranceMetres: Double(tolerance)).encoded(), "\(tolerance) m")
        }

        try await store.replaceCPTS(fixture.analysis.perimeters, importSummary: "{}")
        let afterCPTS = try await store.communeGeneration()
        XCTAssertEqual(afterCPTS, generation, "a CPTS import keeps the communes' levels")
        let drawing = try DrawReportMap(subject: .coverage(.cpts), width: 1200, format: .svg)
        XCTAssertEqual(drawing.levels, [500], "a pixel of the national map at 1 200 px spans the 500 m level")
        let light = try await store.territoryAnalysis(communes: .drawing(levels: drawing.levels))
        XCTAssertFalse(light.layer.hasPolygons, "drawn from the stored level, no polygon read")
        XCTAssertEqual(light.layer.neighbours, layer.neighbours, "with the touch graph")
        XCTAssertEqual(try drawing.draw(light, date: "2026-12-01").bytes, try drawing.draw(fixture.analysis, date: "2026-12-01").bytes)
        let wide = try DrawReportMap(subject: .whiteZones, region: "32", width: 4000, format: .svg)
        let lightRegion = try await store.territoryAnalysis(communes: .drawing(levels: wide.levels))
        XCTAssertThrowsError(try wide.draw(lightRegion)) { XCTAssertEqual($0 as? CartographyError, .polygonsNeeded, "finer than 100 m a pixel") }
        let region = try DrawReportMap(subject: .whiteZones, region: "32", width: 1200, format: .svg)
        XCTAssertEqual(try region.draw(lightRegion).map.toleranceMetres, 100)

        try await store.replaceCommunes(layer, formerCodes: [:], importSummary: "{}")
        let next = try await store.communeGeneration()
        XCTAssertEqual(next, generation + 1)
        let dropped = try await store.generalisedLevel(toleranceMetres: 500, communeGeneration: next)
        XCTAssertNil(dropped, "a commune import drops the levels")
        try await store.saveGeneralisedLevel(try layer.generalisedCoverage(toleranceMetres: 500).encoded(), toleranceMetres: 500, communeGeneration: generation)
        let late = try await store.generalisedLevel(toleranceMetres: 500, communeGeneration: next)
        XCTAssertNil(late, "a save for the communes of an earlier import is dropped")

        // A map on a store without its levels reads the polygons, builds every level and stores it.
        let full = try await store.territoryAnalysis(communes: .drawing(levels: [500]))
        XCTAssertTrue(full.layer.hasPolygons)
        for tolerance in TerritoryShapes.mapTolerances {
            let built = try await store.generalisedLevel(toleranceMetres: tolerance, communeGeneration: next)
            XCTAssertNotNil(built, "\(tolerance) m stored on the miss")
        }
    }
}
