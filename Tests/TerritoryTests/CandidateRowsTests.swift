import GeometryKit
import XCTest
@testable import Territory

final class CandidateRowsTests: XCTestCase {
    typealias Builder = CandidateRows.Builder

    func testBuilderSortsDeduplicatesAndConcatenates() {
        var first = Builder(gpCount: 4)
        var keys = [Builder.key(lower: 900, gp: 2), Builder.key(lower: 500, gp: 1), Builder.key(lower: 300, gp: 1), Builder.key(lower: 300, gp: 0)]
        first.appendRow(&keys)   // GP 1 listed twice: its 300 kept
        keys = []
        first.appendRow(&keys)   // a patient with no candidate
        XCTAssertEqual(first.rowStart, [0, 3, 3])
        XCTAssertEqual(first.gp, [0, 1, 2])
        XCTAssertEqual(first.lower, [300, 300, 900])

        var second = Builder(gpCount: 4)
        keys = [Builder.key(lower: 7, gp: 3), Builder.key(lower: 2, gp: 1)]
        second.appendRow(&keys)
        var parts = [first, second]
        let whole = Builder(concatenating: &parts)
        XCTAssertEqual(whole.rowStart, [0, 3, 3, 5])
        XCTAssertEqual(whole.gp, [0, 1, 2, 1, 3])
        XCTAssertEqual(whole.lower, [300, 300, 900, 2, 7])
        XCTAssertTrue(parts.allSatisfy { $0.gp.isEmpty }, "each part freed once copied")

        // Lower bounds only: patients 1 and 2 share row 2, whose distances are measured once, on first need, for both.
        var calls: [(Int, Int)] = []
        var rows = CandidateRows(rowOfPatient: [0, 2, 2, 1], built: whole, longestMillimetres: 1_000, measure: { row, gp in
            calls.append((row, gp))
            return gp == 1 ? 0.0025 : 0.0071
        })
        XCTAssertEqual(rows.entries(of: 0), 0..<3)
        XCTAssertEqual(rows.entries(of: 3), 3..<3)
        XCTAssertEqual(rows.entries(of: 1), 3..<5)
        XCTAssertEqual(rows.millimetres(0, of: 0), 7_100)
        XCTAssertEqual(rows.millimetres(4, of: 1), 7_100)
        XCTAssertEqual(rows.millimetres(4, of: 2), 7_100)
        XCTAssertEqual(rows.millimetres(3, of: 2), 2_500)
        XCTAssertEqual(calls.map(\.0), [0, 2, 2])
        XCTAssertEqual(calls.map(\.1), [0, 3, 1])
        XCTAssertEqual(rows.measuredCount, 3)
    }

    func testBinnedRowsAreOrderedByBinStably() {
        XCTAssertEqual(Builder.binShift(forLongest: 30_000_000), 17, "30 km in 229 bins of 131 m")
        XCTAssertEqual(Builder.binShift(forLongest: 255), 0)
        var builder = Builder(gpCount: 5, binShift: 4)   // bins of 16 mm
        var keys = [Builder.key(lower: 40, gp: 0), Builder.key(lower: 3, gp: 1), Builder.key(lower: 17, gp: 2),
                    Builder.key(lower: 33, gp: 3), Builder.key(lower: 2, gp: 4)]
        builder.appendRow(&keys)
        XCTAssertEqual(builder.gp, [1, 4, 2, 0, 3])
        XCTAssertEqual(builder.lower, [3, 2, 17, 40, 33])
        let rows = CandidateRows(rowOfPatient: [0], built: builder, longestMillimetres: 40, measure: { _, _ in 0 })
        XCTAssertEqual(rows.entries(of: 0).map(rows.binFloor), [0, 0, 16, 32, 32])
    }

