import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import OpenData
import Storage
import Territory
import XCTest

/// Two coordinators of different CPTS through real HTTP: a request is known by (CPTS, reference), so the same reference
/// in both is two patients, and neither coordinator reads, changes, counts or learns of the other's; roster rows belong to
/// the CPTS that uploaded them.
final class TenantIsolationTests: XCTestCase {
    static let header = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le\n"

    func testTheSameReferenceInTwoCPTSIsTwoPatients() async throws {
        let store = try await SampleService.freshStore()
        let lilleBefore = try await store.pendingPatientRequests(ofCPTS: "CPTS-59-001")
        try await SampleService.withServer(store: store) { client, _ in
            let amiens = try await client.post("/api/v1/waiting-list", token: SampleService.amiens,
                                               body: Self.header + "SHARED-0001;80021;;;ALD;non;2026-11-01", contentType: "text/csv").json()
            let lille = try await client.post("/api/v1/waiting-list", token: SampleService.lille,
                                              body: Self.header + "SHARED-0001;59350;;;aucune;non;2026-11-02", contentType: "text/csv").json()
            for answer in [amiens, lille] {
                XCTAssertEqual(answer["inserted"]?.doubleValue, 1, "a reference of another CPTS is not this one's: a new patient")
                XCTAssertEqual(answer["updated"]?.doubleValue, 0)
                XCTAssertEqual(answer["already_assigned_kept"]?.doubleValue, 0)
            }
            // Amiens changes its own patient: Lille's, of the same reference, stays as Lille wrote it.
            let changed = try await client.post("/api/v1/waiting-list", token: SampleService.amiens,
                                                body: Self.header + "SHARED-0001;80021;;;C2S;oui;2026-11-01", contentType: "text/csv").json()
            XCTAssertEqual(changed["updated"]?.doubleValue, 1)
            let lilleRows = try await store.pendingPatientRequests(ofCPTS: "CPTS-59-001")
            let lilleRow = try XCTUnwrap(lilleRows.first { $0.reference == "SHARED-0001" })
            XCTAssertEqual(lilleRow.communeCode, "59350")
            XCTAssertEqual(lilleRow.priority, .none)
            XCTAssertFalse(lilleRow.needsHomeVisit)
            let amiensRows = try await store.pendingPatientRequests(ofCPTS: "CPTS-80-002")
            let amiensRow = try XCTUnwrap(amiensRows.first { $0.reference == "SHARED-0001" })
            XCTAssertEqual(amiensRow.priority, .c2s)

            // Amiens matches and commits: only its patients, the reference once, Lille's waiting list untouched.
            let dry = try await client.post("/api/v1/match?max_km=30", token: SampleService.amiens, body: "").json()
            let rows = (dry["assignments"]?.arrayValue ?? []) + (dry["unassigned"]?.arrayValue ?? [])
            XCTAssertTrue(rows.allSatisfy { $0["cpts"]?.stringValue == "CPTS-80-002" })
            XCTAssertEqual(rows.filter { $0["reference"]?.stringValue == "SHARED-0001" }.count, 1)
            let committed = try await client.post("/api/v1/match?max_km=30&commit=true", token: SampleService.amiens, body: "").json()
            XCTAssertGreaterThan(committed["assignments"]?.arrayValue?.count ?? 0, 0)
            let lilleAfter = try await store.pendingPatientRequests(ofCPTS: "CPTS-59-001")
            XCTAssertEqual(lilleAfter, (lilleBefore + [lilleRow]).sorted { $0.reference < $1.reference })

            // Whether Amiens's SHARED-0001 was placed or not, Lille's is still Lille's to update, and Lille's answer says
            // nothing of Amiens's.
            let again = try await client.post("/api/v1/waiting-list", token: SampleService.lille,
                                              body: Self.header + "SHARED-0001;59350;;;ALD;non;2026-11-02", contentType: "text/csv").json()
            XCTAssertEqual(again["updated"]?.doubleValue, 1)
            XCTAssertEqual(again["already_assigned_kept"]?.doubleValue, 0)

            // Lille's requests near a Lille GP: Lille's patients only, Amiens's SHARED-0001 never among them.
            let lilleGP = try await store.volunteers().first { $0.communeCode == "59350" }
            let gp = try XCTUnwrap(lilleGP)
            let near = try await client.get("/api/v1/requests-near?rpps=\(gp.rpps)&km=200", token: SampleService.lille).json().arrayValue ?? []
            let lilleReferences = Set(try await store.pendingPatientRequests(ofCPTS: "CPTS-59-001").map(\.reference))
            XCTAssertFalse(near.isEmpty)
            XCTAssertTrue(near.allSatisfy { lilleReferences.contains($0["reference"]?.stringValue ?? "") })
            XCTAssertEqual(near.filter { $0["reference"]?.stringValue == "SHARED-0001" }.first?["code_commune"]?.stringValue, "59350")
        }
        // Every upload and match is in the trail, under its own CPTS.
        let amiensTrail = try await store.auditTrail(since: nil, cpts: "CPTS-80-002")
        XCTAssertEqual(amiensTrail.map(\.action), [.waitingListUpload, .waitingListUpload, .matchDryRun, .matchCommit])
        let lilleTrail = try await store.auditTrail(since: nil, cpts: "CPTS-59-001")
        XCTAssertEqual(lilleTrail.map(\.action), [.waitingListUpload, .waitingListUpload, .requestsNear])
    }

