/// A candidate pairing of a waiting patient with a volunteer GP (already filtered: within the
/// distance limit, home visits if the patient needs them).
public struct MatchingCandidate: Sendable, Hashable {
    public var patient: Int
    public var gp: Int
    public var distanceKm: Double

    public init(patient: Int, gp: Int, distanceKm: Double) { self.patient = patient; self.gp = gp; self.distanceKm = distanceKm }
}

/// Patients (priority class 0 = ALD … 3 = aucune), GP capacities and the allowed pairs.
public struct MatchingProblem: Sendable {
    public var patientPriorities: [Int]
    public var gpCapacities: [Int]
    public var candidates: [MatchingCandidate]

    public init(patientPriorities: [Int], gpCapacities: [Int], candidates: [MatchingCandidate]) {
        self.patientPriorities = patientPriorities; self.gpCapacities = gpCapacities; self.candidates = candidates
    }
}

/// Who goes where, and the figures of the solution.
public struct MatchingSolution: Sendable, Equatable {
    public var gpOfPatient: [Int?]
    public var totalDistanceKm: Double
    /// Patients placed per priority class 0…3.
    public var placedByPriority: [Int]
}

/// Assigns waiting patients to volunteer GPs.
///
/// `solveOptimally` is exact for the lexicographic objective of the service: first the most ALD
/// patients placed, then plus-de-70-ans, then C2S, then aucune; among those, the least total distance.
/// It is a minimum-cost flow where placing a patient of class p earns a bonus larger than everything
/// the lower classes and the distances can weigh together; distances count in whole metres.
/// (Sets of patients that can be placed together form a matroid, so the best weighted set is also a
/// largest one: the min-cost flow pushes flow until no augmenting path is left.)
///
/// ```swift
/// let solution = BatchMatcher.solveOptimally(MatchingProblem(patientPriorities: [0, 3], gpCapacities: [1],
///     candidates: [.init(patient: 0, gp: 0, distanceKm: 2), .init(patient: 1, gp: 0, distanceKm: 2)]))
/// solution.gpOfPatient   // [0, nil]: the ALD patient gets the last place
/// ```
public enum BatchMatcher {
    public static let priorityClasses = 4

    public static func solveOptimally(_ problem: MatchingProblem) -> MatchingSolution {
        let patients = problem.patientPriorities.count, gps = problem.gpCapacities.count
        let nodes = NodeNumbering(gps: gps, patients: patients)
        let source = nodes.source, sink = nodes.sink
        let metres = problem.candidates.map { Int64(($0.distanceKm * 1000).rounded()) }
        let bonus = classBonuses(priorities: problem.patientPriorities, maxMetres: metres.max() ?? 0)
        var network = MinCostFlow(nodes: nodes.count)
        // Candidates in (patient, distance, gp) order so that equal-cost choices resolve the same way every run.
        let order = problem.candidates.indices.sorted {
            let a = problem.candidates[$0], b = problem.candidates[$1]
            return (a.patient, metres[$0], a.gp) < (b.patient, metres[$1], b.gp)
        }
        var edgeOfCandidate = [Int](repeating: -1, count: problem.candidates.count)
        for c in order {
            let candidate = problem.candidates[c]
            edgeOfCandidate[c] = network.addEdge(from: nodes.patient(candidate.patient), to: nodes.gp(candidate.gp), capacity: 1,
                                                 cost: metres[c] - bonus[problem.patientPriorities[candidate.patient]])
        }
        for g in 0..<gps where problem.gpCapacities[g] > 0 {
            network.addEdge(from: nodes.gp(g), to: sink, capacity: problem.gpCapacities[g], cost: 0)
        }
        let potentials = initialPotentials(problem, nodes, metres: metres, bonus: bonus)
        // Fast path: ship from the patients who have a candidate, most urgent first (local searches).
        // If every one of them is placed, the flow is a cheapest one placing all of them — which no
        // solution can beat on any priority count — so it is optimal. Otherwise solve from the source.
        let withCandidates = Set(problem.candidates.map(\.patient)).sorted {
            (problem.patientPriorities[$0], $0) < (problem.patientPriorities[$1], $1)
        }
        var fast = network
        let shipped = fast.ship(from: withCandidates.map(nodes.patient), to: sink, potentials: potentials)
        if shipped.allSatisfy({ $0 }) {
            network = fast
        } else {
            for p in 0..<patients { network.addEdge(from: source, to: nodes.patient(p), capacity: 1, cost: 0) }
            network.solve(source: source, sink: sink, potentials: potentials) { $0 < 0 }
        }

        var gpOfPatient = [Int?](repeating: nil, count: patients)
        var total = 0.0
        for (c, edge) in edgeOfCandidate.enumerated() where network.flow(onEdge: edge) > 0 {
            gpOfPatient[problem.candidates[c].patient] = problem.candidates[c].gp
            total += problem.candidates[c].distanceKm
        }
        return solution(problem, gpOfPatient, total)
    }

