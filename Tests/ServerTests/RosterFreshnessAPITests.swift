import Foundation
import GeometryKit
import Hummingbird
import HummingbirdTesting
@testable import MaillageServer
import Storage
import Territory
import UseCases
import XCTest

/// The roster's freshness through the service (`serve --as-of 2026-11-20 --stale-after 3 --exclude-after 6` on the
/// sample): who may list whom to call, and the stale marks and counts of nearest, match and the public layer.
final class RosterFreshnessAPITests: XCTestCase {
    static let clock = try! RosterClock(staleMonths: 3, excludeMonths: 6, asOf: "2026-11-20")
    static let staleBefore = "2026-08-20", excludedBefore = "2026-05-20"

    func testStaleRosterIsForTokensAndScopedToTheCoordinator() async throws {
        let store = try await SampleService.freshStore()
        let roster = try await store.volunteers()
        let analysis = try await store.territoryAnalysis()
        let amiens = Set(try XCTUnwrap(analysis.perimeter(id: "CPTS-80-002")).communeCodes)
        let stale = roster.filter { $0.updatedOn < Self.staleBefore }.sorted { ($0.updatedOn, $0.rpps) < ($1.updatedOn, $1.rpps) }
        try await SampleService.withServer(store: store, rosterClock: Self.clock) { client, _ in
            let anonymous = try await client.get("/api/v1/roster/stale")
            XCTAssertEqual(anonymous.status, .unauthorized, "names practitioners: never anonymous")
            let another = try await client.get("/api/v1/roster/stale?cpts=CPTS-59-001", token: SampleService.amiens)
            XCTAssertEqual(another.status, .forbidden)
            let unknown = try await client.get("/api/v1/roster/stale?cpts=CPTS-00-404", token: SampleService.ars)
            XCTAssertEqual(unknown.status, .notFound)

            let mine = try await client.get("/api/v1/roster/stale", token: SampleService.amiens).json().arrayValue ?? []
            XCTAssertEqual(mine.compactMap { $0["rpps"]?.stringValue }, stale.filter { amiens.contains($0.communeCode) }.map(\.rpps))
            XCTAssertFalse(mine.isEmpty)
            XCTAssertTrue(mine.allSatisfy { $0["nom"]?.stringValue != nil }, "named for the coordinator")
            let all = try await client.get("/api/v1/roster/stale", token: SampleService.ars).json().arrayValue ?? []
            XCTAssertEqual(all.compactMap { $0["rpps"]?.stringValue }, stale.map(\.rpps))
            XCTAssertEqual(all.compactMap { $0["etat"]?.stringValue }, stale.map { $0.updatedOn < Self.excludedBefore ? "excluded" : "stale" })
            XCTAssertEqual(all.compactMap { $0["mis_a_jour_le"]?.stringValue }, stale.map(\.updatedOn))
            let csv = try await client.get("/api/v1/roster/stale?format=csv-excel", token: SampleService.amiens)
            XCTAssertEqual(csv.status, .ok)
            let lines = csv.text.split(separator: "\r\n")
            XCTAssertEqual(lines.first, "\u{FEFF}rpps;nom;adresse;code_commune;nom_commune;cpts;accepte_nouveaux_patients;places_restantes;mis_a_jour_le;mois;etat")
            XCTAssertEqual(lines.count, mine.count + 1)
        }
    }

    /// Nearest marks the stale GPs and counts the excluded ones as the service in memory does; a coordinator's matching
    /// counts its excluded volunteers with places and gives them nobody; the public layer marks every entry.
    func testNearestMatchAndLayerCarryTheFreshness() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let amiens = Set(try XCTUnwrap(analysis.perimeter(id: "CPTS-80-002")).communeCodes)
        let roster = try await store.volunteers()
        let byRPPS = Dictionary(uniqueKeysWithValues: roster.map { ($0.rpps, $0) })
        try await SampleService.withServer(store: store, rosterClock: Self.clock) { client, state in
            var leftOut = 0.0
            for commune in ["80021", "80001", "80165", "60057", "02691", "59350"] {
                let answer = try await client.get("/api/v1/nearest?commune=\(commune)&k=8").json()
                let volunteers = answer["volunteers"]?.arrayValue ?? []
                XCTAssertEqual(volunteers.count, 8, commune)
                for v in volunteers {
                    let entry = try XCTUnwrap(byRPPS[v["rpps"]?.stringValue ?? ""])
                    XCTAssertGreaterThanOrEqual(entry.updatedOn, Self.excludedBefore, "no excluded entry proposed")
                    XCTAssertEqual(v["mis_a_jour_le"]?.stringValue, entry.updatedOn)
                    XCTAssertEqual(v["stale"], .bool(entry.updatedOn < Self.staleBefore))
                }
                // The excluded entries with places no farther than the eighth GP, counted here from the roster.
                let from = try XCTUnwrap(analysis.locate(communeCode: commune)).position
                let reach = Geodesic.distance(from, try XCTUnwrap(byRPPS[volunteers.last?["rpps"]?.stringValue ?? ""]).position)
                let expected = roster.filter { $0.isAvailable && $0.updatedOn < Self.excludedBefore && Geodesic.distance(from, $0.position) <= reach }
                XCTAssertEqual(answer["left_out_stale"]?.doubleValue, Double(expected.count), commune)
                leftOut += answer["left_out_stale"]?.doubleValue ?? 0
            }
            XCTAssertGreaterThan(leftOut, 0)

            let match = try await client.post("/api/v1/match?max_km=30", token: SampleService.amiens, body: "").json()
            let excluded = Set(roster.filter { amiens.contains($0.communeCode) && $0.isAvailable && $0.updatedOn < Self.excludedBefore }.map(\.rpps))
            XCTAssertFalse(excluded.isEmpty)
            XCTAssertEqual(match["left_out_stale"]?.doubleValue, Double(excluded.count))
            XCTAssertFalse((match["assignments"]?.arrayValue ?? []).contains { excluded.contains($0["rpps"]?.stringValue ?? "") })

            let features = try await client.get("/ogc/collections/volunteers/items?limit=10000").json()["features"]?.arrayValue ?? []
            XCTAssertEqual(features.count, roster.count)
            for feature in features {
                let p = try XCTUnwrap(feature["properties"]), entry = try XCTUnwrap(byRPPS[p["rpps"]?.stringValue ?? ""])
                XCTAssertEqual(p["stale"], .bool(entry.updatedOn < Self.staleBefore))
                XCTAssertEqual(p["excluded"], .bool(entry.updatedOn < Self.excludedBefore))
            }
            XCTAssertEqual(state.rosterClock.now().today, "2026-11-20")
        }
    }
}
