import GeometryKit
import NationalScenario
import Territory
import TestSupport
import XCTest

/// Nearest volunteers and batch matching over the whole country, checked against brute-force geodesic scans.
final class NationalOrientationTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    static let orientation: Result<OrientationService, Error> = Result {
        let analysis = try NationalData.analysis.get()
        return OrientationService(analysis: analysis, volunteers: NationalRoster.volunteers(analysis.layer, seed: 11), activities: [], waiting: [])
    }

    /// 500 query points: anywhere in the layer, and on purpose west of Greenwich, in La Réunion and in Mayotte.
    static func queryPoints(_ layer: CommuneLayer) -> [Coordinate] {
        var random = SeededRandom(seed: 12)
        let placed = layer.communes.filter { $0.geometry != nil }
        let west = placed.filter { $0.representativePoint!.longitude < 0 }
        func draw(_ pool: [Commune], _ count: Int) -> [Coordinate] {
            (0..<count).map { _ in NationalRoster.position(in: pool.randomElement(using: &random)!, using: &random) }
        }
        return draw(placed, 300) + draw(west, 100) + draw(placed.filter { $0.departement == "974" }, 50)
            + draw(placed.filter { $0.departement == "976" }, 50)
    }

    func testNearestEqualsABruteForceScanEverywhere() throws {
        let orientation = try Self.orientation.get()
        let available = orientation.finder.volunteers
        let points = Self.queryPoints(orientation.analysis.layer)
        XCTAssertEqual(points.count, 500)
        XCTAssertGreaterThanOrEqual(points.filter { $0.longitude < 0 }.count, 100)
        for (i, point) in points.enumerated() {
            let homeVisits = i % 3 == 0, maxKm: Double? = i % 4 == 0 ? 15 : nil
            let answer = try orientation.nearest(NearestQuery(place: .position(point), k: 5, homeVisits: homeVisits, maxKm: maxKm))
            let brute = available.filter { !homeVisits || $0.homeVisits }
                .map { ($0.rpps, Geodesic.distanceKm(point, $0.position)) }
                .filter { maxKm == nil || $0.1 <= maxKm! }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5)
            XCTAssertEqual(answer.volunteers.map(\.volunteer.rpps), brute.map(\.0), "point \(i) \(point)")
            for (found, expected) in zip(answer.volunteers, brute) { XCTAssertEqual(found.distanceKm, expected.1, accuracy: 1e-9) }
            if let code = answer.location.communeCode {
                XCTAssertTrue(try XCTUnwrap(orientation.analysis.layer.commune(code)?.geometry).covers(Geometry(point: point)), "point \(i) located in \(code)")
            }
        }
    }

    func testOverseasPatientsAreLocatedAtHome() throws {
        let orientation = try Self.orientation.get()
        // Pointe-à-Pitre (971), Saint-Denis de La Réunion (974), Mamoudzou (976): negative longitudes and latitudes.
        for (lat, lon, code) in [(16.241, -61.533, "97120"), (-20.8823, 55.4504, "97411"), (-12.7806, 45.2279, "97611")] {
            let answer = try orientation.nearest(NearestQuery(place: .position(Coordinate(longitude: lon, latitude: lat)), k: 3))
            XCTAssertEqual(answer.location.communeCode, code)
            XCTAssertEqual(answer.volunteers.count, 3)
            XCTAssertLessThan(try XCTUnwrap(answer.volunteers.last).distanceKm, 60, "GPs of the same island, not of the metropole")
        }
    }

    func testBatchMatchingRespectsCapacitiesAndBeatsGreedy() throws {
        let orientation = try Self.orientation.get()
        let patients = NationalRoster.patients(orientation.analysis.layer, count: 6_000, seed: 13)
        let match = orientation.matchWaitingList(maxKm: 30, requests: patients)
        let gps = Dictionary(uniqueKeysWithValues: orientation.finder.volunteers.map { ($0.rpps, $0) })
        let byReference = Dictionary(uniqueKeysWithValues: patients.map { ($0.reference, $0) })
        var used: [String: Int] = [:]
        for a in match.assignments {
            used[a.rpps, default: 0] += 1
            let patient = try XCTUnwrap(byReference[a.reference]), gp = try XCTUnwrap(gps[a.rpps])
            XCTAssertEqual(a.distanceKm, Geodesic.distanceKm(patient.position, gp.position), accuracy: 1e-9)
            XCTAssertLessThanOrEqual(a.distanceKm, 30)
            if patient.needsHomeVisit { XCTAssertTrue(gp.homeVisits, a.reference) }
        }
        for (rpps, count) in used { XCTAssertLessThanOrEqual(count, gps[rpps]!.placesRemaining, rpps) }
        XCTAssertEqual(Set(match.assignments.map(\.reference)).count, match.assignments.count, "a patient placed once")
        XCTAssertEqual(match.assignments.count + match.unassigned.count, patients.count)
        // Nobody left out for want of reach had a GP within reach (brute force on a sample of them).
        for (_, reference, reason) in match.unassigned.prefix(300) where reason == .nobodyWithinReach {
            let patient = byReference[reference]!
            XCTAssertFalse(orientation.finder.volunteers.contains { (!patient.needsHomeVisit || $0.homeVisits)
                && Geodesic.distanceKm(patient.position, $0.position) <= 30 }, reference)
        }
        let placed = PatientPriority.allCases.map { match.placedByPriority[$0] ?? 0 }
        let greedy = PatientPriority.allCases.map { match.greedyPlacedByPriority[$0] ?? 0 }
        XCTAssertFalse(placed.lexicographicallyPrecedes(greedy), "placed \(placed), greedy \(greedy)")
        if placed == greedy { XCTAssertLessThanOrEqual(match.totalDistanceKm, match.greedyTotalDistanceKm + 1e-6) }
        print("national matching: \(match.assignments.count) of \(patients.count) placed, \(placed) vs greedy \(greedy), "
              + "\(match.totalDistanceKm) km vs greedy \(match.greedyTotalDistanceKm) km")
    }
}
