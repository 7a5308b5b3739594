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
/// 2. **Least distance with those counts.** A transportation problem (`MinCostFlowNetwork`): each patient
///    ships one unit to a GP (cost: distance) or to the "waits" node of its class, whose room is the number
///    of that class who cannot be placed. Every complete shipment therefore places exactly the stage-1
///    counts, and the cheapest one is the answer. The "waits" arcs cost a constant M, paid the same number
///    of times by every complete shipment, so M cannot change the optimum (M = 0 gives the same answers);
///    it is chosen larger than twice any sum of distances so that a path ending at a "waits" node always
///    costs more than one ending at a free place: the searches for the stage-1 patients, served first,
///    then stop before reaching those nodes (4× faster on a one-class instance of 2 000 patients).
///
/// Deterministic: candidates are read per patient by (distance, GP index) and ties always resolve the same way.
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
    /// Longer candidate distances are rejected: beyond any real one, and it keeps costs far from overflow.
    public static let maximumDistanceKm = 40_000.0

    /// The exact lexicographic optimum (see the type's documentation).
    public static func solveOptimally(_ problem: MatchingProblem) -> MatchingSolution {
        let graph = CandidateGraph(problem)
        let counted = graph.largestPlacementByClass()
        return graph.solution(gpOf: graph.cheapestPlacement(like: counted))
    }

    /// The baseline: patients in priority order (then index) each take their nearest GP with a place
    /// left (ties by GP index). Never better than `solveOptimally`, often worse.
    public static func solveGreedily(_ problem: MatchingProblem) -> MatchingSolution {
        let graph = CandidateGraph(problem)
        var left = graph.capacity
        var gpOf = [Int32](repeating: -1, count: graph.patientCount)
        let order = (0..<graph.patientCount).sorted { (graph.priority[$0], $0) < (graph.priority[$1], $1) }
        for p in order {
            for e in graph.arcs(of: p) where left[Int(graph.arcGP[e])] > 0 {
                left[Int(graph.arcGP[e])] -= 1
                gpOf[p] = graph.arcGP[e]
                break
            }
        }
        return graph.solution(gpOf: gpOf)
    }

    /// `km` in whole millimetres, half up (by hand: `rounded()` would need libm, outside the standard library).
    static func millimetres(_ km: Double) -> Int64 {
        let scaled = km * 1_000_000
        let whole = Int64(scaled)
        return scaled - Double(whole) >= 0.5 ? whole + 1 : whole
    }

    /// The candidates per patient, deduplicated and sorted by (distance, GP), in millimetres for the solver.
    struct CandidateGraph {
        let patientCount: Int
        let gpCount: Int
        let priority: [Int]
        /// Places usable per GP: its places, but no more than the patients who can reach it.
        let capacity: [Int]
        let firstArc: [Int]
        let arcGP: [Int32]
        let arcMillimetres: [Int64]
        let arcKm: [Double]

        init(_ problem: MatchingProblem) {
            patientCount = problem.patientPriorities.count
            gpCount = problem.gpCapacities.count
            priority = problem.patientPriorities
            precondition(priority.allSatisfy { (0..<BatchMatcher.priorityClasses).contains($0) }, "priority class outside 0...3")
            precondition(problem.gpCapacities.allSatisfy { $0 >= 0 }, "negative GP capacity")
            precondition(gpCount < Int(Int32.max), "too many GPs")
            // Bucket the candidates by patient, then sort each (short) bucket.
            var start = [Int](repeating: 0, count: patientCount + 1)
            for c in problem.candidates {
                precondition((0..<patientCount).contains(c.patient) && (0..<gpCount).contains(c.gp), "candidate index out of range")
                precondition(c.distanceKm >= 0 && c.distanceKm <= BatchMatcher.maximumDistanceKm, "candidate distance not in 0...maximumDistanceKm")
                start[c.patient + 1] += 1
            }
            for p in 0..<patientCount { start[p + 1] += start[p] }
            var bucket = [Int](repeating: 0, count: problem.candidates.count)
            var fill = start
            for (i, c) in problem.candidates.enumerated() { bucket[fill[c.patient]] = i; fill[c.patient] += 1 }
            let millimetres = problem.candidates.map { BatchMatcher.millimetres($0.distanceKm) }

            var first = [Int](repeating: 0, count: patientCount + 1)
            var gps: [Int32] = [], mm: [Int64] = [], km: [Double] = []
            gps.reserveCapacity(problem.candidates.count); mm.reserveCapacity(problem.candidates.count); km.reserveCapacity(problem.candidates.count)
            var seenBy = [Int](repeating: -1, count: gpCount)
            var degree = [Int](repeating: 0, count: gpCount)
            var row: [Arc] = []
            for p in 0..<patientCount {
                first[p] = gps.count
                row.removeAll(keepingCapacity: true)
                for i in bucket[start[p]..<start[p + 1]] {
                    let c = problem.candidates[i]
                    row.append(Arc(millimetres: millimetres[i], km: c.distanceKm, gp: Int32(c.gp)))
                }
                row.sort { ($0.millimetres, $0.km, $0.gp) < ($1.millimetres, $1.km, $1.gp) }
                for arc in row where seenBy[Int(arc.gp)] != p {   // the first of duplicates is the shortest
                    seenBy[Int(arc.gp)] = p
                    degree[Int(arc.gp)] += 1
                    gps.append(arc.gp); mm.append(arc.millimetres); km.append(arc.km)
                }
            }
            first[patientCount] = gps.count
            firstArc = first; arcGP = gps; arcMillimetres = mm; arcKm = km
            capacity = zip(problem.gpCapacities, degree).map { min($0, $1) }
        }

        private struct Arc { var millimetres: Int64; var km: Double; var gp: Int32 }

        func arcs(of p: Int) -> Range<Int> { firstArc[p]..<firstArc[p + 1] }

        /// Stage 1: class by class, Hopcroft–Karp phases (BFS layers from the free patients of the class,
        /// then vertex-disjoint augmenting paths by DFS) until no augmenting path is left. Augmenting never
        /// unplaces a patient, and a patient without augmenting path never gets one later, so after class
        /// k the placed patients of classes ≤ k are a largest placeable set of those classes.
        func largestPlacementByClass() -> [Int32] {
            let n = patientCount
            var slotStart = [Int](repeating: 0, count: gpCount + 1)
            for g in 0..<gpCount { slotStart[g + 1] = slotStart[g] + capacity[g] }
            var occupant = [Int32](repeating: -1, count: slotStart[gpCount])   // the first load[g] slots of g are used
            var load = [Int](repeating: 0, count: gpCount)
            var gpOf = [Int32](repeating: -1, count: n)
            var layer = [Int32](repeating: -1, count: n)
            var seenInPhase = [Int](repeating: -1, count: gpCount)
            var nextArc = [Int](repeating: 0, count: n)
            var nextSlot = [Int](repeating: 0, count: n)
            var reachedThrough = [Int](repeating: -1, count: n)   // the slot a DFS node occupies now
            var queue: [Int32] = [], stack: [Int32] = []
            var phase = 0

            /// DFS along the layers from a free root; on success every node of the path moves one step.
            func augment(_ root: Int) -> Bool {
                stack.removeAll(keepingCapacity: true)
                stack.append(Int32(root)); nextArc[root] = firstArc[root]; nextSlot[root] = 0
                while let top = stack.last {
                    let p = Int(top)
                    var descended = false
                    while nextArc[p] < firstArc[p + 1] {
                        let g = Int(arcGP[nextArc[p]])
                        if load[g] < capacity[g] {
                            var slot = slotStart[g] + load[g]
                            load[g] += 1
                            for x in stack.reversed() {
                                let x = Int(x), vacated = reachedThrough[x]
                                occupant[slot] = Int32(x)
                                gpOf[x] = arcGP[nextArc[x]]
                                reachedThrough[x] = slot
                                layer[x] = -1   // used: paths of a phase are vertex-disjoint
                                slot = vacated
                            }
                            return true
                        }
                        if nextSlot[p] < load[g] {
                            let slot = slotStart[g] + nextSlot[p]
                            nextSlot[p] += 1
                            let q = Int(occupant[slot])
                            if layer[q] == layer[p] + 1 {
                                reachedThrough[q] = slot; nextArc[q] = firstArc[q]; nextSlot[q] = 0
                                stack.append(Int32(q))
                                descended = true
                                break
                            }
                            continue
                        }
                        nextArc[p] += 1
                        nextSlot[p] = 0
                    }
                    if !descended {
                        layer[p] = -1   // dead end for the rest of the phase
                        stack.removeLast()
                    }
                }
                return false
            }

            for k in 0..<BatchMatcher.priorityClasses {
                let roots = (0..<n).filter { priority[$0] == k && !arcs(of: $0).isEmpty }
                while true {
                    phase += 1
                    for p in 0..<n { layer[p] = -1 }
                    queue.removeAll(keepingCapacity: true)
                    for p in roots where gpOf[p] < 0 { layer[p] = 0; queue.append(Int32(p)) }
                    var limit = Int32.max   // layer at which a GP with a free place was first seen
                    var head = 0
                    while head < queue.count {
                        let p = Int(queue[head]); head += 1
                        if layer[p] >= limit { continue }
                        for e in arcs(of: p) {
                            let g = Int(arcGP[e])
                            if seenInPhase[g] == phase { continue }
                            seenInPhase[g] = phase
                            if load[g] < capacity[g] { limit = min(limit, layer[p]); continue }
                            for slot in slotStart[g]..<(slotStart[g] + load[g]) {
                                let q = Int(occupant[slot])
                                if layer[q] < 0 { layer[q] = layer[p] + 1; queue.append(Int32(q)) }
                            }
                        }
                    }
                    if limit == .max { break }
                    var grew = false
                    for p in roots where gpOf[p] < 0 && layer[p] == 0 { if augment(p) { grew = true } }
                    if !grew { break }
                }
            }
            return gpOf
        }

        /// Stage 2: among the placements with the same number of placed patients per class as `counted`,
        /// the one of least total distance (successive shortest paths on the transportation network).
        func cheapestPlacement(like counted: [Int32]) -> [Int32] {
            let classes = BatchMatcher.priorityClasses
            // Patients who have candidates, those placed in stage 1 first: they reach a GP without touching the
            // "waits" nodes; then the others, who either wait or take a place from someone of their class.
            let reachable = (0..<patientCount).filter { !arcs(of: $0).isEmpty }
            let order = reachable.filter { counted[$0] >= 0 }.sorted { (priority[$0], $0) < (priority[$1], $1) }
                + reachable.filter { counted[$0] < 0 }.sorted { (priority[$0], $0) < (priority[$1], $1) }
            var waiting = [Int](repeating: 0, count: classes)
            for p in reachable where counted[p] < 0 { waiting[priority[p]] += 1 }
            var bound: Int64 = 0   // Σ over patients of their longest candidate ≥ any sum of distances
            for p in reachable { bound += arcMillimetres[firstArc[p + 1] - 1] }
            let (twice, overflow) = bound.multipliedReportingOverflow(by: 2)
            precondition(!overflow && twice < Int64.max / 4, "matching instance too large for 64-bit costs")
            let waitCost = twice + 1

            let gpNode = { (g: Int) in order.count + g }
            let waitNode = { (k: Int) in order.count + gpCount + k }
            var network = MinCostFlowNetwork(nodeCount: order.count + gpCount + classes)
            for (node, p) in order.enumerated() {
                network.setSupply(1, at: node)
                for e in arcs(of: p) where capacity[Int(arcGP[e])] > 0 {
                    network.addEdge(from: node, to: gpNode(Int(arcGP[e])), capacity: 1, cost: arcMillimetres[e])
                }
                if waiting[priority[p]] > 0 {
                    network.addEdge(from: node, to: waitNode(priority[p]), capacity: 1, cost: waitCost)
                }
            }
            for g in 0..<gpCount { network.setSupply(-capacity[g], at: gpNode(g)) }
            for k in 0..<classes { network.setSupply(-waiting[k], at: waitNode(k)) }
            let outcome = network.solve()
            precondition(outcome.stranded == 0, "stage 2 must ship every patient (stage 1 gives a feasible shipment)")

            var gpOf = [Int32](repeating: -1, count: patientCount)
            var edge = 0
            for p in order {
                for e in arcs(of: p) where capacity[Int(arcGP[e])] > 0 {
                    if network.flow(on: edge) > 0 { gpOf[p] = arcGP[e] }
                    edge += 1
                }
                if waiting[priority[p]] > 0 { edge += 1 }
            }
            return gpOf
        }

        func solution(gpOf: [Int32]) -> MatchingSolution {
            var placed = [Int](repeating: 0, count: BatchMatcher.priorityClasses)
            var total = 0.0
            var result = [Int?](repeating: nil, count: patientCount)
            for p in 0..<patientCount where gpOf[p] >= 0 {
                let e = arcs(of: p).first { arcGP[$0] == gpOf[p] }!
                result[p] = Int(gpOf[p])
                total += arcKm[e]
                placed[priority[p]] += 1
            }
            return MatchingSolution(gpOfPatient: result, totalDistanceKm: total, placedByPriority: placed)
        }
    }
}
