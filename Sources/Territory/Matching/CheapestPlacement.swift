/// Stage 2 of `BatchMatcher.solveOptimally`: among the placements with the stage-1 number of placed patients per
/// class, one of least total distance. The transportation problem of `BatchMatcher`'s documentation, solved by
/// successive shortest paths as `MinCostFlowNetwork.solve()` does — one Dijkstra search per patient on reduced
/// costs with node potentials, to the nearest node with room — but on the residual network implied by the
/// candidate rows and the current placement, which is never stored:
/// - from a patient: to each candidate GP but its own (cost: the distance) and to the "waits" node of its class
///   unless it is there (cost W);
/// - from a GP or a "waits" node: back to each patient placed there (minus that patient's cost).
///
/// A row is read by increasing bin of lower bounds and a distance measured only when the arc could still matter:
/// the search never settles a node beyond `bound` (the best way out through a node with room met so far), every
/// potential is ≤ 0, so an entry whose bin already reaches `bound` ends the row, and one whose lower bound
/// reaches it at that GP's potential is skipped. Leaving those arcs out changes nothing: their head is
/// not settled through them, and after the potential update their reduced cost is still ≥ 0.
///
/// The minimum potential among nodes with room (the virtual sink's side of the reduced costs) is kept in a
/// `MinimumTree`: rescanning every GP for it, per search, would cost more than the searches themselves.
struct CheapestPlacement {
    private let priority: [Int]
    private let capacity: [Int]
    private let patientCount: Int, gpCount: Int
    /// Cost of the arc from a patient to its class's "waits" node.
    private let waitCost: Int64
    /// Room of the "waits" node of each class: how many of the class stage 1 could not place.
    private let waitRoom: [Int]

    // Node numbering: patient p → p, GP g → patientCount + g, "waits" of class k → patientCount + gpCount + k.
    private var potential: [Int64]
    private var frontier: SearchFrontier
    /// For GP and "waits" nodes (index node − patientCount): the patient whose arc last improved them, and its cost.
    private var parentPatient: [Int32]
    private var parentCost: [Int64]
    /// The current search: the best way out so far, and the sink-side potential.
    private var bound: Int64 = .max
    private var sinkPotential: Int64 = 0

    // The placement: node and cost of each served patient, the patients at each GP (slots) and "waits" node.
    private var placeOf: [Int32]
    private var costOf: [Int64]
    private var slotOf: [Int32]
    private let slotStart: [Int]
    private var load: [Int]
    private var occupant: [Int32]
    private var waiting: [[Int32]]
    /// Potential of each GP and "waits" node that has room, `.max` for the others.
    private var roomPotentials: MinimumTree

    /// Places the patients as cheaply as possible with exactly the per-class counts of `counted` (a placement
    /// from stage 1); returns the GP of each patient, −1 when waiting. The rows keep the distances measured.
    static func solve(_ graph: inout MatchingGraph, like counted: [Int32]) -> [Int32] {
        var solver = CheapestPlacement(graph, like: counted)
        // Patients placed in stage 1 first: they reach a GP without touching the "waits" nodes; then the others,
        // who either wait or take a place from someone of their class.
        let reachable = (0..<graph.patientCount).filter { !graph.rows.entries(of: $0).isEmpty }
        for p in graph.byPriority(reachable.filter { counted[$0] >= 0 }) + graph.byPriority(reachable.filter { counted[$0] < 0 }) {
            solver.ship(p, &graph.rows)
        }
        let firstGP = Int32(solver.patientCount), lastGP = Int32(solver.patientCount + solver.gpCount)
        return solver.placeOf.map { node in (firstGP..<lastGP).contains(node) ? node - firstGP : -1 }
    }

    private init(_ graph: MatchingGraph, like counted: [Int32]) {
        let classes = BatchMatcher.priorityClasses
        let rows = graph.rows
        priority = graph.priority
        capacity = graph.capacity
        patientCount = graph.patientCount
        gpCount = graph.gpCount
        var room = [Int](repeating: 0, count: classes)
        var reachable: Int64 = 0
        for p in 0..<patientCount where !rows.entries(of: p).isEmpty {
            reachable += 1
            if counted[p] < 0 { room[priority[p]] += 1 }
        }
        waitRoom = room
        // W exceeds twice any sum of distances (see `BatchMatcher`): reachable patients × the longest entry.
        let (distanceSum, overflow) = reachable.multipliedReportingOverflow(by: max(1, rows.longestMillimetres))
        precondition(!overflow && distanceSum < Int64.max / 8, "matching instance too large for 64-bit costs")
        waitCost = 2 * distanceSum + 1

        let nodeCount = patientCount + gpCount + classes
        potential = [Int64](repeating: 0, count: nodeCount)
        frontier = SearchFrontier(nodeCount: nodeCount)
        parentPatient = [Int32](repeating: -1, count: gpCount + classes)
        parentCost = [Int64](repeating: 0, count: gpCount + classes)
        placeOf = [Int32](repeating: -1, count: patientCount)
        costOf = [Int64](repeating: 0, count: patientCount)
        slotOf = [Int32](repeating: -1, count: patientCount)
        var start = [Int](repeating: 0, count: gpCount + 1)
        for g in 0..<gpCount { start[g + 1] = start[g] + capacity[g] }
        slotStart = start
        load = [Int](repeating: 0, count: gpCount)
        occupant = [Int32](repeating: -1, count: start[gpCount])
        waiting = [[Int32]](repeating: [], count: classes)
        roomPotentials = MinimumTree(count: gpCount + classes, value: .max)
        for g in 0..<gpCount where capacity[g] > 0 { roomPotentials.set(g, 0) }
        for k in 0..<classes where room[k] > 0 { roomPotentials.set(gpCount + k, 0) }
    }