    func testRowsOfAProblemCarryItsDistances() {
        let problem = MatchingProblem(patientPriorities: [1, 0, 3], gpCapacities: [0, 2],
                                      candidates: [MatchingCandidate(patient: 0, gp: 1, distanceKm: 7), MatchingCandidate(patient: 0, gp: 1, distanceKm: 4),
                                                   MatchingCandidate(patient: 1, gp: 0, distanceKm: 1.000_000_4)])
        var rows = CandidateRows(problem)
        XCTAssertEqual(rows.rowOfPatient, [0, 1, 2])
        XCTAssertEqual(rows.rowStart, [0, 1, 2, 2])
        XCTAssertEqual(rows.gp, [1, 0])
        XCTAssertEqual(rows.lowerMillimetres, [4_000_000, 1_000_000])
        XCTAssertEqual(rows.millimetres(1, of: 1), 1_000_000)
        XCTAssertEqual(rows.longestMillimetres, 7_000_000)
        XCTAssertEqual(rows.measuredCount, 0)
    }

    /// Volunteers north of a patient near Amiens, on one meridian: the rows list what `finder.within` lists,
    /// home visits included, at the same distances, patients at the same place sharing a row.
    func testVolunteerRowsAreWhatWithinLists() {
        let origin = Coordinate(longitude: 2.3, latitude: 50)
        let steps = [0.05, 0.10, 0.15, 0.25, 0.30, 0.02]   // degrees of latitude: 5.6 … 33.4 km
        let volunteers = steps.enumerated().map { i, step in
            Volunteer(rpps: "1000000000\(i)", acceptsNewPatients: true, placesRemaining: i == 5 ? 0 : 2, homeVisits: i % 2 == 0,
                      position: Coordinate(longitude: 2.3, latitude: 50 + step), precision: .address, updatedOn: "2026-11-01", communeCode: "80021")
        }
        let finder = VolunteerFinder(volunteers: volunteers, cptsOfCommune: { _ in [] })
        XCTAssertEqual(finder.volunteers.count, 5, "the volunteer without places is not available")
        func patient(_ reference: String, at position: Coordinate, homeVisit: Bool) -> PatientRequest {
            PatientRequest(reference: reference, communeCode: "80021", position: position, precision: .address, priority: .none,
                           needsHomeVisit: homeVisit, registeredOn: "2026-10-15")
        }
        let marseille = Coordinate(longitude: 5.37, latitude: 43.3)
        let patients = [patient("P0", at: origin, homeVisit: false), patient("P1", at: origin, homeVisit: true),
                        patient("P2", at: origin, homeVisit: false), patient("P3", at: marseille, homeVisit: false)]
        // Limits 0.1 mm either side of the fourth volunteer: its chord bounds straddle both, so the geodesic decides.
        let fourth = Geodesic.distance(origin, finder.volunteers[3].position)
        for (offset, nearest) in [(0.0001, [0, 1, 2, 3]), (-0.0001, [0, 1, 2])] {
            let maxKm = (fourth + offset) / 1000
            let chord = ChordBounds.Point(origin).chord(to: ChordBounds.Point(finder.volunteers[3].position))
            XCTAssertTrue(chord.lowerBound < maxKm * 1000 && !ChordBounds.Limit(metres: maxKm * 1000).certainlyWithin(chord))
            var rows = CandidateRows.volunteers(of: finder, within: maxKm, for: patients)
            XCTAssertEqual(rows.rowOfPatient, [0, 1, 0, 2])
            XCTAssertEqual(rows.rowStart, [0, nearest.count, nearest.count + 2, nearest.count + 2])
            XCTAssertEqual(rows.gp, (nearest + [0, 2]).map(Int32.init))
            XCTAssertEqual(rows.longestMillimetres, BatchMatcher.millimetres(maxKm))
            for (p, request) in patients.enumerated() {
                let within = finder.within(km: maxKm, of: request.position, homeVisits: request.needsHomeVisit)
                XCTAssertEqual(rows.entries(of: p).map { Int(rows.gp[$0]) }, within.map(\.volunteer), request.reference)
                for (e, expected) in zip(rows.entries(of: p), within) {
                    let measured = rows.millimetres(e, of: p)
                    XCTAssertEqual(measured, BatchMatcher.millimetres(expected.km), request.reference)
                    XCTAssertLessThanOrEqual(Int64(rows.lowerMillimetres[e]), measured)
                    XCTAssertGreaterThan(Int64(rows.lowerMillimetres[e]), measured - 30, "within a few centimetres")
                }
            }
            XCTAssertEqual(rows.measuredCount, nearest.count + 2, "each distance of rows 0 and 1 once, P2 reading those of row 0")
        }
    }
}
