import Foundation
import GeometryKit
import OpenData
import Storage
import Territory
import XCTest

/// The whole of `Data/`: 101 départements of polygons older than COG 2026.
final class NationalCommuneImportTests: XCTestCase {
    func testEveryCOGCommuneIsImported() throws {
        let (communes, report) = try DataFolder.nationalImport.get()
        let cogCodes = Set(try DataFolder.plainRows("cog/communes-2026.csv.gz", separator: ",").filter { $0[0] == "COM" }.map { $0[1] })
        XCTAssertEqual(cogCodes.count, 34_875)
        XCTAssertEqual(Set(communes.map(\.code)), cogCodes)
        XCTAssertEqual(report.communesImported, cogCodes.count)
    }

    func testCommunesWithoutPolygonAreListed() throws {
        let (communes, report) = try DataFolder.nationalImport.get()
        let listed = Set(report.communesWithoutPolygon.map(\.code))
        XCTAssertEqual(listed, Set(communes.filter { $0.geometry == nil }.map(\.code)))
        // Communes restored after a merge: their territory lies inside another commune's old polygon.
        XCTAssertEqual(listed, ["14666", "15031", "15035", "15047", "15171", "85165", "85212"])
        XCTAssertEqual(report.communesWithoutPolygon.first { $0.code == "14666" }?.name, "Sannerville")
        XCTAssertTrue(report.unattachedGeometryCodes.isEmpty, "every former code reaches a current commune")
        XCTAssertEqual(report.reattachedCodes.count, 493)
    }

    func testCommuneNouvelleIsTheUnionOfItsPredecessors() throws {
        let (communes, report) = try DataFolder.nationalImport.get()
        // 25134 merged into 25185 in 2022 (COG movements): its polygon is part of 25185 now.
        XCTAssertEqual(report.reattachedCodes["25134"], "25185")
        let files = try CommuneGeometryFiles(directory: DataFolder.path("communes"))
        let predecessors = files.geometries.filter { report.reattachedCodes[$0.code] == "25185" || $0.code == "25185" }
        XCTAssertGreaterThan(predecessors.count, 1)
        let expectedArea = predecessors.reduce(0) { $0 + Geodesic.areaKm2(of: $1.geometry) }
        let merged = try XCTUnwrap(communes.first { $0.code == "25185" })
        XCTAssertEqual(try XCTUnwrap(merged.areaKm2), expectedArea, accuracy: expectedArea * 1e-6)
        XCTAssertTrue(try XCTUnwrap(merged.geometry).isValid)
    }

    func testNationalPopulationCountsArrondissementsOnce() throws {
        let (communes, report) = try DataFolder.nationalImport.get()
        let rows = try DataFolder.plainRows("population/donnees_communes.csv.gz", separator: ";")
        let expected = rows.reduce(0) { $0 + Int($1[8])! }   // the file has PLM per arrondissement only
        XCTAssertEqual(expected, 68_094_280)
        XCTAssertEqual(report.populationTotal, expected)
        XCTAssertEqual(communes.reduce(0) { $0 + ($1.population ?? 0) }, expected)
        let parisArrondissements = rows.filter { $0[6].hasPrefix("751") }.reduce(0) { $0 + Int($1[8])! }
        XCTAssertEqual(communes.first { $0.code == "75056" }?.population, parisArrondissements)
        XCTAssertEqual(Set(report.communesWithoutPopulation), Set((1...17).map { String(format: "976%02d", $0) }), "Mayotte has no figure")
    }

    func testHautsDeFrance() throws {
        let (communes, _) = try DataFolder.nationalImport.get()
        let hdf = communes.filter { DataFolder.hautsDeFrance.contains($0.departement) }
        XCTAssertEqual(hdf.count, 3_782)
        XCTAssertEqual(hdf.reduce(0) { $0 + ($1.population ?? 0) }, 5_992_194)
        XCTAssertTrue(hdf.allSatisfy { $0.region == "32" && $0.geometry != nil })
    }

    func testEveryRepresentativePointLiesInItsCommune() throws {
        let (communes, _) = try DataFolder.nationalImport.get()
        for commune in communes where commune.geometry != nil {
            let point = try XCTUnwrap(commune.representativePoint)
            XCTAssertTrue(commune.geometry!.covers(Geometry(point: point)), commune.code)
        }
    }

    func testStoreRoundTripIsIdempotentAndAtomic() async throws {
        let (communes, report) = try DataFolder.nationalImport.get()
        let (store, _) = try await scratchStore("national_communes")
        let layer = CommuneLayer(communes)
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: "first")
        let first = try await store.communeStats()
        XCTAssertEqual(first, CommuneStats(communes: 34_875, populationTotal: 68_094_280, communesWithoutGeometry: 7))
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: "again")
        let again = try await store.communeStats()
        XCTAssertEqual(again, first, "re-importing gives the same content")

        // An import that fails half-way (a duplicate code breaks the primary key) changes nothing.
        await assertThrowsError(try await store.replaceCommunes(CommuneLayer(Array(communes.prefix(100)) + [communes[0]]), formerCodes: [:],
                                                                importSummary: "broken"))
        let afterFailure = try await store.communeStats()
        XCTAssertEqual(afterFailure, first)
        let formerCodes = try await store.formerCommuneCodes()
        XCTAssertEqual(formerCodes["25134"], "25185")

        let storedLille = try await store.commune(code: "59350")
        let lille = try XCTUnwrap(storedLille)
        let original = try XCTUnwrap(communes.first { $0.code == "59350" })
        XCTAssertEqual(lille.population, original.population)
        XCTAssertTrue(try XCTUnwrap(lille.geometry).topologicallyEquals(try XCTUnwrap(original.geometry)))
        let stored = try await store.communeLayer()
        XCTAssertEqual(stored.communes.count, communes.count)
        XCTAssertEqual(stored.neighbours, layer.neighbours, "the touch graph comes back as computed")
    }
}
