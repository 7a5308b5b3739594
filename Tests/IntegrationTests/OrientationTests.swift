import Foundation
import GeometryKit
import OpenData
import Storage
import StoreTestSupport
import Territory
import UseCases
import XCTest

/// Nearest volunteers and batch matching on the Hauts-de-France sample.
final class OrientationTests: XCTestCase {
    static let orientation: Result<OrientationService, Error> = Result {
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let sample = DataFolder.path("sample-hauts-de-france")
        let perimeters = try CPTSPerimeterFile(path: sample + "/cpts-perimetres.csv.gz", isCurrentCommune: layer.contains(code:), formerCodes: [:])
        let activities = try RPPSExtract(path: sample + "/PS_LibreAcces_Personne_activite.txt.gz", communes: layer).activities
        let roster = try VolunteerRoster(path: sample + "/medecins-volontaires.csv.gz", activities: activities, communes: layer).volunteers
        let waiting = try PatientRequestFile(path: sample + "/patients-sans-medecin-traitant.csv.gz", communes: layer).requests
        return OrientationService(analysis: TerritoryAnalysis(layer: layer, perimeters: perimeters.perimeters),
                                  volunteers: roster, activities: activities, waiting: waiting)
    }

    func testNearestFiveEqualABruteForceScan() throws {
        let orientation = try Self.orientation.get()
        let available = orientation.finder.volunteers
        XCTAssertEqual(available.count, try DataFolder.plainRows("sample-hauts-de-france/medecins-volontaires.csv.gz", separator: ";")
            .filter { $0[1] == "oui" && Int($0[2])! > 0 }.count, "only GPs accepting patients with places left")
        for request in orientation.waiting.prefix(100) {
            let answer = try orientation.nearest(NearestQuery(place: .position(request.position), k: 5))
            let brute = available.map { ($0.rpps, Geodesic.distance(request.position, $0.position) / 1000) }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5)
            XCTAssertEqual(answer.volunteers.map(\.volunteer.rpps), brute.map(\.0), request.reference)
            for (found, expected) in zip(answer.volunteers, brute) { XCTAssertEqual(found.distanceKm, expected.1, accuracy: 1e-9) }
        }
    }

    /// The anonymous answer written straight from its fields is the `Encodable` answer byte for byte: patients in
    /// covered communes, white zones, outside any commune (at sea), with every filter, and an empty answer.
    func testTheDirectAnswerTextIsTheEncodedAnswer() throws {
        let orientation = try Self.orientation.get()
        var places = orientation.waiting.prefix(150).map { NearestQuery.Place.position($0.position) }
        places += orientation.analysis.layer.communes.prefix(150).map { .commune($0.code) }
        places.append(.position(Coordinate(longitude: 1.2, latitude: 50.4)))   // the Channel, in no commune
        var compared = 0
        for (index, place) in places.enumerated() {
            let query = NearestQuery(place: place, k: 1 + index % 12, homeVisits: index % 3 == 0, maxKm: index % 5 == 0 ? 4 : nil,
                                     sameCPTS: index % 4 == 0)
            let answer = try orientation.nearest(query)
            XCTAssertEqual(answer.anonymousJSON(), try JSONValueEncoder.string(answer), "\(place)")
            compared += answer.volunteers.isEmpty ? 0 : 1
        }
        XCTAssertGreaterThan(compared, 200, "answers with volunteers compared")
        var named = try orientation.nearest(NearestQuery(place: .commune("80021"), k: 2))
        named.identities = [named.volunteers[0].volunteer.rpps: PractitionerIdentity(name: "Dr Test", practiceAddress: "1 rue du Test, 80000 Amiens")]
        XCTAssertNil(named.anonymousJSON(), "an answer that names GPs is encoded")
    }

    func testFiltersAndLocation() throws {
        let orientation = try Self.orientation.get()
        let amiens = try orientation.nearest(NearestQuery(place: .commune("80021"), k: 5, homeVisits: true, maxKm: 15, sameCPTS: true))
        XCTAssertEqual(amiens.location.cpts, ["CPTS-80-002"])
        XCTAssertFalse(amiens.location.inWhiteZone)
        XCTAssertEqual(amiens.location.precision, .commune)
        XCTAssertFalse(amiens.volunteers.isEmpty)
        for v in amiens.volunteers {
            XCTAssertTrue(v.volunteer.homeVisits)
            XCTAssertLessThanOrEqual(v.distanceKm, 15)
            XCTAssertTrue(v.cpts.contains("CPTS-80-002"))
        }
        let uncovered = try XCTUnwrap(orientation.analysis.layer.communes.first { !orientation.analysis.isCovered(orientation.analysis.layer.index(of: $0.code)!) })
        XCTAssertTrue(try orientation.nearest(NearestQuery(place: .commune(uncovered.code))).location.inWhiteZone)
        XCTAssertThrowsError(try orientation.nearest(NearestQuery(place: .commune("99999"))))
        XCTAssertThrowsError(try orientation.nearest(NearestQuery(place: .position(Coordinate(longitude: 200, latitude: 50)))))
    }

    func testBatchMatchingRespectsCapacitiesAndBeatsGreedy() throws {
        let orientation = try Self.orientation.get()
        let match = orientation.matchWaitingList(maxKm: 30)
        let places = Dictionary(uniqueKeysWithValues: orientation.finder.volunteers.map { ($0.rpps, $0) })
        var used: [String: Int] = [:]
        for a in match.assignments {
            used[a.rpps, default: 0] += 1
            let request = try XCTUnwrap(orientation.waiting.first { $0.reference == a.reference })
            let gp = try XCTUnwrap(places[a.rpps])
            XCTAssertLessThanOrEqual(a.distanceKm, 30)
            XCTAssertEqual(a.distanceKm, Geodesic.distanceKm(request.position, gp.position), accuracy: 1e-9)
            if request.needsHomeVisit { XCTAssertTrue(gp.homeVisits) }
        }
        for (rpps, count) in used { XCTAssertLessThanOrEqual(count, places[rpps]!.placesRemaining, rpps) }
        XCTAssertEqual(match.assignments.count + match.unassigned.count, orientation.waiting.count)
        // Priority by priority (ALD first), the optimum places at least as many as the greedy baseline; only where
        // it places exactly as many is its total distance comparable, and then no longer.
        let placed = PatientPriority.allCases.map { match.placedByPriority[$0] ?? 0 }
        let greedy = PatientPriority.allCases.map { match.greedyPlacedByPriority[$0] ?? 0 }
        XCTAssertFalse(placed.lexicographicallyPrecedes(greedy), "placed \(placed), greedy \(greedy)")
        XCTAssertEqual(placed.reduce(0, +), match.assignments.count)
        if placed == greedy { XCTAssertLessThanOrEqual(match.totalDistanceKm, match.greedyTotalDistanceKm + 1e-6) }
        XCTAssertEqual(match.totalDistanceKm, match.assignments.reduce(0) { $0 + $1.distanceKm }, accuracy: 1e-6)
        for priority in PatientPriority.allCases {
            XCTAssertLessThanOrEqual(match.placedByPriority[priority] ?? 0, match.waitingByPriority[priority] ?? 0)
            print("placed \(priority.rawValue): \(match.placedByPriority[priority] ?? 0) of \(match.waitingByPriority[priority] ?? 0) (greedy \(match.greedyPlacedByPriority[priority] ?? 0))")
        }
        print(String(format: "total distance %.3f km, greedy %.3f km", match.totalDistanceKm, match.greedyTotalDistanceKm))
        // A tight limit leaves patients with nobody in reach, and says so.
        let tight = orientation.matchWaitingList(maxKm: 0.5)
        XCTAssertTrue(tight.unassigned.contains { $0.reason == .nobodyWithinReach })
    }

    func testCommittedAssignmentsTakePlacesOnce() async throws {
        let orientation = try Self.orientation.get()
        let (store, _) = try await scratchStore("orientation")
        try await store.replaceVolunteers(orientation.finder.volunteers, importSummary: "test")
        let merge = try await store.mergePatientRequests(orientation.waiting, importSummary: "test")
        XCTAssertEqual(merge.inserted, orientation.waiting.count)
        let patient = orientation.waiting[0]
        let nearest = try XCTUnwrap(try orientation.nearest(NearestQuery(place: .position(patient.position), k: 1)).volunteers.first)
        let first = Assignment(reference: patient.reference, rpps: nearest.volunteer.rpps, distanceKm: nearest.distanceKm)
        try await store.recordAssignments([first])
        let pending = try await store.pendingPatientRequests()
        XCTAssertEqual(pending.count, orientation.waiting.count - 1)
        let before = try XCTUnwrap(orientation.finder.volunteers.first { $0.rpps == first.rpps }).placesRemaining
        let volunteers = try await store.volunteers()
        XCTAssertEqual(volunteers.first { $0.rpps == first.rpps }?.placesRemaining, before - 1)
        await assertThrowsError(try await store.recordAssignments([first]), "a patient is oriented once")
        let again = try await store.mergePatientRequests(orientation.waiting, importSummary: "again")
        XCTAssertEqual(again.alreadyAssigned, 1, "re-import keeps the orientation")
    }
}
