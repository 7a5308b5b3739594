import GeometryKit
import XCTest
@testable import Territory

final class BatchMatcherTests: XCTestCase {
    typealias C = MatchingCandidate

    func testOptimalBeatsGreedyOnAHandCheckedInstance() {
        // P0 is nearest to G0 (1 km) but can also go to G1 (2 km); P1 can only reach G0 (1 km).
        // Greedy gives G0 to P0 and leaves P1 without a GP; the optimum places both: P0→G1, P1→G0, 3 km.
        let problem = MatchingProblem(patientPriorities: [3, 3], gpCapacities: [1, 1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 0, gp: 1, distanceKm: 2),
                                                   C(patient: 1, gp: 0, distanceKm: 1)])
        let greedy = BatchMatcher.solveGreedily(problem)
        XCTAssertEqual(greedy.gpOfPatient, [0, nil])
        let optimal = BatchMatcher.solveOptimally(problem)
        XCTAssertEqual(optimal.gpOfPatient, [1, 0])
        XCTAssertEqual(optimal.totalDistanceKm, 3, accuracy: 1e-12)
        XCTAssertEqual(optimal.placedByPriority, [0, 0, 0, 2])
    }

    func testOptimalMinimisesDistanceWhenCountsAreEqual() {
        // Greedy (P0 first) takes G0 at 1 km, forcing P1 to G0's neighbour at 10 km: 11 km.
        // Optimum: P0→G1 (2 km), P1→G0 (2 km): 4 km.
        let problem = MatchingProblem(patientPriorities: [3, 3], gpCapacities: [1, 1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 0, gp: 1, distanceKm: 2),
                                                   C(patient: 1, gp: 0, distanceKm: 2), C(patient: 1, gp: 1, distanceKm: 10)])
        XCTAssertEqual(BatchMatcher.solveGreedily(problem).totalDistanceKm, 11, accuracy: 1e-12)
        let optimal = BatchMatcher.solveOptimally(problem)
        XCTAssertEqual(optimal.gpOfPatient, [1, 0])
        XCTAssertEqual(optimal.totalDistanceKm, 4, accuracy: 1e-12)
    }

    func testLastPlaceGoesToTheALDPatient() {
        // One place left; an ALD patient and an aucune patient at the same distance, whatever their order.
        for (ald, other) in [(0, 1), (1, 0)] {
            var priorities = [0, 0]
            priorities[ald] = 0; priorities[other] = 3
            let problem = MatchingProblem(patientPriorities: priorities, gpCapacities: [1],
                                          candidates: [C(patient: 0, gp: 0, distanceKm: 5), C(patient: 1, gp: 0, distanceKm: 5)])
            XCTAssertEqual(BatchMatcher.solveOptimally(problem).gpOfPatient[ald], 0)
            XCTAssertNil(BatchMatcher.solveOptimally(problem).gpOfPatient[other])
        }
        // Also when the ALD patient is farther, and when two aucune patients could be placed instead.
        let farther = MatchingProblem(patientPriorities: [3, 0], gpCapacities: [1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 1, gp: 0, distanceKm: 29)])
        XCTAssertEqual(BatchMatcher.solveOptimally(farther).gpOfPatient, [nil, 0])
        let oneBeatsTwo = MatchingProblem(patientPriorities: [0, 3, 3], gpCapacities: [1, 1],
                                          candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 1, gp: 0, distanceKm: 1),
                                                       C(patient: 2, gp: 1, distanceKm: 1), C(patient: 1, gp: 1, distanceKm: 1)])
        XCTAssertEqual(BatchMatcher.solveOptimally(oneBeatsTwo).placedByPriority, [1, 0, 0, 1])
    }

    func testCapacitiesAndCandidatesAreRespected() {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<50 {
            let problem = randomProblem(&rng, patients: 12, gps: 4)
            let solution = BatchMatcher.solveOptimally(problem)
            var used = [Int](repeating: 0, count: problem.gpCapacities.count)
            for (p, gp) in solution.gpOfPatient.enumerated() {
                guard let gp else { continue }
                used[gp] += 1
                XCTAssertTrue(problem.candidates.contains { $0.patient == p && $0.gp == gp }, "assignment without a candidate edge")
            }
            for (g, count) in used.enumerated() { XCTAssertLessThanOrEqual(count, problem.gpCapacities[g]) }
        }
    }

    func testAgreesWithExhaustiveSearchOnTinyInstances() {
        var rng = SeededRandom(seed: 2026)
        for _ in 0..<300 {
            let problem = randomProblem(&rng, patients: Int(rng.next() % 6) + 1, gps: Int(rng.next() % 3) + 1)
            let optimal = BatchMatcher.solveOptimally(problem)
            let best = exhaustive(problem)
            XCTAssertEqual(optimal.placedByPriority, best.placed)
            XCTAssertEqual(optimal.totalDistanceKm, best.distance, accuracy: 1e-6)
            let greedy = BatchMatcher.solveGreedily(problem)
            if greedy.placedByPriority == optimal.placedByPriority {
                XCTAssertLessThanOrEqual(optimal.totalDistanceKm, greedy.totalDistanceKm + 1e-9)
            }
            XCTAssertFalse(isBetter(greedy.placedByPriority, than: optimal.placedByPriority), "greedy cannot place better")
        }
    }

    // MARK: - Helpers

    func isBetter(_ a: [Int], than b: [Int]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x > y }
        return false
    }

    func randomProblem(_ rng: inout SeededRandom, patients: Int, gps: Int) -> MatchingProblem {
        let priorities = (0..<patients).map { _ in Int(rng.next() % 4) }
        let capacities = (0..<gps).map { _ in Int(rng.next() % 3) }
        var candidates: [C] = []
        for p in 0..<patients {
            for g in 0..<gps where rng.next() % 3 != 0 {
                candidates.append(C(patient: p, gp: g, distanceKm: Double(rng.next() % 30_000) / 1000))
            }
        }
        return MatchingProblem(patientPriorities: priorities, gpCapacities: capacities, candidates: candidates)
    }

    /// Every assignment, keeping the best by (placed per class lexicographically, then least distance).
    func exhaustive(_ problem: MatchingProblem) -> (placed: [Int], distance: Double) {
        let byPatient = Dictionary(grouping: problem.candidates, by: \.patient)
        var best: (placed: [Int], distance: Double) = ([0, 0, 0, 0], 0)
        var remaining = problem.gpCapacities
        var placed = [0, 0, 0, 0]
        func explore(_ p: Int, _ distance: Double) {
            if p == problem.patientPriorities.count {
                if isBetter(placed, than: best.placed) || (placed == best.placed && distance < best.distance - 1e-9) {
                    best = (placed, distance)
                }
                return
            }
            explore(p + 1, distance)
            for c in byPatient[p] ?? [] where remaining[c.gp] > 0 {
                remaining[c.gp] -= 1; placed[problem.patientPriorities[p]] += 1
                explore(p + 1, distance + (c.distanceKm * 1000).rounded() / 1000)
                remaining[c.gp] += 1; placed[problem.patientPriorities[p]] -= 1
            }
        }
        explore(0, 0)
        return best
    }
}
