import Foundation
import GeometryKit
import OpenData
import Storage
import Territory
import XCTest

/// The desk's change log (`deskChanges(since:)`) on both stores, on the Hauts-de-France sample: after each kind of desk
/// write, the orientation service with the changes applied is the one a whole read of the store gives — roster, waiting
/// lists, available volunteers and the nearest answers — and an operator's import asks for a whole read.
final class DeskChangesTests: XCTestCase {
    func testEachDeskWriteAppliedIsTheWholeDeskReadAgain() async throws {
        let desk = try await sampleDesk("desk_changes")
        let (store, layer, perimeters, activities, roster, waiting) = (desk.store, desk.layer, desk.perimeters, desk.activities, desk.roster, desk.waiting)
        let analysis = TerritoryAnalysis(layer: layer, perimeters: perimeters)

        var sequence = try await store.deskSequence()
        var service = try await store.orientationService(analysis: analysis)
        let probes = stride(from: 0, to: layer.communes.count, by: max(1, layer.communes.count / 60)).compactMap { layer.communes[$0].representativePoint }
        func applyAndCompare(_ write: String, touched: Int, file: StaticString = #filePath, line: UInt = #line) async throws {
            let read = try await store.deskChanges(since: sequence)
            let changes = try XCTUnwrap(read, write, file: file, line: line)
            XCTAssertEqual(changes.sequence, sequence + 1, "\(write): one write, one sequence", file: file, line: line)
            XCTAssertEqual(changes.touchedVolunteers.count + changes.touchedRequests.count, touched, write, file: file, line: line)
            service = service.applying(touchedVolunteers: changes.touchedVolunteers, volunteers: changes.volunteers,
                                       touchedRequests: changes.touchedRequests, pending: changes.pending)
            sequence = changes.sequence
            let whole = try await store.orientationService(analysis: analysis)
            XCTAssertEqual(service.roster, whole.roster, "\(write): roster", file: file, line: line)
            XCTAssertEqual(service.waiting, whole.waiting, "\(write): waiting lists", file: file, line: line)
            XCTAssertEqual(service.finder.volunteers, whole.finder.volunteers, "\(write): available volunteers", file: file, line: line)
            for probe in probes {
                let (a, b) = (service.finder.nearest(to: probe, k: 5), whole.finder.nearest(to: probe, k: 5))
                XCTAssertEqual(a.map(\.volunteer.rpps), b.map(\.volunteer.rpps), "\(write): nearest to \(probe)", file: file, line: line)
                XCTAssertEqual(a.map(\.distanceKm), b.map(\.distanceKm), file: file, line: line)
            }
            let near = service.requestsNear(probes[0], km: 30).map(\.request.reference)
            XCTAssertEqual(near, whole.requestsNear(probes[0], km: 30).map(\.request.reference), "\(write): requests near", file: file, line: line)
            let again = try await store.deskChanges(since: sequence)
            XCTAssertEqual(again?.touchedVolunteers.count, 0, "\(write): nothing since", file: file, line: line)
        }

        // A coordinator takes over the rows of his CPTS's communes: one list closed, one practice moved, one GP added.
        let cpts = try XCTUnwrap(perimeters.max { a, b in
            roster.filter { a.communeCodes.contains($0.communeCode) }.count < roster.filter { b.communeCodes.contains($0.communeCode) }.count
        })
        var own = roster.filter { cpts.communeCodes.contains($0.communeCode) }.sorted { $0.rpps < $1.rpps }
        XCTAssertGreaterThan(own.count, 4)
        own[0].placesRemaining = 0
        own[1].position = Coordinate(longitude: own[1].position.longitude + 0.01, latitude: own[1].position.latitude)
        own[3].acceptsNewPatients = true
        own[3].placesRemaining = 1
        let newcomer = try XCTUnwrap(activities.first { a in a.isGeneralPractitioner && !roster.contains { $0.rpps == a.rpps } })
        own.append(Volunteer(rpps: newcomer.rpps, acceptsNewPatients: true, placesRemaining: 3, homeVisits: true, position: own[2].position,
                             precision: .address, updatedOn: "2026-12-01", communeCode: own[2].communeCode))
        try await store.replaceRoster(ofCPTS: cpts.id, own, sharedCommunes: [], importSummary: "{}", audit: nil)
        try await applyAndCompare("roster upload", touched: own.count)
        // Its next upload leaves two out: they leave the roster.
        try await store.replaceRoster(ofCPTS: cpts.id, Array(own.dropFirst(2)), sharedCommunes: [], importSummary: "{}", audit: nil)
        try await applyAndCompare("roster upload leaving two out", touched: own.count)

        // Patients added and one moved.
        var moved = waiting[0]
        moved.position = Coordinate(longitude: moved.position.longitude + 0.02, latitude: moved.position.latitude)
        let added = (0..<5).map { n in
            PatientRequest(reference: "DESK-\(n)", communeCode: own[2].communeCode, position: own[2].position, precision: .address,
                           priority: .ald, needsHomeVisit: n % 2 == 0, registeredOn: "2026-11-30", cpts: cpts.id)
        }
        _ = try await store.mergePatientRequests([moved] + added, importSummary: "{}")
        try await applyAndCompare("waiting-list upload", touched: 6)

        // A committed matching: three patients placed, their GPs' places taken (one GP's last place: his list closes).
        let gp = try XCTUnwrap(service.volunteer(rpps: own[3].rpps))
        XCTAssertTrue(service.finder.volunteers.contains(gp))
        let other = try XCTUnwrap(service.finder.volunteers.first { $0.placesRemaining > 2 && $0.rpps != gp.rpps })
        try await store.recordAssignments([Assignment(cpts: cpts.id, reference: "DESK-0", rpps: gp.rpps, distanceKm: 1),
                                           Assignment(cpts: cpts.id, reference: "DESK-1", rpps: other.rpps, distanceKm: 2),
                                           Assignment(cpts: cpts.id, reference: "DESK-2", rpps: other.rpps, distanceKm: 3)])
        try await applyAndCompare("committed matching", touched: 5)

        // The purge deletes the requests registered before a date.
        let counts = try await store.purgePatientData(assignedBefore: nil, pendingRegisteredBefore: "2026-06-01",
                                                      audit: AuditEvent(who: "cli", role: "operator", action: .purge, cpts: nil, patients: 0, outcome: ""))
        XCTAssertEqual(counts.pendingDeleted, waiting.filter { $0.registeredOn < "2026-06-01" }.count)
        try await applyAndCompare("purge", touched: counts.pendingDeleted)

        // The operator's roster import: everything may have changed, the desk is read whole.
        try await store.replaceVolunteers(roster, importSummary: "{}")
        let afterImport = try await store.deskChanges(since: sequence)
        XCTAssertNil(afterImport, "an operator's import asks for a whole read")
        // A sequence the store never reached (another store's): a whole read too.
        let beyond = try await store.deskChanges(since: sequence + 100)
        XCTAssertNil(beyond)
    }

    /// The log kept: the last `keptSequences`, pruned every `pruningInterval`; older readers read the desk whole.
    func testTheLogIsPrunedPastTheSequencesItKeeps() {
        XCTAssertNil(DeskLog.pruned(at: 999))
        XCTAssertNil(DeskLog.pruned(at: 1_000), "nothing older than the kept sequences yet")
        XCTAssertEqual(DeskLog.pruned(at: 1_100), 100)
        XCTAssertNil(DeskLog.pruned(at: 1_101))
        XCTAssertTrue(DeskChanges.readable(since: 100, current: 1_100, pruned: 100))
        XCTAssertFalse(DeskChanges.readable(since: 99, current: 1_100, pruned: 100))
        XCTAssertFalse(DeskChanges.readable(since: 1_101, current: 1_100, pruned: 100))
    }
}
