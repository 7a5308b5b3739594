import Cartography
import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import Storage
import Territory
import UseCases
import XCTest

/// What an ARS reads: CPTS, communes and régions by name beside their codes, white zones under ids that stay, the
/// choropleth classes of the printed maps, and every table as CSV.
final class NamesAndTablesTests: XCTestCase {
    func testNamesBesideCodesAndStableWhiteZoneIDs() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let communeNames = Dictionary(uniqueKeysWithValues: analysis.layer.communes.map { ($0.code, $0.name) })
        let cptsNames = Dictionary(uniqueKeysWithValues: analysis.perimeters.map { ($0.id, $0.name) })
        try await SampleService.withServer(store: store) { client, _ in
            let overlaps = try await client.get("/api/v1/overlaps").json().arrayValue ?? []
            XCTAssertEqual(overlaps.count, analysis.overlaps().count)
            XCTAssertGreaterThan(overlaps.count, 0)
            for o in overlaps {
                XCTAssertEqual(o["name_a"]?.stringValue, cptsNames[o["cpts_a"]?.stringValue ?? ""])
                XCTAssertEqual(o["name_b"]?.stringValue, cptsNames[o["cpts_b"]?.stringValue ?? ""])
                let codes = (o["commune_codes"]?.arrayValue ?? []).compactMap(\.stringValue)
                XCTAssertEqual((o["commune_names"]?.arrayValue ?? []).compactMap(\.stringValue), codes.map { communeNames[$0] ?? "?" })
            }

            // The same zone has the same id in the national list and under a département filter that keeps it whole.
            let national = try await client.get("/api/v1/white-zones").json().arrayValue ?? []
            let somme = try await client.get("/api/v1/white-zones?departement=80").json().arrayValue ?? []
            let byRegionName = try await client.get("/api/v1/white-zones?region=Hauts-de-France").json().arrayValue ?? []
            let byRegionCode = try await client.get("/api/v1/white-zones?region=32").json().arrayValue ?? []
            XCTAssertEqual(byRegionName, byRegionCode, "a région by name or by code")
            XCTAssertGreaterThan(somme.count, 0)
            var kept = 0
            for zone in somme {
                let codes = (zone["commune_codes"]?.arrayValue ?? []).compactMap(\.stringValue)
                guard let same = national.first(where: { ($0["commune_codes"]?.arrayValue ?? []).compactMap(\.stringValue) == codes }) else { continue }
                XCTAssertEqual(zone["id"], same["id"], "a zone whole under the filter keeps its id")
                XCTAssertEqual(zone["id"]?.stringValue, "WZ-\(codes.min()!.prefix(2))-\(codes.min()!)")
                XCTAssertEqual((zone["commune_names"]?.arrayValue ?? []).compactMap(\.stringValue), codes.map { communeNames[$0] ?? "?" })
                kept += 1
            }
            XCTAssertGreaterThan(kept, 0, "some zones of the Somme lie wholly inside it")
            XCTAssertEqual(Set(national.compactMap { $0["id"]?.stringValue }).count, national.count, "ids are unique")

            let regions = try await client.get("/api/v1/coverage?by=region").json().arrayValue ?? []
            XCTAssertEqual(regions.first?["name"]?.stringValue, "Hauts-de-France")
            let byCPTS = try await client.get("/api/v1/coverage?by=cpts").json().arrayValue ?? []
            XCTAssertTrue(byCPTS.allSatisfy { $0["name"]?.stringValue == cptsNames[$0["id"]?.stringValue ?? ""] })

            // The map's search: a CPTS by id or by name, a région by name.
            let byName = try await client.get("/api/v1/map/search?q=cpts%20amiens").json()
            XCTAssertEqual(byName["cpts"]?.arrayValue?.first?["id"]?.stringValue, "CPTS-80-002")
            XCTAssertEqual(byName["cpts"]?.arrayValue?.first?["bbox"]?.arrayValue?.count, 4)
            let byID = try await client.get("/api/v1/map/search?q=CPTS-80-002").json()
            XCTAssertEqual(byID["cpts"]?.arrayValue?.first?["name"]?.stringValue, "CPTS Amiens")
            let region = try await client.get("/api/v1/map/search?q=hauts%20de%20france").json()
            XCTAssertEqual(region["regions"]?.arrayValue?.first?["code"]?.stringValue, "32")
        }
    }

    /// The page colours départements and CPTS with the classes of the printed maps: each feature names its class, and
    /// the class is `CoverageClass.of` its figures (a département without population: "sans donnée").
    func testChoroplethClassesAreThePrintedMapsClasses() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let figures = Dictionary(uniqueKeysWithValues: analysis.coverage(.departement).map { ($0.code, $0) })
        try await SampleService.withServer(store: store) { client, _ in
            let classes = try await client.get("/api/v1/map/classes").json()["coverage"]?.arrayValue ?? []
            XCTAssertEqual(classes.compactMap { $0["label"]?.stringValue }, CoverageClass.allCases.map(\.label))
            XCTAssertEqual(classes.compactMap { $0["colour"]?.stringValue }, CoverageClass.allCases.map(\.colour.hexString))
            let status = try await client.get("/api/v1/map/status").json()
            let tolerance = Int(status["levels"]?.arrayValue?.first?["tolerance_m"]?.doubleValue ?? 0)
            let departements = try await client.get("/api/v1/map/departements?tolerance=\(tolerance)").json()["features"]?.arrayValue ?? []
            XCTAssertEqual(departements.count, figures.count)
            for feature in departements {
                let p = feature["properties"], code = p?["code"]?.stringValue ?? ""
                let expected = CoverageClass.of(populationTotal: figures[code]!.populationTotal, rate: figures[code]!.coverageRate)
                XCTAssertEqual(p?["coverage_class"]?.doubleValue, Double(expected.rawValue), code)
            }
        }
    }

    /// Every table of the API as CSV: the same rows as the JSON, `;`-separated; `csv-excel` for a French Excel.
    func testTablesAsCSV() async throws {
        try await SampleService.withServer { client, _ in
            for path in ["/api/v1/overlaps", "/api/v1/white-zones?departement=80", "/api/v1/coverage?by=departement", "/api/v1/cpts",
                         "/api/v1/accessibility?by=departement", "/api/v1/pharmacies/quota?departement=80"] {
                let json = try await client.get(path).json()
                let rows = json.arrayValue ?? json["communes"]?.arrayValue ?? []
                let separator = path.contains("?") ? "&" : "?"
                let csv = try await client.get(path + separator + "format=csv")
                XCTAssertEqual(csv.status, .ok, path)
                XCTAssertEqual(csv.headers[.contentType], "text/csv; charset=utf-8", path)
                let lines = csv.text.split(separator: "\n", omittingEmptySubsequences: false)
                XCTAssertEqual(lines.count, rows.count + 2, "\(path): header, one line per row, final LF")
                if case .ordered(let first)? = rows.first {
                    XCTAssertEqual(String(lines[0]), first.members.map(\.0).joined(separator: ";"), path)
                }
                for spelling in ["excel=1", "excel=true", "excel="] {
                    let excel = try await client.get(path + separator + spelling)
                    XCTAssertEqual(Array(excel.body.readableBytesView.prefix(3)), [0xEF, 0xBB, 0xBF], path + " " + spelling)
                    XCTAssertTrue(excel.text.contains("\r\n"), path + " " + spelling)
                }
            }
            let bad = try await client.get("/api/v1/overlaps?format=ods")
            XCTAssertEqual(bad.status, .badRequest)
        }
    }
}