    /// CPTS-59-052 and CPTS-62-005 share communes 59272 and 59273. A GP of a shared commune belongs to neither: each
    /// coordinator may update him (the last write wins, the trail says who), none removes him by leaving him out, and
    /// none locks the other out (issue 31: the first uploader owned the shared GPs and the neighbour got 400). A GP of
    /// a commune only one of them claims stays that CPTS's, and its places go to whichever CPTS commits first.
    func testNeighboursShareTheGPsOfSharedCommunesAndKeepTheirOwn() async throws {
        let store = try await SampleService.freshStore()
        let perimeters = try await store.allCPTS()
        let communesA = Set(perimeters.first { $0.id == "CPTS-59-052" }!.communeCodes)
        let communesB = Set(perimeters.first { $0.id == "CPTS-62-005" }!.communeCodes)
        let shared = communesA.intersection(communesB)
        XCTAssertEqual(shared, ["59272", "59273"])
        let volunteers = try await store.volunteers()
        let sharedGPs = volunteers.filter { shared.contains($0.communeCode) }.map(\.rpps)
        XCTAssertEqual(sharedGPs.count, 7)
        let roster = String(decoding: try FileBytes.read(SampleService.sample + "/medecins-volontaires.csv.gz"), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map(String.init)
        @Sendable func lines(of communes: Set<String>, places: Int) -> [String] {
            let ids = Set(volunteers.filter { communes.contains($0.communeCode) }.map(\.rpps))
            return roster.dropFirst().filter { ids.contains(String($0.prefix(11))) }.map { PatientDataTests.withPlaces($0, places) }
        }
        @Sendable func places(_ rpps: [String]) async throws -> [Int] {
            let stored = try await store.volunteers()
            return rpps.map { id in stored.first { $0.rpps == id }!.placesRemaining }
        }
        let ownA = volunteers.filter { communesA.contains($0.communeCode) && !shared.contains($0.communeCode) }.map(\.rpps)
        try await SampleService.withServer(store: store) { client, _ in
            @Sendable func upload(_ token: String, _ rows: [String]) async throws -> JSONValue {
                let answer = try await client.post("/api/v1/roster", token: token, body: ([roster[0]] + rows).joined(separator: "\n"), contentType: "text/csv")
                XCTAssertEqual(answer.status, .ok, answer.text)
                return try answer.json()
            }
            // A lists every GP of its communes with 4 places: the shared ones included, now written by A.
            _ = try await upload(SampleService.neighbourA, lines(of: communesA, places: 4))
            let places1 = try await places(sharedGPs)
            XCTAssertEqual(places1, Array(repeating: 4, count: 7))

            // B lists every GP of its communes with 9 places: the shared ones are B's to update too; nothing refused.
            let bLines = lines(of: communesB, places: 9)
            let b = try await upload(SampleService.neighbourB, bLines)
            XCTAssertEqual(b["rejected_owned_by_other_cpts"]?.doubleValue, 0)
            XCTAssertEqual(b["imported_in_cpts"]?.doubleValue, Double(bLines.count))
            let places2 = try await places(sharedGPs)
            XCTAssertEqual(places2, Array(repeating: 9, count: 7), "the last write wins")
            let places3 = try await places(ownA)
            XCTAssertEqual(places3, Array(repeating: 4, count: ownA.count), "A's own GPs as A wrote them")

            // B withdraws the shared GPs (`non;0`, issue 31's attack): A's patients lose them until A writes them again,
            // which A may: B does not own them.
            let withdrawn = bLines.filter { sharedGPs.contains(String($0.prefix(11))) }.map { PatientDataTests.withPlaces($0, 0) }
            _ = try await upload(SampleService.neighbourB, withdrawn)
            let places4 = try await places(sharedGPs)
            XCTAssertEqual(places4, Array(repeating: 0, count: 7))
            let restored = try await upload(SampleService.neighbourA, lines(of: communesA, places: 4))
            XCTAssertEqual(restored["rejected_owned_by_other_cpts"]?.doubleValue, 0)
            let places5 = try await places(sharedGPs)
            XCTAssertEqual(places5, Array(repeating: 4, count: 7))

            // B uploads again with only its own GPs: the shared GPs it left out stay as A wrote them; B's own are replaced.
            let bOwn = bLines.filter { !sharedGPs.contains(String($0.prefix(11))) }.map { PatientDataTests.withPlaces($0, 2) }
            _ = try await upload(SampleService.neighbourB, bOwn)
            let after = try await store.volunteers()
            XCTAssertEqual(after.filter { sharedGPs.contains($0.rpps) }.map(\.placesRemaining), Array(repeating: 4, count: 7))
            XCTAssertTrue(after.filter { communesB.contains($0.communeCode) && !shared.contains($0.communeCode) }.allSatisfy { $0.placesRemaining == 2 })
            XCTAssertEqual(after.count, volunteers.count, "no row of anyone deleted")

            // B commits: its patients may take places of the shared GPs (they practise in its communes), never of a GP
            // practising outside B's communes.
            let outside = after.filter { !communesB.contains($0.communeCode) }
            let committed = try await client.post("/api/v1/match?max_km=50&commit=true", token: SampleService.neighbourB, body: "")
            XCTAssertEqual(committed.status, .ok, committed.text)
            let afterCommit = try await store.volunteers()
            XCTAssertEqual(afterCommit.filter { !communesB.contains($0.communeCode) }, outside)
        }
        // Who wrote the shared GPs is in each CPTS's trail.
        let aTrail = try await store.auditTrail(since: nil, cpts: "CPTS-59-052")
        XCTAssertEqual(aTrail.map(\.outcome), ["\(ownA.count + 7) volunteers, 7 shared with other CPTS", "\(ownA.count + 7) volunteers, 7 shared with other CPTS"])
        let trail = try await store.auditTrail(since: nil, cpts: "CPTS-62-005")
        XCTAssertEqual(trail.map(\.action), [.rosterUpload, .rosterUpload, .rosterUpload, .matchCommit])
        XCTAssertEqual(trail[1].outcome, "7 volunteers, 7 shared with other CPTS")
    }
}
