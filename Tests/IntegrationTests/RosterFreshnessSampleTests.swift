import Foundation
import GeometryKit
import Storage
import Territory
import UseCases
import XCTest

/// Stale and excluded roster entries on the Hauts-de-France sample (updates from May to November 2026), counted on
/// 20 November 2026 with ages of 3 and 6 months: the cut-off days are written out here, not computed.
final class RosterFreshnessSampleTests: XCTestCase {
    static let freshness = RosterFreshness(today: "2026-11-20", age: RosterAge(staleMonths: 3, excludeMonths: 6))!
    static let staleBefore = "2026-08-20", excludedBefore = "2026-05-20"

    func testCutOffDays() {
        XCTAssertEqual(Self.freshness.staleBefore, Self.staleBefore)
        XCTAssertEqual(Self.freshness.excludedBefore, Self.excludedBefore)
    }

    /// Nearest with freshness against a scan of every available volunteer, the excluded ones filtered by their date.
    func testNearestEqualsABruteForceScanWithoutTheExcluded() throws {
        let orientation = try OrientationTests.orientation.get()
        let available = orientation.finder.volunteers
        let excluded = available.filter { $0.updatedOn < Self.excludedBefore }
        XCTAssertGreaterThan(excluded.count, 20, "the sample has entries older than the exclusion age")
        var leftOutSeen = 0
        for request in orientation.waiting.prefix(150) {
            let answer = try orientation.nearest(NearestQuery(place: .position(request.position), k: 5, freshness: Self.freshness))
            let scan = available.map { ($0, Geodesic.distance(request.position, $0.position) / 1000) }.sorted { ($0.1, $0.0.rpps) < ($1.1, $1.0.rpps) }
            let expected = scan.filter { $0.0.updatedOn >= Self.excludedBefore }.prefix(5)
            XCTAssertEqual(answer.volunteers.map(\.volunteer.rpps), expected.map(\.0.rpps), request.reference)
            XCTAssertEqual(answer.volunteers.map(\.stale), expected.map { $0.0.updatedOn < Self.staleBefore }, request.reference)
            let reach = expected.last!.1
            XCTAssertEqual(answer.leftOutStale, scan.filter { $0.0.updatedOn < Self.excludedBefore && $0.1 <= reach }.count, request.reference)
            leftOutSeen += answer.leftOutStale
        }
        XCTAssertGreaterThan(leftOutSeen, 0, "some answers left entries out")
    }

    /// The operator's matching through the use case: no patient goes to an excluded entry, the count left out is that
    /// of the excluded volunteers with places, and the matching is the one over the roster filtered by date.
    func testMatchingLeavesOutTheExcluded() async throws {
        let desk = try await sampleDesk("freshness-match")
        let analysis = TerritoryAnalysis(layer: desk.layer, perimeters: desk.perimeters)
        let answer = try await MatchWaitingList(maxKm: 30, freshness: Self.freshness)
            .run(store: desk.store, analysis: analysis, orientation: { try await desk.store.orientationService(analysis: analysis) }, by: .commandLine)
        let excluded = Set(desk.roster.filter { $0.updatedOn < Self.excludedBefore && $0.isAvailable }.map(\.rpps))
        XCTAssertGreaterThan(excluded.count, 20)
        XCTAssertEqual(answer.leftOutStale, excluded.count)
        XCTAssertFalse(answer.match.assignments.contains { excluded.contains($0.rpps) })
        let byDate = OrientationService(analysis: analysis, volunteers: desk.roster.filter { $0.updatedOn >= Self.excludedBefore },
                                        practice: { _ in nil }, waiting: try await desk.store.pendingPatientRequests()).matchWaitingList(maxKm: 30)
        XCTAssertEqual(answer.match.placedByPriority, byDate.placedByPriority)
        XCTAssertEqual(answer.match.totalDistanceKm, byDate.totalDistanceKm, accuracy: 1e-6)
        let everyone = try await MatchWaitingList(maxKm: 30)
            .run(store: desk.store, analysis: analysis, orientation: { try await desk.store.orientationService(analysis: analysis) }, by: .commandLine)
        XCTAssertEqual(everyone.leftOutStale, 0)
        XCTAssertTrue(everyone.match.assignments.contains { excluded.contains($0.rpps) }, "without freshness the old entries take patients")
    }

    /// `roster stale`: every entry older than the stale age, oldest first, named from the RPPS directory; per CPTS, those
    /// practising in its communes.
    func testStaleRosterListsWhomToCall() async throws {
        let desk = try await sampleDesk("freshness-stale")
        let analysis = TerritoryAnalysis(layer: desk.layer, perimeters: desk.perimeters)
        let rows = try await StaleRoster(scope: nil, freshness: Self.freshness).run(store: desk.store, analysis: analysis)
        let expected = desk.roster.filter { $0.updatedOn < Self.staleBefore }.sorted { ($0.updatedOn, $0.rpps) < ($1.updatedOn, $1.rpps) }
        XCTAssertEqual(rows.map(\.volunteer.rpps), expected.map(\.rpps))
        XCTAssertEqual(rows.map(\.state), expected.map { $0.updatedOn < Self.excludedBefore ? .excluded : .stale })
        let named = Set(desk.activities.map(\.rpps))
        XCTAssertEqual(rows.filter { $0.identity != nil }.count, expected.filter { named.contains($0.rpps) }.count, "named from the RPPS directory")
        let first = try XCTUnwrap(rows.first)
        XCTAssertEqual(first.months, CalendarDay.months(from: first.volunteer.updatedOn, to: "2026-11-20"))
        XCTAssertGreaterThanOrEqual(first.months, 6)
        let scope = try CPTSScope(cpts: "CPTS-80-002", in: analysis)
        let mine = try await StaleRoster(scope: scope, freshness: Self.freshness).run(store: desk.store, analysis: analysis)
        XCTAssertEqual(mine.map(\.volunteer.rpps), expected.filter { scope.communes.contains($0.communeCode) }.map(\.rpps))
        XCTAssertTrue(mine.allSatisfy { $0.cpts.contains("CPTS-80-002") })
        XCTAssertFalse(mine.isEmpty)
    }
}
