import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import Storage
import Territory
import UseCases
import XCTest

/// `/api/v1/accessibility`, `/api/v1/pharmacies/quota` and the OGC `accessibility` collection over real HTTP, against
/// the figures computed in the test from the same store.
final class AccessibilityAPITests: XCTestCase {
    func testAccessibilityByCommuneCPTSAndDepartement() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let index = AccessibilityIndex(layer: analysis.layer, supply: GPSupply(activities: try await store.practitionerActivities()))
        let amiens = try XCTUnwrap(index.communes.first { $0.code == "80021" })
        try await SampleService.withServer(store: store) { client, _ in
            let somme = try await client.get("/api/v1/accessibility?departement=80").json().arrayValue ?? []
            XCTAssertEqual(somme.count, 771)
            let row = try XCTUnwrap(somme.first { $0["code"]?.stringValue == "80021" })
            XCTAssertEqual(try XCTUnwrap(row["index_per_100k"]?.doubleValue), try XCTUnwrap(amiens.indexPer100k), accuracy: 0.0005)
            XCTAssertEqual(row["supply_gps"]?.doubleValue, amiens.supplyGPs)
            XCTAssertEqual(row["population"]?.doubleValue, Double(try XCTUnwrap(amiens.population)))

            let departements = try await client.get("/api/v1/accessibility?by=departement").json().arrayValue ?? []
            XCTAssertEqual(departements.compactMap { $0["departement"]?.stringValue }, ["02", "59", "60", "62", "80"])
            let cpts = try await client.get("/api/v1/accessibility?by=cpts").json().arrayValue ?? []
            XCTAssertEqual(cpts.count, 63)

            // Another radius: every commune reaches fewer GPs, so the Somme's mean changes.
            let narrow = try await client.get("/api/v1/accessibility?by=departement&departement=80&radius_km=10&weights=5:1,10:0.5").json()
            let wide = departements.first { $0["departement"]?.stringValue == "80" }
            XCTAssertNotEqual(narrow.arrayValue?.first?["index_per_100k"]?.doubleValue, wide?["index_per_100k"]?.doubleValue)

            for bad in ["/api/v1/accessibility?by=region", "/api/v1/accessibility?radius_km=-1", "/api/v1/accessibility?weights=10"] {
                let answer = try await client.get(bad)
                XCTAssertEqual(answer.status, .badRequest, bad)
                XCTAssertNotNil(try answer.json()["detail"]?.stringValue, bad)
            }

            let layer = try await client.get("/ogc/collections/accessibility/items?limit=10000").json()
            XCTAssertEqual(layer["numberMatched"]?.doubleValue, 3782)
            let feature = try XCTUnwrap(layer["features"]?.arrayValue?.first { $0["id"]?.stringValue == "80021" })
            XCTAssertEqual(feature["geometry"]?["type"]?.stringValue, "MultiPolygon")   // a polygon layer holds MultiPolygons only
            XCTAssertEqual(try XCTUnwrap(feature["properties"]?["index_per_100k"]?.doubleValue), try XCTUnwrap(amiens.indexPer100k), accuracy: 0.0005)
        }
    }

    func testPharmacyQuotaOfADepartement() async throws {
        let store = try await SampleService.freshStore()
        let somme = Set(try await store.territoryAnalysis().layer.communes.filter { $0.departement == "80" }.map(\.code))
        let officines = try await store.pharmacies().filter { somme.contains($0.communeCode) }.count
        try await SampleService.withServer(store: store) { client, _ in
            let answer = try await client.get("/api/v1/pharmacies/quota?departement=80").json()
            XCTAssertEqual(answer["summary"]?["communes"]?.doubleValue, 771)
            XCTAssertEqual(answer["summary"]?["officines"]?.doubleValue, Double(officines))
            let rows = answer["communes"]?.arrayValue ?? []
            XCTAssertEqual(rows.count, 771)
            for row in rows {
                let population = Int(try XCTUnwrap(row["population"]?.doubleValue))
                let allowed = population < 2_500 ? 0 : 1 + (population - 2_500) / 4_500
                XCTAssertEqual(row["licences_allowed"]?.doubleValue, Double(allowed), row["code"]?.stringValue ?? "")
                XCTAssertEqual(row["difference"]?.doubleValue, Double(allowed) - (row["officines"]?.doubleValue ?? -99))
            }
            let unknown = try await client.get("/api/v1/pharmacies/quota?departement=99")
            XCTAssertEqual(unknown.status, .notFound)
        }
    }
}
