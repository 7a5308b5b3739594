/// Assigns waiting patients to GPs with places, for the whole waiting list at once.
///
/// `solveOptimally` is exact for the service's lexicographic objective: first the most ALD patients
/// placed, then plus-de-70-ans, then C2S, then aucune; among those solutions, the least total distance.
/// Distances are compared in whole millimetres (`distanceKm` rounded to 10⁻⁶ km): two solutions whose
/// totals differ by less than a rounding step per patient may be taken one for the other.
///
/// How, in two stages:
/// 1. **How many per class.** The sets of patients that can be placed together are the independent sets
///    of a (transversal) matroid, so adding patients class by class — each class by augmenting paths
///    (Hopcroft–Karp with GP capacities), never unplacing anyone — reaches, for every k at once, the
///    largest possible number of placed patients of classes ≤ k. Those counts are the lexicographic
///    optimum, and every optimal solution has exactly them.
/// 2. **Least distance with those counts.** A transportation problem (`CheapestPlacement`): each patient
///    ships one unit to a GP (cost: distance) or to the "waits" node of its class, whose room is the number
///    of that class who cannot be placed. Every complete shipment therefore places exactly the stage-1
///    counts, and the cheapest one is the answer. The "waits" arcs cost a constant M, paid the same number
///    of times by every complete shipment, so M cannot change the optimum (M = 0 gives the same answers);
///    it is chosen larger than twice any sum of distances so that a path ending at a "waits" node always
///    costs more than one ending at a free place: the searches for the stage-1 patients, served first,
///    then stop before reaching those nodes.
///
/// Both stages read the candidates as `CandidateRows` (flat arrays, one row per place, 12 bytes a pair); stage 1
/// needs no distance, and stage 2 and the greedy baseline measure one only when its lower bound does not settle a
/// comparison: a national batch (20 000 patients, 5.9 million pairs within 30 km) measures 30 000 of them.
///
/// Deterministic: rows are read in a fixed order (by lower bound) and ties always resolve the same way.
///
/// ```swift
/// let problem = MatchingProblem(patientPriorities: [3, 0], gpCapacities: [1],
///     candidates: [MatchingCandidate(patient: 0, gp: 0, distanceKm: 1),
///                  MatchingCandidate(patient: 1, gp: 0, distanceKm: 9)])
/// BatchMatcher.solveOptimally(problem).gpOfPatient   // [nil, 0]: the last place goes to the ALD patient
/// BatchMatcher.solveGreedily(problem).gpOfPatient    // [nil, 0] too: greedy also serves ALD first
/// ```
public enum BatchMatcher {
    /// Priority classes 0 (ALD) … 3 (aucune).
    public static let priorityClasses = 4
    /// Longer candidate distances are rejected: beyond any matching radius in use, and it keeps every distance
    /// in 32 bits of millimetres (up to 4 294 km) and the costs far from overflow.
    public static let maximumDistanceKm = 4_000.0

    /// The exact lexicographic optimum (see the type's documentation).
    public static func solveOptimally(_ problem: MatchingProblem) -> MatchingSolution {
        var graph = MatchingGraph(problem)
        return MatchingSolution(problem, gpOf: placeOptimally(&graph))
    }

    /// The baseline: patients in priority order (then index) each take their nearest GP with a place
    /// left (ties by GP index). Never better than `solveOptimally`, often worse.
    public static func solveGreedily(_ problem: MatchingProblem) -> MatchingSolution {
        var graph = MatchingGraph(problem)
        return MatchingSolution(problem, gpOf: placeGreedily(&graph))
    }

    /// `solveOptimally` on prepared rows: the GP of each patient, −1 when waiting. The rows keep what was measured.
    static func placeOptimally(_ graph: inout MatchingGraph) -> [Int32] {
        let counted = graph.largestPlacementByClass()
        return CheapestPlacement.solve(&graph, like: counted)
    }

    /// `solveGreedily` on prepared rows. A row is read by lower bound until the next bin cannot be nearer than the
    /// nearest GP with a place found, so only the entries that could be that GP are measured.
    static func placeGreedily(_ graph: inout MatchingGraph) -> [Int32] {
        var left = graph.capacity
        var gpOf = [Int32](repeating: -1, count: graph.patientCount)
        for p in graph.byPriority(Array(0..<graph.patientCount)) {
            var nearest: (millimetres: Int64, gp: Int32)?
            for e in graph.rows.entries(of: p) {
                if let nearest, graph.rows.binFloor(e) > nearest.millimetres { break }
                let g = graph.rows.gp[e]
                guard left[Int(g)] > 0, nearest.map({ Int64(graph.rows.lowerMillimetres[e]) <= $0.millimetres }) ?? true else { continue }
                let millimetres = graph.rows.millimetres(e, of: p)
                if nearest.map({ (millimetres, g) < ($0.millimetres, $0.gp) }) ?? true { nearest = (millimetres, g) }
            }
            if let nearest {
                left[Int(nearest.gp)] -= 1
                gpOf[p] = nearest.gp
            }
        }
        return gpOf
    }

    /// `km` in whole millimetres, half up (by hand: `rounded()` would need libm, outside the standard library).
    static func millimetres(_ km: Double) -> Int64 {
        let scaled = km * 1_000_000
        let whole = Int64(scaled)
        return scaled - Double(whole) >= 0.5 ? whole + 1 : whole
    }
}

extension MatchingGraph {
    init(_ problem: MatchingProblem) {
        self.init(rows: CandidateRows(problem), priorities: problem.patientPriorities, places: problem.gpCapacities)
    }
}

extension MatchingSolution {
    /// The figures of a placement (`gpOf[p]` = −1 when waiting); `distanceKm(p, g)` is read for placed patients only.
    init(gpOf: [Int32], priorities: [Int], distanceKm: (_ patient: Int, _ gp: Int) -> Double) {
        var placed = [Int](repeating: 0, count: BatchMatcher.priorityClasses)
        var total = 0.0
        var result = [Int?](repeating: nil, count: gpOf.count)
        for (p, g) in gpOf.enumerated() where g >= 0 {
            result[p] = Int(g)
            total += distanceKm(p, Int(g))
            placed[priorities[p]] += 1
        }
        self.init(gpOfPatient: result, totalDistanceKm: total, placedByPriority: placed)
    }

    /// The figures of a placement of `problem`: a pair listed twice counts at its shorter distance.
    init(_ problem: MatchingProblem, gpOf: [Int32]) {
        var km = [Double](repeating: .infinity, count: gpOf.count)
        for c in problem.candidates where gpOf[c.patient] == Int32(c.gp) { km[c.patient] = min(km[c.patient], c.distanceKm) }
        self.init(gpOf: gpOf, priorities: problem.patientPriorities, distanceKm: { p, _ in km[p] })
    }
}
