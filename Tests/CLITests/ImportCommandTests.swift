import Territory
import UseCases
import XCTest

/// The six imports of the README, run once by `SampleStore` in the order of Tools/demo.sh: each prints its JSON
/// summary on stdout, checked here against the counts of the published files.
final class ImportCommandTests: XCTestCase {
    struct CommunesSummary: Decodable {
        var communesImported: Int, communesWithGeometry: Int, communesWithoutPolygon: [String], geometryCodesUnattached: [String]
        var populationCodesUnattached: [String], communesWithoutPopulation: Int, populationTotal: Int, rowsRejected: Int
    }

    /// 3 782 communes of Hauts-de-France and Guadeloupe's 32, every one with its polygon and its INSEE population.
    func testImportCommunes() async throws {
        let summary = try SampleStore.shared.get().communes.decode(CommunesSummary.self)
        XCTAssertEqual(try SampleData.cogCommuneCount(departements: SampleData.hautsDeFrance), 3782)
        XCTAssertEqual(try SampleData.cogCommuneCount(departements: [SampleData.guadeloupe]), 32)
        XCTAssertEqual(summary.communesImported, 3782 + 32)
        XCTAssertEqual(summary.communesWithGeometry, 3782 + 32)
        XCTAssertEqual(summary.communesWithoutPolygon, [])
        XCTAssertEqual(summary.geometryCodesUnattached, [])
        XCTAssertEqual(summary.populationCodesUnattached, [])
        XCTAssertEqual(summary.communesWithoutPopulation, 0)
        XCTAssertEqual(summary.populationTotal, try SampleData.population(departements: SampleData.hautsDeFrance + [SampleData.guadeloupe]))
        XCTAssertEqual(summary.rowsRejected, 0)
        // The layer generalised at each map tolerance, stored by the import (the CPTS import after it keeps them).
        let store = try await StoreLocation.open(try SampleStore.shared.get().path)
        let generation = try await store.communeGeneration()
        for tolerance in TerritoryShapes.mapTolerances {
            let level = try await store.generalisedLevel(toleranceMetres: tolerance, communeGeneration: generation)
            XCTAssertGreaterThan(level?.count ?? 0, 1_000, "\(tolerance) m")
        }
    }

    struct CPTSSummary: Decodable { var cpts: Int, rowsRead: Int, rowsImported: Int, rowsRejected: Int, codesTranslated: Int, unknownCodes: [String] }

    func testImportCPTS() throws {
        let result = try SampleStore.shared.get().cpts
        let summary = try result.decode(CPTSSummary.self)
        XCTAssertEqual(summary.cpts, 63)
        XCTAssertEqual(summary.rowsRead, try SampleData.perimeterRows.get().count)
        XCTAssertEqual(summary.rowsImported, summary.rowsRead)
        XCTAssertEqual(summary.rowsRejected, 0)
        XCTAssertEqual(summary.unknownCodes, [])
        XCTAssertTrue(result.stderr.contains("63 CPTS importées"), result.transcript)
    }

    struct RowSummary: Decodable { var rowsRead: Int, imported: Int, rejected: Int }

    func testImportRPPS() throws {
        let summary = try SampleStore.shared.get().rpps.decode(RowSummary.self)
        XCTAssertEqual(summary.rowsRead, 27_527)
        XCTAssertEqual(summary.imported, 27_527)
        XCTAssertEqual(summary.rejected, 0)
    }

    struct FINESSSummary: Decodable { var rowsRead: Int, officines: Int, imported: Int, rejected: Int }

    func testImportFINESS() throws {
        let summary = try SampleStore.shared.get().finess.decode(FINESSSummary.self)
        XCTAssertEqual(summary.officines, 1718)
        XCTAssertEqual(summary.imported, 1718)
        XCTAssertEqual(summary.rejected, 0)
    }

    func testImportVolunteers() throws {
        let summary = try SampleStore.shared.get().volunteers.decode(RowSummary.self)
        XCTAssertEqual(summary.rowsRead, try SampleData.rosterRows.get().count)
        XCTAssertEqual(summary.imported, 1185)
        XCTAssertEqual(summary.rejected, 0)
    }

    struct PatientsSummary: Decodable { var rowsRead: Int, imported: Int, rejected: Int, inserted: Int, updated: Int }

    func testImportPatients() throws {
        let summary = try SampleStore.shared.get().patients.decode(PatientsSummary.self)
        XCTAssertEqual(summary.imported, 2000)
        XCTAssertEqual(summary.inserted, 2000)
        XCTAssertEqual(summary.updated, 0)
        XCTAssertEqual(summary.rejected, 0)
    }

    /// `communes stats` reads back what the import stored.
    func testCommunesStats() throws {
        struct Stats: Decodable { var communes: Int, populationTotal: Int, communesWithoutGeometry: Int }
        let stats = try SampleStore.run(["communes", "stats"]).decode(Stats.self)
        XCTAssertEqual(stats.communes, 3814)
        XCTAssertEqual(stats.populationTotal, try SampleData.population(departements: SampleData.hautsDeFrance + [SampleData.guadeloupe]))
        XCTAssertEqual(stats.communesWithoutGeometry, 0)
    }

    /// `communes show 80021`: Amiens with its INSEE population and a representative point inside the city.
    func testCommunesShow() throws {
        struct Point: Decodable { var lat: Double, lon: Double }
        struct Commune: Decodable {
            var code: String, name: String, departement: String, region: String, population: Int, areaKm2: Double, representativePoint: Point
        }
        let amiens = try SampleStore.run(["communes", "show", "80021"]).decode(Commune.self)
        XCTAssertEqual(amiens.code, "80021")
        XCTAssertEqual(amiens.name, "Amiens")
        XCTAssertEqual(amiens.departement, "80")
        XCTAssertEqual(amiens.region, "32")
        XCTAssertEqual(amiens.population, try SampleData.population(of: ["80021"]))
        XCTAssertEqual(amiens.areaKm2, 50, accuracy: 1.5, "Amiens covers about 50 km²")
        XCTAssertEqual(amiens.representativePoint.lat, 49.89, accuracy: 0.05)
        XCTAssertEqual(amiens.representativePoint.lon, 2.29, accuracy: 0.07)
    }
}