    @inline(__always) private func waitNode(_ k: Int) -> Int { patientCount + gpCount + k }

    /// Room left at a GP or "waits" node.
    @inline(__always) private func room(_ node: Int) -> Int {
        let place = node - patientCount
        return place < gpCount ? capacity[place] - load[place] : waitRoom[place - gpCount] - waiting[place - gpCount].count
    }

    /// One search from patient `p` (not yet placed) to the nearest node with room, then the potential update
    /// and the moves along the path.
    private mutating func ship(_ p: Int, _ rows: inout CandidateRows) {
        sinkPotential = roomPotentials.minimum
        precondition(sinkPotential != .max, "stage 2 must place every patient (stage 1 gives a feasible placement)")
        bound = .max
        frontier.start(at: p)
        var sinkDistance = Int64.max, target = -1
        while let (u, key) = frontier.settleNext(below: sinkDistance) {
            if u < patientCount {
                expandPatient(u, key, &rows)
            } else {
                if room(u) > 0 {
                    let viaU = key + (potential[u] - sinkPotential)
                    if viaU < sinkDistance { sinkDistance = viaU; target = u }
                }
                expandPlace(u, key)
            }
        }
        precondition(target >= 0, "stage 2 must place every patient (stage 1 gives a feasible placement)")
        // Settled nodes are at most sinkDistance away, so potentials only decrease from 0: the row scans rely on it.
        for v in frontier.settled { potential[Int(v)] += frontier.distance[Int(v)] - sinkDistance }
        moveAlongPath(to: target)
        for v in frontier.settled where Int(v) >= patientCount {
            let node = Int(v)
            roomPotentials.set(node - patientCount, room(node) > 0 ? potential[node] : .max)
        }
    }

    /// Arcs out of a patient: its candidate GPs by increasing bin of lower bounds, then its "waits" node.
    private mutating func expandPatient(_ u: Int, _ key: Int64, _ rows: inout CandidateRows) {
        let base = key + potential[u]
        let current = Int(placeOf[u])
        for e in rows.entries(of: u) {
            if base + rows.binFloor(e) >= bound { break }
            let lowest = base + Int64(rows.lowerMillimetres[e])
            let g = Int(rows.gp[e]), v = patientCount + g
            if capacity[g] == 0 || v == current || frontier.isSettled(v) || lowest - potential[v] >= bound { continue }
            let cost = rows.millimetres(e, of: u)
            precondition(base + cost - potential[v] >= key, "negative reduced cost")
            relaxPlace(v, base + cost - potential[v], from: u, cost: cost)
        }
        let w = waitNode(priority[u])
        if waitRoom[priority[u]] > 0 && w != current {
            relaxPlace(w, base + waitCost - potential[w], from: u, cost: waitCost)
        }
    }

    /// Arcs out of a GP or "waits" node: back to the patients placed there.
    private mutating func expandPlace(_ x: Int, _ key: Int64) {
        let base = key + potential[x]
        let place = x - patientCount
        if place < gpCount {
            for slot in slotStart[place]..<(slotStart[place] + load[place]) { relaxPatient(Int(occupant[slot]), base) }
        } else {
            for q in waiting[place - gpCount] { relaxPatient(Int(q), base) }
        }
    }

    /// Labels at `bound` or beyond are left out: the search ends before settling them.
    @inline(__always)
    private mutating func relaxPatient(_ q: Int, _ base: Int64) {
        let label = base - costOf[q] - potential[q]
        if label < bound { _ = frontier.improve(q, to: label) }
    }

    @inline(__always)
    private mutating func relaxPlace(_ v: Int, _ label: Int64, from u: Int, cost: Int64) {
        guard label < bound, frontier.improve(v, to: label) else { return }
        parentPatient[v - patientCount] = Int32(u)
        parentCost[v - patientCount] = cost
        if room(v) > 0 { bound = min(bound, label + potential[v] - sinkPotential) }
    }

    /// Back from the target: each node's parent patient moves into it, leaving its former place to the next.
    private mutating func moveAlongPath(to target: Int) {
        var node = target
        while true {
            let q = Int(parentPatient[node - patientCount])
            let former = Int(placeOf[q])
            if former >= 0 { remove(q, from: former) }
            put(q, into: node, cost: parentCost[node - patientCount])
            if former < 0 { return }
            node = former
        }
    }

    private mutating func remove(_ q: Int, from node: Int) {
        let place = node - patientCount, slot = Int(slotOf[q])
        if place < gpCount {
            let last = slotStart[place] + load[place] - 1
            occupant[slot] = occupant[last]
            slotOf[Int(occupant[slot])] = Int32(slot)
            load[place] -= 1
        } else {
            let k = place - gpCount
            let moved = waiting[k].removeLast()
            if Int(moved) != q { waiting[k][slot] = moved; slotOf[Int(moved)] = Int32(slot) }
        }
    }

    private mutating func put(_ q: Int, into node: Int, cost: Int64) {
        let place = node - patientCount
        if place < gpCount {
            let slot = slotStart[place] + load[place]
            occupant[slot] = Int32(q)
            slotOf[q] = Int32(slot)
            load[place] += 1
        } else {
            slotOf[q] = Int32(waiting[place - gpCount].count)
            waiting[place - gpCount].append(Int32(q))
        }
        placeOf[q] = Int32(node)
        costOf[q] = cost
    }
}
