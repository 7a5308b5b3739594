import UseCases
import Foundation
import GeometryKit
import HummingbirdTesting
@testable import MaillageServer
import Storage
import StoreTestSupport
import Territory
import XCTest

/// Two live instances of the service on one store — two connection pools, two snapshots, two HTTP servers — as a region
/// runs them: on PostGIS in the PostGIS pass (`MAILLAGE_TEST_DB`), on one SQLite file otherwise. Ten coordinators commit
/// matchings through both at once; the instances follow each other's writes within a second.
final class TwoInstancesTests: XCTestCase {
    static let header = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"

    func testTenCoordinatorsCommitThroughTwoInstancesAtOnce() async throws {
        let first = try await SampleService.freshStore()
        let second = try await SampleService.secondConnection(to: first)
        let tenants = try await first.cptsWithMostVolunteers(10).map { (id: $0.id, communes: $0.locatedCommunes) }
        XCTAssertEqual(tenants.count, 10)
        let tokens = try AccessTokens(text: tenants.map { AccessTokens.line(token: "coord-" + $0.id, role: .coordinator(cpts: $0.id)) }
                                          .joined(separator: "\n"), source: "ten coordinators")
        let placesBefore = Dictionary(uniqueKeysWithValues: try await first.volunteers().map { ($0.rpps, $0.placesRemaining) })
        let pendingBefore = try await first.pendingPatientRequests().count

        try await SampleService.withServer(store: first, tokens: tokens) { one, oneState in
            try await SampleService.withServer(store: second, tokens: tokens) { other, otherState in
                // Each coordinator, on the instance of its rank, uploads 12 new patients and commits a matching, 3 times.
                let committed = try await withThrowingTaskGroup(of: [(cpts: String, reference: String, rpps: String)].self) { group in
                    for (index, tenant) in tenants.enumerated() {
                        let client: any TestClientProtocol = index % 2 == 0 ? one : other
                        group.addTask {
                            var placed: [(cpts: String, reference: String, rpps: String)] = []
                            for round in 0..<3 {
                                let rows = (0..<12).map { n in
                                    "TWO-\(round)-\(n);\(tenant.communes[(round * 12 + n) % tenant.communes.count]);;;ALD;non;2026-11-30"
                                }
                                let upload = try await client.post("/api/v1/waiting-list", token: "coord-" + tenant.id,
                                                                   body: ([Self.header] + rows).joined(separator: "\n") + "\n", contentType: "text/csv")
                                XCTAssertEqual(upload.status, .ok, upload.text)
                                let match = try await client.post("/api/v1/match?commit=true&max_km=30", token: "coord-" + tenant.id, body: "")
                                // 409: a GP's places went to another coordinator between this one's read and its commit.
                                XCTAssertTrue(match.status == .ok || match.status == .conflict, "\(match.status) \(match.text)")
                                guard match.status == .ok else { continue }
                                for row in try match.json()["assignments"]?.arrayValue ?? [] {
                                    placed.append((tenant.id, row["reference"]?.stringValue ?? "", row["rpps"]?.stringValue ?? ""))
                                }
                            }
                            return placed
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }

                // No patient placed twice; every GP's places used exactly by the patients placed with it, none below zero.
                let keys = committed.map { "\($0.cpts)|\($0.reference)" }
                XCTAssertEqual(Set(keys).count, keys.count, "a patient placed twice")
                XCTAssertGreaterThan(committed.count, 0)
                let placedWith = Dictionary(grouping: committed, by: \.rpps).mapValues(\.count)
                let after = try await first.volunteers()
                for volunteer in after {
                    let used = (placesBefore[volunteer.rpps] ?? 0) - volunteer.placesRemaining
                    XCTAssertGreaterThanOrEqual(volunteer.placesRemaining, 0, volunteer.rpps)
                    XCTAssertEqual(used, placedWith[volunteer.rpps] ?? 0, "places used by \(volunteer.rpps)")
                }
                let pendingAfter = try await second.pendingPatientRequests()
                XCTAssertEqual(pendingAfter.count, pendingBefore + tenants.count * 36 - committed.count)
                let stillWaiting = Set(pendingAfter.map { "\($0.cpts)|\($0.reference)" })
                XCTAssertTrue(keys.allSatisfy { !stillWaiting.contains($0) }, "a placed patient is still waiting")

                // Both instances answer the same nearest volunteers, once each has followed the other's last writes
                // (within a second).
                let queries = tenants.prefix(4).map { "/api/v1/nearest?commune=\($0.communes[0])&k=5" }
                let started = Date()
                var same = false
                while !same, Date().timeIntervalSince(started) < 1 {
                    same = true
                    for query in queries {
                        let (a, b) = (try await one.get(query), try await other.get(query))
                        XCTAssertEqual(a.status, .ok, a.text)
                        if a.text != b.text { same = false }
                    }
                    if !same { try await Task.sleep(for: .milliseconds(50)) }
                }
                XCTAssertTrue(same, "the two instances still answered differently after 1 s")
                // Each instance applied the other's writes row by row (`DeskChanges`): its desk is the store's, read whole.
                for state in [oneState, otherState] {
                    let service = try await state.currentOrientation()
                    let whole = try await first.orientationService(analysis: state.territory.analysis)
                    XCTAssertEqual(service.roster, whole.roster, "an instance's roster differs from the store's")
                    XCTAssertEqual(service.waiting, whole.waiting, "an instance's waiting lists differ from the store's")
                    XCTAssertEqual(service.finder.volunteers, whole.finder.volunteers)
                }
                for query in queries {
                    let (a, b) = (try await one.get(query), try await other.get(query))
                    XCTAssertEqual(a.text, b.text, query)
                    // Places are the store's: the answer shows each GP's places as they are after the commits.
                    for gp in try a.json()["volunteers"]?.arrayValue ?? [] {
                        guard let rpps = gp["rpps"]?.stringValue, let places = gp["places_restantes"]?.doubleValue else { continue }
                        XCTAssertEqual(Int(places), after.first { $0.rpps == rpps }?.placesRemaining, rpps)
                    }
                }
            }
        }
    }

    /// A roster upload through one instance is answered by the other within a second.
    func testARosterUploadThroughOneInstanceReachesTheOtherWithinASecond() async throws {
        let first = try await SampleService.freshStore()
        let second = try await SampleService.secondConnection(to: first)
        try await SampleService.withServer(store: first) { one, _ in
            try await SampleService.withServer(store: second) { other, _ in
                let amiensGPs = try await first.volunteers().filter { $0.communeCode == "80021" && $0.isAvailable }
                let gp = try XCTUnwrap(amiensGPs.first)
                let before = try await other.get("/api/v1/nearest?commune=80021&k=50")
                XCTAssertTrue(before.text.contains("\"\(gp.rpps)\""), "the GP is offered before the upload")
                // The coordinator of Amiens closes the GP's list on the first instance.
                let csv = "rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le\n"
                    + "\(gp.rpps);non;0;non;\(gp.position.latitude);\(gp.position.longitude);2026-12-01\n"
                let upload = try await one.post("/api/v1/roster", token: SampleService.amiens, body: csv, contentType: "text/csv")
                XCTAssertEqual(upload.status, .ok, upload.text)
                let started = Date()
                var seen = false
                while !seen, Date().timeIntervalSince(started) < 1 {
                    let answer = try await other.get("/api/v1/nearest?commune=80021&k=50")
                    seen = !answer.text.contains("\"\(gp.rpps)\"")
                    if !seen { try await Task.sleep(for: .milliseconds(20)) }
                }
                XCTAssertTrue(seen, "the second instance still offers GP \(gp.rpps) 1 s after its list closed")
                print("roster upload seen by the other instance after \(Int(Date().timeIntervalSince(started) * 1000)) ms")
            }
        }
    }
}
