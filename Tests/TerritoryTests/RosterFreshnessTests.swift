import GeometryKit
import XCTest
@testable import Territory

/// Stale and excluded roster entries at the exact boundary days, and what nearest and match leave out, on hand-built rosters.
final class RosterFreshnessTests: XCTestCase {
    static let december = RosterFreshness(today: "2026-12-07", age: .standard)!

    func testBoundaryDays() {
        let f = Self.december
        XCTAssertEqual(f.staleBefore, "2026-06-07")
        XCTAssertEqual(f.excludedBefore, "2025-12-07")
        XCTAssertEqual(f.state(of: "2026-12-07"), .fresh)
        XCTAssertEqual(f.state(of: "2026-06-07"), .fresh, "updated on the cut-off day: exactly six months, not older")
        XCTAssertEqual(f.state(of: "2026-06-06"), .stale)
        XCTAssertEqual(f.state(of: "2025-12-07"), .stale, "exactly twelve months: stale, still proposed")
        XCTAssertEqual(f.state(of: "2025-12-06"), .excluded)
        XCTAssertEqual(f.state(of: "2031-01-01"), .fresh, "a day in the future is not old")
    }

    /// A month back from the 31st lands on the month's last day, 29 February in a leap year.
    func testMonthsBackAreCalendarMonths() {
        XCTAssertEqual(RosterFreshness(today: "2026-08-31", age: .standard)?.staleBefore, "2026-02-28")
        XCTAssertEqual(RosterFreshness(today: "2028-08-31", age: .standard)?.staleBefore, "2028-02-29")
        XCTAssertEqual(RosterFreshness(today: "2027-02-28", age: .standard)?.excludedBefore, "2026-02-28")
        XCTAssertEqual(RosterFreshness(today: "2026-03-31", age: RosterAge(staleMonths: 1, excludeMonths: 13))?.staleBefore, "2026-02-28")
        XCTAssertEqual(RosterFreshness(today: "2026-03-31", age: RosterAge(staleMonths: 1, excludeMonths: 13))?.excludedBefore, "2025-02-28")
        XCTAssertEqual(CalendarDay.day("2026-01-15", lessMonths: 1), "2025-12-15")
        XCTAssertNil(RosterFreshness(today: "2026-02-30", age: .standard), "not a day")
        XCTAssertNil(RosterFreshness(today: "2026-2-3", age: .standard))
        XCTAssertNil(RosterFreshness(today: "07/12/2026", age: .standard))
        XCTAssertEqual(Self.december.monthsSince("2026-06-07"), 6)
        XCTAssertEqual(Self.december.monthsSince("2026-06-08"), 5)
        XCTAssertEqual(Self.december.monthsSince("2027-01-01"), 0)
        XCTAssertEqual(CalendarDay.of(Date(timeIntervalSince1970: 1_796_601_600)), "2026-12-07")
    }

    /// Volunteers 1, 2, 3… km north of a patient, the nearer ones excluded: nearest skips them, marks the stale one,
    /// and counts those left out within the farthest GP proposed, or within `max_km`, or anywhere.
    func testNearestLeavesOutTheExcludedAndCountsThem() {
        let origin = Coordinate(longitude: 2.3, latitude: 50)
        // km north → last update; #5 has no place (never counted), #6 is excluded far away.
        let entries: [(km: Double, updated: String, places: Int)] = [
            (1, "2025-12-06", 3), (2, "2025-01-01", 3), (3, "2025-12-07", 3), (4, "2026-11-30", 3), (5, "2024-01-01", 0), (40, "2020-05-05", 1),
        ]
        let volunteers = entries.enumerated().map { i, e in
            Volunteer(rpps: "1000000000\(i)", acceptsNewPatients: true, placesRemaining: e.places, homeVisits: i != 3,
                      position: Coordinate(longitude: 2.3, latitude: 50 + e.km / 111.2), precision: .address, updatedOn: e.updated, communeCode: "80021")
        }
        let finder = VolunteerFinder(volunteers: volunteers, cptsOfCommune: { _ in [] })
        let f = Self.december
        let two = finder.nearest(to: origin, k: 2, freshness: f)
        XCTAssertEqual(two.map(\.volunteer.rpps), ["10000000002", "10000000003"])
        XCTAssertEqual(two.map(\.stale), [true, false], "updated 2025-12-07: stale; 2026-11-30: fresh")
        XCTAssertEqual(finder.excluded(by: f, within: two.last!.distanceKm, of: origin), 2, "the two nearer excluded GPs")
        XCTAssertEqual(finder.excluded(by: f, within: 1.5, of: origin), 1)
        XCTAssertEqual(finder.excluded(by: f, within: nil, of: origin), 3, "anywhere: the one 40 km away too, not the one without places")
        XCTAssertEqual(finder.excluded(by: f, within: nil, of: origin, homeVisits: true), 3)
        XCTAssertEqual(finder.nearest(to: origin, k: 2).map(\.volunteer.rpps), ["10000000000", "10000000001"], "no freshness: every entry")
        XCTAssertEqual(finder.nearest(to: origin, k: 2).map(\.stale), [false, false])
    }

