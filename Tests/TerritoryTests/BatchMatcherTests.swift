import GeometryKit
import TestSupport
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
        XCTAssertEqual(greedy.placedByPriority, [0, 0, 0, 1])
        let optimal = BatchMatcher.solveOptimally(problem)
        XCTAssertEqual(optimal.gpOfPatient, [1, 0])
        XCTAssertEqual(optimal.totalDistanceKm, 3, accuracy: 1e-12)
        XCTAssertEqual(optimal.placedByPriority, [0, 0, 0, 2])
    }

    func testOptimalMinimisesDistanceWhenCountsAreEqual() {
        // Greedy (P0 first) takes G0 at 1 km, leaving P1 G1 at 10 km: 11 km. Optimum: P0→G1, P1→G0: 4 km.
        let problem = MatchingProblem(patientPriorities: [3, 3], gpCapacities: [1, 1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 0, gp: 1, distanceKm: 2),
                                                   C(patient: 1, gp: 0, distanceKm: 2), C(patient: 1, gp: 1, distanceKm: 10)])
        XCTAssertEqual(BatchMatcher.solveGreedily(problem).totalDistanceKm, 11, accuracy: 1e-12)
        let optimal = BatchMatcher.solveOptimally(problem)
        XCTAssertEqual(optimal.gpOfPatient, [1, 0])
        XCTAssertEqual(optimal.totalDistanceKm, 4, accuracy: 1e-12)
    }

    func testSwapsInAWaitingPatientOfTheSameClassWhenNearer() {
        // One place; P0 (served first by index) is 8 km away, P1 of the same class 3 km: P1 gets it.
        let problem = MatchingProblem(patientPriorities: [2, 2], gpCapacities: [1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 8), C(patient: 1, gp: 0, distanceKm: 3)])
        XCTAssertEqual(BatchMatcher.solveOptimally(problem).gpOfPatient, [nil, 0])
    }

    func testLastPlaceGoesToTheALDPatient() {
        // One place left; an ALD patient and an aucune patient at the same distance, in either order.
        for (ald, other) in [(0, 1), (1, 0)] {
            var priorities = [0, 0]
            priorities[other] = 3
            let problem = MatchingProblem(patientPriorities: priorities, gpCapacities: [1],
                                          candidates: [C(patient: 0, gp: 0, distanceKm: 5), C(patient: 1, gp: 0, distanceKm: 5)])
            let solution = BatchMatcher.solveOptimally(problem)
            XCTAssertEqual(solution.gpOfPatient[ald], 0)
            XCTAssertNil(solution.gpOfPatient[other])
            XCTAssertEqual(solution.placedByPriority, [1, 0, 0, 0])
        }
        // Also when the ALD patient is much farther.
        let farther = MatchingProblem(patientPriorities: [3, 0], gpCapacities: [1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 1, gp: 0, distanceKm: 29)])
        XCTAssertEqual(BatchMatcher.solveOptimally(farther).gpOfPatient, [nil, 0])
        // One ALD outweighs two aucune: G0 can take P0 (ALD) or P1; P1 could otherwise go to G1, taken by P2.
        let oneBeatsTwo = MatchingProblem(patientPriorities: [0, 3, 3], gpCapacities: [1, 1],
                                          candidates: [C(patient: 0, gp: 0, distanceKm: 1), C(patient: 1, gp: 0, distanceKm: 1),
                                                       C(patient: 2, gp: 1, distanceKm: 1), C(patient: 1, gp: 1, distanceKm: 1)])
        XCTAssertEqual(BatchMatcher.solveOptimally(oneBeatsTwo).placedByPriority, [1, 0, 0, 1])
        // The plus-de-70-ans patient P1 is placed whatever the distance; then the C2S patient P0 beats the
        // aucune patient P2, although P1→G0 with P2→G1 (30.1 km) would be shorter than P1→G1 with P0→G0 (30.5 km).
        let classes = MatchingProblem(patientPriorities: [2, 1, 3], gpCapacities: [1, 1],
                                      candidates: [C(patient: 0, gp: 0, distanceKm: 0.5), C(patient: 1, gp: 0, distanceKm: 30),
                                                   C(patient: 1, gp: 1, distanceKm: 30), C(patient: 2, gp: 1, distanceKm: 0.1)])
        let solved = BatchMatcher.solveOptimally(classes)
        XCTAssertEqual(solved.gpOfPatient, [0, 1, nil])
        XCTAssertEqual(solved.placedByPriority, [0, 1, 1, 0])
        XCTAssertEqual(solved.totalDistanceKm, 30.5, accuracy: 1e-9)
    }

    func testCapacitiesAndCandidatesAreRespected() {
        var rng = SeededRandom(seed: 7)
        for round in 0..<200 {
            let problem = randomProblem(&rng, patients: 5 + round % 30, gps: 1 + round % 7, maxPlaces: 3)
            let allowed = Set(problem.candidates.map { Pair(patient: $0.patient, gp: $0.gp) })
            for solution in [BatchMatcher.solveOptimally(problem), BatchMatcher.solveGreedily(problem)] {
                var used = [Int](repeating: 0, count: problem.gpCapacities.count)
                var placed = [0, 0, 0, 0]
                for (p, gp) in solution.gpOfPatient.enumerated() {
                    guard let gp else { continue }
                    used[gp] += 1
                    placed[problem.patientPriorities[p]] += 1
                    XCTAssertTrue(allowed.contains(Pair(patient: p, gp: gp)), "assignment without a candidate edge")
                }
                for (g, count) in used.enumerated() { XCTAssertLessThanOrEqual(count, problem.gpCapacities[g]) }
                XCTAssertEqual(placed, solution.placedByPriority)
            }
        }
    }

    func testAgreesWithExhaustiveSearchOnTinyInstances() {
        var rng = SeededRandom(seed: 2026)
        var greedyWorse = 0
        for _ in 0..<1500 {
            let problem = randomProblem(&rng, patients: Int(rng.next() % 6) + 1, gps: Int(rng.next() % 3) + 1, maxPlaces: 2)
            let optimal = BatchMatcher.solveOptimally(problem)
            let best = exhaustive(problem)
            XCTAssertEqual(optimal.placedByPriority, best.placed)
            XCTAssertEqual(optimal.totalDistanceKm, best.distance, accuracy: 1e-9)
            let greedy = BatchMatcher.solveGreedily(problem)
            XCTAssertFalse(isBetter(greedy.placedByPriority, than: optimal.placedByPriority), "greedy cannot place better")
            if greedy.placedByPriority == optimal.placedByPriority {
                XCTAssertLessThanOrEqual(optimal.totalDistanceKm, greedy.totalDistanceKm + 1e-9)
            }
            if greedy.placedByPriority != optimal.placedByPriority || greedy.totalDistanceKm > optimal.totalDistanceKm + 1e-9 {
                greedyWorse += 1
            }
        }
        XCTAssertGreaterThan(greedyWorse, 0, "the random instances should include some where greedy loses")
    }

    func testOptimalNeverWorseThanGreedyOnMediumInstances() {
        var rng = SeededRandom(seed: 99)
        for _ in 0..<40 {
            let problem = randomProblem(&rng, patients: 60, gps: 12, maxPlaces: 4)
            let optimal = BatchMatcher.solveOptimally(problem), greedy = BatchMatcher.solveGreedily(problem)
            XCTAssertFalse(isBetter(greedy.placedByPriority, than: optimal.placedByPriority))
            if greedy.placedByPriority == optimal.placedByPriority {
                XCTAssertLessThanOrEqual(optimal.totalDistanceKm, greedy.totalDistanceKm + 1e-9)
            }
        }
    }

    /// The staged solver against the single min-cost flow with class bonuses (the textbook formulation),
    /// on instances too large for exhaustive search.
    func testAgreesWithSingleFlowWithClassBonuses() {
        var rng = SeededRandom(seed: 314)
        for round in 0..<60 {
            let problem = randomProblem(&rng, patients: 20 + round, gps: 3 + round % 9, maxPlaces: 3)
            let optimal = BatchMatcher.solveOptimally(problem)
            let reference = bonusFlow(problem)
            XCTAssertEqual(optimal.placedByPriority, reference.placed)
            XCTAssertEqual(optimal.totalDistanceKm, reference.distanceKm, accuracy: 1e-9)
        }
    }

    func testSameInputSameOutputWhateverTheCandidateOrder() {
        var rng = SeededRandom(seed: 5)
        for _ in 0..<30 {
            var problem = randomProblem(&rng, patients: 40, gps: 8, maxPlaces: 3, distinctDistances: 20)   // many ties
            let first = BatchMatcher.solveOptimally(problem)
            XCTAssertEqual(BatchMatcher.solveOptimally(problem), first)
            problem.candidates.shuffle(using: &rng)
            XCTAssertEqual(BatchMatcher.solveOptimally(problem), first)
            XCTAssertEqual(BatchMatcher.solveGreedily(problem), BatchMatcher.solveGreedily(problem))
        }
    }

    func testDuplicateCandidatesAndEdgeCases() {
        // A pair listed twice counts at its shorter distance; GPs without places and patients without candidates.
        let problem = MatchingProblem(patientPriorities: [1, 0, 3], gpCapacities: [0, 2],
                                      candidates: [C(patient: 0, gp: 1, distanceKm: 7), C(patient: 0, gp: 1, distanceKm: 4),
                                                   C(patient: 1, gp: 0, distanceKm: 1)])
        let solution = BatchMatcher.solveOptimally(problem)
        XCTAssertEqual(solution.gpOfPatient, [1, nil, nil])
        XCTAssertEqual(solution.totalDistanceKm, 4, accuracy: 1e-12)
        XCTAssertEqual(solution.placedByPriority, [0, 1, 0, 0])
        let empty = BatchMatcher.solveOptimally(MatchingProblem(patientPriorities: [], gpCapacities: [], candidates: []))
        XCTAssertEqual(empty, MatchingSolution(gpOfPatient: [], totalDistanceKm: 0, placedByPriority: [0, 0, 0, 0]))
    }

    /// Rows that know only lower bounds and measure distances when asked — as the national rows do — give the same
    /// optimum (counts and millimetres) and the same greedy placement as rows with every distance given, sorted
    /// exactly or by bins, also when patients share a row; and the solvers leave distances unmeasured.
    func testLowerBoundsMeasuredOnDemandGiveTheSameOptimum() {
        var rng = SeededRandom(seed: 77)
        var measured = 0, pairs = 0
        for round in 0..<150 {
            let base = randomProblem(&rng, patients: 8 + round % 40, gps: 2 + round % 9, maxPlaces: 3)
            // Twins: the last patients share the rows of the first ones (with priorities of their own).
            let twins = base.patientPriorities.count / 4
            let original = base.patientPriorities.count
            var problem = base
            problem.patientPriorities += (0..<twins).map { _ in Int(rng.next() % 4) }
            problem.candidates += base.candidates.filter { $0.patient < twins }.map { C(patient: original + $0.patient, gp: $0.gp, distanceKm: $0.distanceKm) }

            var shortest: [Pair: Double] = [:]
            for c in base.candidates { shortest[Pair(patient: c.patient, gp: c.gp)] = min(shortest[Pair(patient: c.patient, gp: c.gp)] ?? .infinity, c.distanceKm) }
            var builder = CandidateRows.Builder(gpCount: base.gpCapacities.count, binShift: [0, 10, 17][round % 3])   // exact, 1 m, 131 m
            for p in 0..<original {
                var keys = shortest.filter { $0.key.patient == p }.map { pair, km in
                    CandidateRows.Builder.key(lower: UInt32(max(0, metres(km) * 1000 - Int64(rng.next() % 4_000))), gp: pair.gp)
                }
                builder.appendRow(&keys)
            }
            let rowOfPatient = (0..<original).map(Int32.init) + (0..<twins).map(Int32.init)
            let lazyRows = CandidateRows(rowOfPatient: rowOfPatient, built: builder, longestMillimetres: 30_000_000,
                                         measure: { row, gp in shortest[Pair(patient: row, gp: gp)]! })
            func millimetres(_ gpOf: [Int32]) -> Int64 {
                gpOf.enumerated().reduce(0) { total, placed in
                    placed.element < 0 ? total : total + metres(shortest[Pair(patient: placed.offset < original ? placed.offset : placed.offset - original, gp: Int(placed.element))]!) * 1000
                }
            }

            var known = MatchingGraph(problem)
            var lazy = MatchingGraph(rows: lazyRows, priorities: problem.patientPriorities, places: problem.gpCapacities)
            let expected = BatchMatcher.placeOptimally(&known), found = BatchMatcher.placeOptimally(&lazy)
            XCTAssertEqual(MatchingSolution(problem, gpOf: found).placedByPriority, MatchingSolution(problem, gpOf: expected).placedByPriority, "round \(round)")
            XCTAssertEqual(millimetres(found), millimetres(expected), "round \(round)")
            XCTAssertEqual(BatchMatcher.placeGreedily(&lazy), BatchMatcher.placeGreedily(&known), "round \(round)")
            measured += lazy.rows.measuredCount
            pairs += lazy.rows.pairCount
        }
        XCTAssertLessThan(measured, pairs, "some distances never needed")
        print("measured \(measured) of \(pairs) distances")
    }

    // MARK: - MinCostFlowNetwork

    func testFlowNetworkShipsSuppliesCheapestFirst() {
        var network = MinCostFlowNetwork(nodeCount: 3)
        let direct = network.addEdge(from: 0, to: 2, capacity: 1, cost: 4)
        let first = network.addEdge(from: 0, to: 1, capacity: 5, cost: 1)
        network.addEdge(from: 1, to: 2, capacity: 5, cost: 5)
        network.setSupply(2, at: 0)
        network.setSupply(-3, at: 2)
        let outcome = network.solve()
        XCTAssertEqual(outcome, .init(shipped: 2, cost: 10, stranded: 0))
        XCTAssertEqual(network.flow(on: direct), 1)
        XCTAssertEqual(network.flow(on: first), 1)
        XCTAssertEqual(network.totalCost, 10)
        // More supply than the network can carry: the rest is stranded.
        var blocked = MinCostFlowNetwork(nodeCount: 2)
        blocked.addEdge(from: 0, to: 1, capacity: 1, cost: 3)
        blocked.setSupply(2, at: 0)
        blocked.setSupply(-2, at: 1)
        XCTAssertEqual(blocked.solve(), .init(shipped: 1, cost: 3, stranded: 1))
    }

    func testFlowNetworkReroutesAlongResidualArcs() {
        // Classic trap: the first cheapest path 0→1→2→3 (cost 2) must be partly undone for the second unit.
        var network = MinCostFlowNetwork(nodeCount: 4)
        network.addEdge(from: 0, to: 1, capacity: 1, cost: 1)
        network.addEdge(from: 0, to: 2, capacity: 1, cost: 5)
        network.addEdge(from: 1, to: 2, capacity: 1, cost: 0)
        network.addEdge(from: 1, to: 3, capacity: 1, cost: 5)
        network.addEdge(from: 2, to: 3, capacity: 1, cost: 1)
        let outcome = network.solve(from: 0, to: 3)
        XCTAssertEqual(outcome.shipped, 2)
        XCTAssertEqual(network.totalCost, 12)   // 0→1→3 (6) + 0→2→3 (6)
    }

    func testFlowNetworkStopsWhenPathsNoLongerPay() {
        // Rewards as negative costs: take the −5 and −2 paths, not the +3 one.
        var network = MinCostFlowNetwork(nodeCount: 5)
        network.addEdge(from: 0, to: 1, capacity: 1, cost: -5)
        network.addEdge(from: 0, to: 2, capacity: 1, cost: -2)
        network.addEdge(from: 0, to: 3, capacity: 1, cost: 3)
        for v in 1...3 { network.addEdge(from: v, to: 4, capacity: 1, cost: 0) }
        XCTAssertEqual(network.solve(from: 0, to: 4, onlyNegativeCostPaths: true), .init(shipped: 2, cost: -7, stranded: 0))
        XCTAssertEqual(network.solve(from: 0, to: 4), .init(shipped: 1, cost: 3, stranded: 0))   // continues from there
    }

    // MARK: - Helpers

    struct Pair: Hashable { var patient: Int; var gp: Int }

    /// Whole metres (the test distances are whole metres already).
    func metres(_ km: Double) -> Int64 { Int64(km * 1000 + 0.5) }

    func isBetter(_ a: [Int], than b: [Int]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x > y }
        return false
    }

    /// Distances in whole metres, so that the solver's millimetre rounding is exact and totals compare tightly.
    func randomProblem(_ rng: inout SeededRandom, patients: Int, gps: Int, maxPlaces: Int,
                       distinctDistances: UInt64 = 30_000) -> MatchingProblem {
        let priorities = (0..<patients).map { _ in Int(rng.next() % 4) }
        let capacities = (0..<gps).map { _ in Int(rng.next() % UInt64(maxPlaces + 1)) }
        var candidates: [C] = []
        for p in 0..<patients {
            for g in 0..<gps where rng.next() % 3 != 0 {
                candidates.append(C(patient: p, gp: g, distanceKm: Double(rng.next() % distinctDistances) / 1000))
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
        func explore(_ p: Int, _ metres: Int) {
            if p == problem.patientPriorities.count {
                let distance = Double(metres) / 1000
                if isBetter(placed, than: best.placed) || (placed == best.placed && distance < best.distance) {
                    best = (placed, distance)
                }
                return
            }
            explore(p + 1, metres)
            for c in byPatient[p] ?? [] where remaining[c.gp] > 0 {
                remaining[c.gp] -= 1; placed[problem.patientPriorities[p]] += 1
                explore(p + 1, metres + Int(self.metres(c.distanceKm)))
                remaining[c.gp] += 1; placed[problem.patientPriorities[p]] -= 1
            }
        }
        explore(0, 0)
        return best
    }

    /// One min-cost flow, source → patient → GP → sink, arc cost = metres − bonus(class), where one patient's
    /// bonus outweighs all the patients of the classes below plus any total distance; pushed only while a
    /// path lowers the cost.
    func bonusFlow(_ problem: MatchingProblem) -> (placed: [Int], distanceKm: Double) {
        let n = problem.patientPriorities.count, m = problem.gpCapacities.count
        let metres = problem.candidates.map { self.metres($0.distanceKm) }
        var bonuses = [Int64](repeating: 0, count: 4)
        var below = Int64(n) * (metres.max() ?? 0)
        for k in stride(from: 3, through: 0, by: -1) {
            bonuses[k] = below + 1
            below += Int64(problem.patientPriorities.filter { $0 == k }.count) * bonuses[k]
        }
        var network = MinCostFlowNetwork(nodeCount: n + m + 2)
        let source = n + m, sink = n + m + 1
        for p in 0..<n { network.addEdge(from: source, to: p, capacity: 1, cost: 0) }
        for g in 0..<m { network.addEdge(from: n + g, to: sink, capacity: problem.gpCapacities[g], cost: 0) }
        var edges: [Int] = []
        for (c, candidate) in problem.candidates.enumerated() {
            let bonus = bonuses[problem.patientPriorities[candidate.patient]]
            edges.append(network.addEdge(from: candidate.patient, to: n + candidate.gp, capacity: 1, cost: metres[c] - bonus))
        }
        network.solve(from: source, to: sink, onlyNegativeCostPaths: true)
        var placed = [0, 0, 0, 0]
        var total: Int64 = 0
        for (c, edge) in edges.enumerated() where network.flow(on: edge) > 0 {
            placed[problem.patientPriorities[problem.candidates[c].patient]] += 1
            total += metres[c]
        }
        return (placed, Double(total) / 1000)
    }
}