    /// The baseline: patients in priority order (then index) each take their nearest GP with a place left.
    public static func solveGreedily(_ problem: MatchingProblem) -> MatchingSolution {
        var remaining = problem.gpCapacities
        var gpOfPatient = [Int?](repeating: nil, count: problem.patientPriorities.count)
        var total = 0.0
        let byPatient = Dictionary(grouping: problem.candidates, by: \.patient)
        let order = problem.patientPriorities.indices.sorted { (problem.patientPriorities[$0], $0) < (problem.patientPriorities[$1], $1) }
        for p in order {
            let options = (byPatient[p] ?? []).sorted { ($0.distanceKm, $0.gp) < ($1.distanceKm, $1.gp) }
            if let choice = options.first(where: { remaining[$0.gp] > 0 }) {
                remaining[choice.gp] -= 1
                gpOfPatient[p] = choice.gp
                total += choice.distanceKm
            }
        }
        return solution(problem, gpOfPatient, total)
    }

    /// Bonus per class such that one more patient of a class outweighs every patient of the classes
    /// below plus any total distance: bonus[p] = Σ_{q>p} count[q]·bonus[q] + n·maxMetres + 1.
    static func classBonuses(priorities: [Int], maxMetres: Int64) -> [Int64] {
        var count = [Int64](repeating: 0, count: priorityClasses)
        for p in priorities { count[p] += 1 }
        let (distanceWeight, o1) = Int64(priorities.count).multipliedReportingOverflow(by: max(maxMetres, 0))
        precondition(!o1, "matching instance too large for 64-bit costs")
        var bonuses = [Int64](repeating: 0, count: priorityClasses)
        var below = distanceWeight
        for p in stride(from: priorityClasses - 1, through: 0, by: -1) {
            bonuses[p] = below + 1
            let (weight, o2) = count[p].multipliedReportingOverflow(by: bonuses[p])
            let (sum, o3) = below.addingReportingOverflow(weight)
            precondition(!o2 && !o3, "matching instance too large for 64-bit costs")
            below = sum
        }
        return bonuses
    }

    /// Shortest distances from the source in the layered network (source → patients → GPs → sink),
    /// where some costs are negative: the potentials Dijkstra starts from.
    private static func initialPotentials(_ problem: MatchingProblem, _ nodes: NodeNumbering, metres: [Int64], bonus: [Int64]) -> [Int64] {
        let gps = problem.gpCapacities.count
        var potential = [Int64](repeating: 0, count: nodes.count)
        var gpDistance = [Int64](repeating: 0, count: gps)   // GPs reached by no edge stay at 0: only a twin leads there
        var reached = [Bool](repeating: false, count: gps)
        for (c, candidate) in problem.candidates.enumerated() {
            let d = metres[c] - bonus[problem.patientPriorities[candidate.patient]]
            if !reached[candidate.gp] || d < gpDistance[candidate.gp] { gpDistance[candidate.gp] = d; reached[candidate.gp] = true }
        }
        for g in 0..<gps { potential[nodes.gp(g)] = gpDistance[g] }
        potential[nodes.sink] = min(0, gpDistance.enumerated().filter { problem.gpCapacities[$0.offset] > 0 }.map(\.element).min() ?? 0)
        return potential
    }

    /// Node numbers of the flow network. The heap breaks ties by node number, so the sink and the GPs
    /// come first: among equally short paths the search reaches a free GP before opening more patients.
    struct NodeNumbering {
        let gps: Int, patients: Int
        var sink: Int { 0 }
        func gp(_ g: Int) -> Int { 1 + g }
        func patient(_ p: Int) -> Int { 1 + gps + p }
        var source: Int { 1 + gps + patients }
        var count: Int { 2 + gps + patients }
    }

    private static func solution(_ problem: MatchingProblem, _ gpOfPatient: [Int?], _ total: Double) -> MatchingSolution {
        var placed = [Int](repeating: 0, count: priorityClasses)
        for (p, gp) in gpOfPatient.enumerated() where gp != nil { placed[problem.patientPriorities[p]] += 1 }
        return MatchingSolution(gpOfPatient: gpOfPatient, totalDistanceKm: total, placedByPriority: placed)
    }
}
