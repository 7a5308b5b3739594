import Foundation
import GeometryKit
import Storage
import Territory
import XCTest

/// The practitioner's writes on the store (SQLite, or PostGIS in the PostGIS pass), with the same refusals on both.
final class PractitionerStoreTests: XCTestCase {
    func testDeclinesAreHisOwnAndOnlyOfPendingRequests() async throws {
        let desk = try await sampleDesk("practitioner-declines")
        let pending = try await desk.store.pendingPatientRequests()
        let (first, second) = (PatientRequestKey(pending[0]), PatientRequestKey(pending[1]))
        let (gp, other) = (desk.roster[0].rpps, desk.roster[1].rpps)
        try await desk.store.declineRequest(first, rpps: gp, reason: "trop loin", audit: nil)
        try await desk.store.declineRequest(first, rpps: gp, reason: "trop loin, vraiment", audit: nil)   // again: replaced, not doubled
        try await desk.store.declineRequest(second, rpps: other, reason: "complet", audit: nil)
        let mine = try await desk.store.declinedRequests(rpps: gp)
        let others = try await desk.store.declinedRequests(rpps: other)
        XCTAssertEqual(mine, [first])
        XCTAssertEqual(others, [second])
        let stillPending = try await desk.store.pendingPatientRequests().count
        XCTAssertEqual(stillPending, pending.count, "a declined request stays pending")

        // An oriented request can no longer be declined.
        let third = pending[2]
        try await desk.store.recordAssignments([Assignment(cpts: third.cpts, reference: third.reference, rpps: other, distanceKm: 1)], audit: nil)
        do {
            try await desk.store.declineRequest(PatientRequestKey(third), rpps: gp, reason: "non", audit: nil)
            XCTFail("declined an oriented request")
        } catch let error as StorageError {
            XCTAssertEqual(error, .requestNotWaiting(reference: third.reference))
        }
        let unchanged = try await desk.store.declinedRequests(rpps: gp)
        XCTAssertEqual(unchanged, [first], "nothing written by the refusal")
    }

    func testHisUpdateChangesHisEntryAndTellsTheOtherInstances() async throws {
        let desk = try await sampleDesk("practitioner-update")
        let entry = try XCTUnwrap(desk.roster.first(where: \.isAvailable))
        let sequence = try await desk.store.deskSequence()
        let before = try await desk.store.changeCounters()
        let updated = try await desk.store.updateVolunteer(rpps: entry.rpps, VolunteerUpdate(placesRemaining: 0, homeVisits: !entry.homeVisits),
                                                           updatedOn: "2026-12-07", audit: nil)
        XCTAssertEqual(updated.placesRemaining, 0)
        XCTAssertEqual(updated.homeVisits, !entry.homeVisits)
        XCTAssertEqual(updated.acceptsNewPatients, entry.acceptsNewPatients, "what the update leaves out stays")
        XCTAssertEqual(updated.updatedOn, "2026-12-07")
        XCTAssertEqual(updated.position, entry.position)
        let stored = try await desk.store.volunteer(rpps: entry.rpps)
        XCTAssertEqual(stored, updated)
        let after = try await desk.store.changeCounters()
        XCTAssertTrue(after.changed(since: before).contains(.roster), "heard as a roster write")
        let read = try await desk.store.deskChanges(since: sequence)
        let changes = try XCTUnwrap(read)
        XCTAssertEqual(changes.touchedVolunteers, [entry.rpps])
        XCTAssertEqual(changes.volunteers, [updated])

        let listed = Set(desk.roster.map(\.rpps))
        let unknown = try XCTUnwrap((10_000_000_000...10_000_000_200).map(String.init).first { HealthIdentifier.isValidRPPS($0) && !listed.contains($0) })
        do {
            _ = try await desk.store.updateVolunteer(rpps: unknown, VolunteerUpdate(placesRemaining: 3), updatedOn: "2026-12-07", audit: nil)
            XCTFail("updated an entry that does not exist")
        } catch let error as StorageError {
            XCTAssertEqual(error, .notInRoster(rpps: unknown))
        }
    }
}