    /// The service's answer carries the count, and `leavingOut` gives the roster a matching works on.
    func testServiceAnswerAndMatchingRoster() throws {
        let layer = CommuneLayer([], touching: [])
        let origin = Coordinate(longitude: 2.3, latitude: 50)
        let volunteers = [("10000000000", 1.0, "2025-06-01", 2), ("10000000001", 2.0, "2026-01-01", 2), ("10000000002", 3.0, "2025-01-01", 0),
                          ("10000000003", 9.0, "2026-12-01", 1)].map { rpps, km, updated, places in
            Volunteer(rpps: rpps, acceptsNewPatients: true, placesRemaining: places, homeVisits: false,
                      position: Coordinate(longitude: 2.3, latitude: 50 + km / 111.2), precision: .address, updatedOn: updated, communeCode: "80021")
        }
        let patient = PatientRequest(reference: "P1", communeCode: "80021", position: origin, precision: .address, priority: .none,
                                     needsHomeVisit: false, registeredOn: "2026-10-01", cpts: "CPTS-TEST")
        let service = OrientationService(analysis: TerritoryAnalysis(layer: layer, perimeters: []), volunteers: volunteers,
                                         practice: { _ in nil }, waiting: [patient])
        let answer = try service.nearest(NearestQuery(place: .position(origin), k: 1, freshness: Self.december))
        XCTAssertEqual(answer.volunteers.map(\.volunteer.rpps), ["10000000001"])
        XCTAssertEqual(answer.leftOutStale, 1)
        XCTAssertEqual(try service.nearest(NearestQuery(place: .position(origin), k: 5, freshness: Self.december)).leftOutStale, 1,
                       "fewer than k found and no max_km: every excluded entry with places")
        XCTAssertEqual(try service.nearest(NearestQuery(place: .position(origin), k: 1)).leftOutStale, 0)
        let (fresh, leftOut) = service.leavingOut(excludedBy: Self.december)
        XCTAssertEqual(leftOut, 1, "the excluded entry without places is not counted")
        XCTAssertEqual(fresh.roster.map(\.rpps), ["10000000001", "10000000003"])
        XCTAssertEqual(fresh.matchWaitingList(maxKm: 30).assignments.map(\.rpps), ["10000000001"])
        XCTAssertEqual(service.matchWaitingList(maxKm: 30).assignments.map(\.rpps), ["10000000000"], "without freshness the nearest takes the patient")
        XCTAssertTrue(service.leavingOut(excludedBy: RosterFreshness(today: "2025-06-01", age: .standard)!).service === service, "nothing excluded")
    }

    /// The public layer marks each entry.
    func testVolunteerFeaturesMarkStaleAndExcluded() {
        let layer = CommuneLayer([], touching: [])
        let volunteers = ["2026-12-01", "2026-01-01", "2025-01-01"].enumerated().map { i, updated in
            Volunteer(rpps: "1000000000\(i)", acceptsNewPatients: true, placesRemaining: 1, homeVisits: false,
                      position: Coordinate(longitude: 2.3, latitude: 50), precision: .address, updatedOn: updated, communeCode: "80021")
        }
        let features = TerritoryFeature.volunteers(volunteers, analysis: TerritoryAnalysis(layer: layer, perimeters: []), freshness: Self.december)
        func value(_ feature: TerritoryFeature, _ key: String) -> JSONValue? { feature.properties.first { $0.0 == key }?.1 }
        XCTAssertEqual(features.map { value($0, "stale") }, [.bool(false), .bool(true), .bool(true)])
        XCTAssertEqual(features.map { value($0, "excluded") }, [.bool(false), .bool(false), .bool(true)])
    }
}
