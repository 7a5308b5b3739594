import Foundation
import GeometryKit
import OpenData
import Storage
import Territory
import UseCases
import XCTest

/// The CLI's orientation reads (`MaillageStore.nearest`, `requestsNear`: only the volunteers and requests of a box
/// around the query) answer exactly as the orientation service over the whole roster and waiting list, on the Hauts-de-France sample.
final class StoreOrientationTests: XCTestCase {
    struct Fixture {
        let store: any MaillageStore
        /// Over every commune, volunteer, activity and waiting request.
        let orientation: OrientationService
        let activities: [PractitionerActivity]
        let roster: [Volunteer]
    }

    func makeFixture() async throws -> Fixture {
        let desk = try await sampleDesk("store_orientation")
        let orientation = OrientationService(analysis: TerritoryAnalysis(layer: desk.layer, perimeters: desk.perimeters), volunteers: desk.roster,
                                             activities: desk.activities, waiting: desk.waiting)
        return Fixture(store: desk.store, orientation: orientation, activities: desk.activities, roster: desk.roster)
    }

    func testNearestFromTheStoreIsTheWholeRostersAnswer() async throws {
        let fixture = try await makeFixture()
        XCTAssertLessThan(fixture.orientation.finder.volunteers.count, fixture.roster.count, "some volunteers have no place left: filtered")
        var queries: [NearestQuery] = []
        for (i, request) in fixture.orientation.waiting.prefix(60).enumerated() {
            let k = [1, 5, 12][i % 3]
            switch i % 4 {
            case 0: queries.append(NearestQuery(place: .position(request.position), k: k))
            case 1: queries.append(NearestQuery(place: .position(request.position), k: k, homeVisits: true))
            case 2: queries.append(NearestQuery(place: .position(request.position), k: k, maxKm: 8))
            default: queries.append(NearestQuery(place: .commune(request.communeCode), k: k, sameCPTS: true))
            }
        }
        // At sea off Boulogne (no commune), and asking for more GPs than the region has: the boxes grow to the globe.
        queries.append(NearestQuery(place: .position(Coordinate(longitude: 1.2, latitude: 50.75)), k: 3))
        queries.append(NearestQuery(place: .commune("80021"), k: fixture.orientation.finder.volunteers.count + 5))
        // Under signed ACI only, the CPTS of the patient and of each GP (and `sameCPTS`) follow the statuses.
        let signed = OrientationService(analysis: TerritoryAnalysis(layer: fixture.orientation.analysis.layer, perimeters: fixture.orientation.analysis.perimeters,
                                                                    coveringStatuses: [.aciSigne]),
                                        volunteers: fixture.roster, activities: [], waiting: [])
        // Both reads of the store: growing boxes, and on PostGIS the k-nearest scan (`<->`) too.
        let reads: [NearestRead] = fixture.store is any NearestVolunteersReading ? [.growingBoxes, .nearestScan] : [.growingBoxes]
        for (i, query) in queries.enumerated() {
            for read in reads {
                let statuses: Set<CPTSStatus> = i % 5 == 4 ? [.aciSigne] : Set(CPTSStatus.allCases)
                let answer = try await fixture.store.nearest(query, coveringStatuses: statuses, read: read)
                let expected = try (statuses.count == 1 ? signed : fixture.orientation).nearest(query)
                let label = "\(read) \(query.place) k=\(query.k) home=\(query.homeVisits) max=\(query.maxKm ?? 0) same=\(query.sameCPTS) \(statuses.count)"
                XCTAssertEqual(answer.volunteers.map(\.volunteer.rpps), expected.volunteers.map(\.volunteer.rpps), label)
                XCTAssertEqual(answer.volunteers.map(\.distanceKm), expected.volunteers.map(\.distanceKm), label)
                XCTAssertEqual(answer.volunteers.map(\.cpts), expected.volunteers.map(\.cpts), label)
                XCTAssertEqual(answer.location.communeCode, expected.location.communeCode, label)
                XCTAssertEqual(answer.location.cpts, expected.location.cpts, label)
            }
        }
        let everyone = try await fixture.store.nearest(queries.last!)
        XCTAssertEqual(everyone.volunteers.count, fixture.orientation.finder.volunteers.count, "every available volunteer, nearest first")
        await assertThrowsError(try await fixture.store.nearest(NearestQuery(place: .commune("99999")))) { error in
            guard case .unknownCommune("99999")? = error as? OrientationError else { return XCTFail("\(error)") }
        }
        await assertThrowsError(try await fixture.store.nearest(NearestQuery(place: .position(Coordinate(longitude: 200, latitude: 50))))) { error in
            guard case .badCoordinates? = error as? OrientationError else { return XCTFail("\(error)") }
        }
    }

    func testTheCPTSClaimingSomeCommunesAreTheWholePerimeters() async throws {
        let fixture = try await makeFixture()
        let perimeters = fixture.orientation.analysis.perimeters
        for codes in [["80021"], ["59350", "62041", "02691"], fixture.roster.map(\.communeCode), []] {
            let expected = perimeters.filter { !Set($0.communeCodes).isDisjoint(with: codes) }
            let claiming = try await fixture.store.cpts(claimingAnyOf: Set(codes))
            XCTAssertEqual(claiming, expected, "\(codes.prefix(3))")
        }
        let all = try await fixture.store.allCPTS()
        XCTAssertEqual(all, perimeters)
    }

    /// A commit's read (`volunteers(inCommunes:)`): each CPTS's volunteers are the roster's rows in its communes.
    func testTheVolunteersOfACPTSAreTheRostersRowsInItsCommunes() async throws {
        let fixture = try await makeFixture()
        let roster = try await fixture.store.volunteers()
        var nonEmpty = 0
        for perimeter in fixture.orientation.analysis.perimeters {
            let communes = Set(perimeter.communeCodes)
            let expected = roster.filter { communes.contains($0.communeCode) }
            let read = try await fixture.store.volunteers(inCommunes: communes)
            XCTAssertEqual(read, expected, perimeter.id)
            if !read.isEmpty { nonEmpty += 1 }
        }
        XCTAssertGreaterThan(nonEmpty, 10)
        let none = try await fixture.store.volunteers(inCommunes: [])
        XCTAssertEqual(none, [])
        let unknown = try await fixture.store.volunteers(inCommunes: ["00000"])
        XCTAssertEqual(unknown, [])
    }

    func testRequestsNearFromTheStoreAreTheWholeWaitingLists() async throws {
        let fixture = try await makeFixture()
        let volunteers = Set(fixture.roster.map(\.rpps))
        let outsideRoster = Array(Set(fixture.activities.map(\.rpps)).subtracting(volunteers).sorted().prefix(5))
        XCTAssertEqual(outsideRoster.count, 5)
        for rpps in fixture.roster.prefix(15).map(\.rpps) + outsideRoster {
            for km in [2.0, 10, 40] {
                let found = try await fixture.store.requestsNear(rpps: rpps, km: km)
                let expected = try fixture.orientation.requestsNear(rpps: rpps, km: km)
                XCTAssertEqual(found.map(\.request.reference), expected.map(\.request.reference), "\(rpps) \(km) km")
                XCTAssertEqual(found.map(\.distanceKm), expected.map(\.distanceKm), "\(rpps) \(km) km")
            }
        }
        await assertThrowsError(try await fixture.store.requestsNear(rpps: "10000000000", km: 10)) { error in
            guard case .unknownPractitioner("10000000000")? = error as? OrientationError else { return XCTFail("\(error)") }
        }
    }
}
