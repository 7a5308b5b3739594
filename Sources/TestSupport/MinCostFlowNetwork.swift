import Territory

/// Minimum-cost flow on a directed network with integer capacities and `Int64` costs, by successive
/// shortest paths: each unit of supply goes, in turn, along a cheapest residual path (Dijkstra on
/// reduced costs with node potentials, stopped as soon as a node with room is settled). Integer costs
/// make the result exactly optimal, and the search from one supply node at a time stays local when
/// the network is (transportation problems, assignments).
///
/// Two ways to use it:
/// - `solve()`: nodes with a positive supply send it; nodes with a negative supply accept up to that
///   amount (room, not an obligation). When all the supply can be shipped, the flow is a cheapest one
///   doing so; otherwise `stranded` tells what could not go, and the flow is a cheapest one for what went.
/// - `solve(from:to:maximumFlow:onlyNegativeCostPaths:)`: s–t flow; with `onlyNegativeCostPaths`, stops
///   at the first path that would not lower the cost, which gives a minimum-cost flow of any value.
///
/// The batch matcher's stage 2 (`CheapestPlacement`) works the same way on the network its candidate rows imply,
/// never stored; this general one, with every edge materialised, is the independent solver the tests check it
/// against.
///
/// Costs may be negative as long as the network has no negative-cost cycle (initial potentials then come
/// from Bellman–Ford). Path costs must fit in `Int64` with room to spare: keep |cost| × nodeCount < 2⁶².
///
/// ```swift
/// var network = MinCostFlowNetwork(nodeCount: 3)
/// let cheap = network.addEdge(from: 0, to: 2, capacity: 1, cost: 4)
/// network.addEdge(from: 0, to: 1, capacity: 5, cost: 1)
/// network.addEdge(from: 1, to: 2, capacity: 5, cost: 5)
/// network.setSupply(2, at: 0)
/// network.setSupply(-2, at: 2)
/// network.solve()              // shipped 2, cost 4 + 6
/// network.flow(on: cheap)      // 1
/// ```
public struct MinCostFlowNetwork: Sendable {
    /// Identifies an edge, in the order of `addEdge` calls (0, 1, …).
    public typealias Edge = Int

    /// What one `solve` call did.
    public struct Outcome: Sendable, Equatable {
        /// Units shipped by this call.
        public var shipped: Int
        /// Cost of the units shipped by this call.
        public var cost: Int64
        /// `solve()` only: supply left where it was because no residual path leads to a node with room.
        public var stranded: Int

        public init(shipped: Int, cost: Int64, stranded: Int) {
            self.shipped = shipped
            self.cost = cost
            self.stranded = stranded
        }
    }

    public let nodeCount: Int
    private var tails: [Int32] = []
    private var heads: [Int32] = []
    private var capacities: [Int] = []
    private var costs: [Int64] = []
    private var flows: [Int] = []
    private var supplies: [Int]
    /// Potentials valid for the residual network of the current flow (reduced costs ≥ 0), nil when unknown.
    private var potentials: [Int64]?

    public init(nodeCount: Int) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max), "node count out of range")
        self.nodeCount = nodeCount
        supplies = [Int](repeating: 0, count: nodeCount)
        potentials = [Int64](repeating: 0, count: nodeCount)
    }

    public var edgeCount: Int { tails.count }

    /// Adds an edge `from → to` (two distinct nodes) carrying up to `capacity` units at `cost` each;
    /// returns its id. Edges may be added between solves: the next solve continues from the current flow.
    @discardableResult
    public mutating func addEdge(from: Int, to: Int, capacity: Int, cost: Int64) -> Edge {
        precondition(nodes.contains(from) && nodes.contains(to), "edge end out of range")
        precondition(from != to, "a loop carries no useful flow")
        precondition(capacity >= 0, "negative capacity")
        tails.append(Int32(from))
        heads.append(Int32(to))
        capacities.append(capacity)
        costs.append(cost)
        flows.append(0)
        // A new edge keeps the potentials valid only if its reduced cost is ≥ 0.
        if let potentials, capacity > 0, cost + potentials[from] - potentials[to] < 0 { self.potentials = nil }
        return tails.count - 1
    }

    /// Supply (> 0) or room (< 0) of a node for `solve()`.
    public mutating func setSupply(_ amount: Int, at node: Int) {
        precondition(nodes.contains(node), "node out of range")
        supplies[node] = amount
    }

    public func supply(at node: Int) -> Int { supplies[node] }

    public func flow(on edge: Edge) -> Int { flows[edge] }

    /// Σ flow × cost over all edges.
    public var totalCost: Int64 {
        var total: Int64 = 0
        for e in flows.indices where flows[e] != 0 { total += Int64(flows[e]) * costs[e] }
        return total
    }

    private var nodes: Range<Int> { 0..<nodeCount }

    /// Ships every supply it can to nodes with room, at minimum total cost. Supply nodes are served in
    /// increasing node number (which only changes the work done and how ties between equal-cost
    /// solutions resolve, never the cost).
    @discardableResult
    public mutating func solve() -> Outcome {
        var residual = Residual(self)
        var excess = [Int](repeating: 0, count: nodeCount)
        var room = [Int](repeating: 0, count: nodeCount)
        var balance = supplies
        for e in tails.indices where flows[e] != 0 {
            balance[Int(tails[e])] -= flows[e]
            balance[Int(heads[e])] += flows[e]
        }
        for v in nodes { if balance[v] > 0 { excess[v] = balance[v] } else { room[v] = -balance[v] } }
        var outcome = Outcome(shipped: 0, cost: 0, stranded: 0)
        for v in nodes where excess[v] > 0 {
            while excess[v] > 0 {
                guard let path = residual.shortestPath(from: v, room: room) else {
                    outcome.stranded += excess[v]
                    break
                }
                let amount = residual.push(along: path, from: v, limit: min(excess[v], room[path.target]))
                excess[v] -= amount
                room[path.target] -= amount
                outcome.shipped += amount
                outcome.cost += Int64(amount) * path.cost
            }
        }
        store(residual)
        return outcome
    }

    /// Sends flow from `source` to `sink` along successively cheapest paths, up to `maximumFlow` units;
    /// with `onlyNegativeCostPaths`, only while each path lowers the total cost (negative edge costs
    /// being rewards), which yields the cheapest flow of any value. Supplies are ignored.
    @discardableResult
    public mutating func solve(from source: Int, to sink: Int, maximumFlow: Int = .max,
                               onlyNegativeCostPaths: Bool = false) -> Outcome {
        precondition(nodes.contains(source) && nodes.contains(sink) && source != sink, "bad source or sink")
        var residual = Residual(self)
        var room = [Int](repeating: 0, count: nodeCount)
        room[sink] = maximumFlow
        var outcome = Outcome(shipped: 0, cost: 0, stranded: 0)
        while outcome.shipped < maximumFlow, let path = residual.shortestPath(from: source, room: room) {
            if onlyNegativeCostPaths && path.cost >= 0 { break }
            let amount = residual.push(along: path, from: source, limit: maximumFlow - outcome.shipped)
            outcome.shipped += amount
            outcome.cost += Int64(amount) * path.cost
        }
        store(residual)
        return outcome
    }

    private mutating func store(_ residual: Residual) {
        for a in residual.arcEdge.indices where residual.arcEdge[a] >= 0 {
            let e = Int(residual.arcEdge[a])
            flows[e] = capacities[e] - residual.capacity[a]
        }
        potentials = residual.potential
    }

    /// Compressed residual network: each node's arcs contiguous (the forward arc of each edge leaving it,
    /// the twin of each edge entering it), those with residual capacity first — `firstArc[v]..<activeEnd[v]` —
    /// so that a search never reads saturated arcs (a GP with 200 candidate patients but 2 places has 2
    /// usable arcs back). Plus the Dijkstra state, reused from one search to the next.
    private struct Residual {
        var firstArc: [Int32]
        var activeEnd: [Int32]
        var arcHead: [Int32]
        var arcTwin: [Int32]
        var arcCost: [Int64]
        var capacity: [Int]
        /// The edge of an arc: its index for a forward arc, −1 − index for a twin.
        var arcEdge: [Int32]
        var potential: [Int64]
        var parentArc: [Int32]
        var frontier: SearchFrontier

        struct Path { var target: Int; var cost: Int64 }

        init(_ network: MinCostFlowNetwork) {
            let n = network.nodeCount, m = network.edgeCount
            var start = [Int32](repeating: 0, count: n + 1)
            var active = [Int32](repeating: 0, count: n)
            for e in 0..<m {
                let u = Int(network.tails[e]), v = Int(network.heads[e])
                start[u + 1] += 1
                start[v + 1] += 1
                if network.capacities[e] > network.flows[e] { active[u] += 1 }
                if network.flows[e] > 0 { active[v] += 1 }
            }
            for v in 0..<n { start[v + 1] += start[v] }
            firstArc = start
            activeEnd = (0..<n).map { start[$0] + active[$0] }
            arcHead = [Int32](repeating: 0, count: 2 * m)
            arcTwin = [Int32](repeating: 0, count: 2 * m)
            arcCost = [Int64](repeating: 0, count: 2 * m)
            capacity = [Int](repeating: 0, count: 2 * m)
            arcEdge = [Int32](repeating: 0, count: 2 * m)
            var nextActive = Array(start.dropLast()), nextIdle = activeEnd
            for e in 0..<m {
                let u = Int(network.tails[e]), v = Int(network.heads[e])
                let left = network.capacities[e] - network.flows[e], flow = network.flows[e]
                let forward: Int, backward: Int
                if left > 0 { forward = Int(nextActive[u]); nextActive[u] += 1 } else { forward = Int(nextIdle[u]); nextIdle[u] += 1 }
                if flow > 0 { backward = Int(nextActive[v]); nextActive[v] += 1 } else { backward = Int(nextIdle[v]); nextIdle[v] += 1 }
                arcHead[forward] = Int32(v); arcHead[backward] = Int32(u)
                arcTwin[forward] = Int32(backward); arcTwin[backward] = Int32(forward)
                arcCost[forward] = network.costs[e]; arcCost[backward] = -network.costs[e]
                capacity[forward] = left; capacity[backward] = flow
                arcEdge[forward] = Int32(e); arcEdge[backward] = Int32(-1 - e)
            }
            parentArc = [Int32](repeating: -1, count: n)
            frontier = SearchFrontier(nodeCount: n)
            potential = network.potentials ?? [Int64](repeating: 0, count: n)
            if network.potentials == nil { computePotentials() }
        }

        /// Bellman–Ford (queue-based) from a virtual root joined to every node at cost 0, so that every
        /// residual arc gets a reduced cost ≥ 0. Skipped when no residual arc has a negative cost.
        mutating func computePotentials() {
            let n = potential.count
            for v in 0..<n { potential[v] = 0 }
            guard (0..<n).contains(where: { u in (Int(firstArc[u])..<Int(activeEnd[u])).contains { arcCost[$0] < 0 } }) else { return }
            var queue = Array(0..<n)
            var inQueue = [Bool](repeating: true, count: n)
            var updates = [Int](repeating: 0, count: n)
            var head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                inQueue[u] = false
                for a in Int(firstArc[u])..<Int(activeEnd[u]) {
                    let v = Int(arcHead[a])
                    let candidate = potential[u] + arcCost[a]
                    if candidate < potential[v] {
                        potential[v] = candidate
                        updates[v] += 1
                        precondition(updates[v] <= n, "MinCostFlowNetwork: negative-cost cycle")
                        if !inQueue[v] { inQueue[v] = true; queue.append(v) }
                    }
                }
                if head > 4 * n { queue.removeFirst(head); head = 0 }
            }
        }

        /// Dijkstra from `start` on reduced costs until the virtual sink — joined to every node with room,
        /// at its reduced cost `potential − minimum potential of those nodes` — is settled. Then the
        /// potentials of the settled nodes move by (their distance − the sink's distance), which keeps
        /// every reduced cost ≥ 0, makes the path found tight, and leaves nodes with room untouched
        /// unless they were settled (so the virtual sink's own potential can stay fixed).
        mutating func shortestPath(from start: Int, room: [Int]) -> Path? {
            var sinkPotential = Int64.max
            for v in room.indices where room[v] > 0 { sinkPotential = min(sinkPotential, potential[v]) }
            guard sinkPotential != .max else { return nil }
            frontier.start(at: start)
            parentArc[start] = -1
            var sinkDistance = Int64.max
            var target = -1
            while let (u, key) = frontier.settleNext(below: sinkDistance) {
                if room[u] > 0 {
                    let viaU = key + (potential[u] - sinkPotential)
                    if viaU < sinkDistance { sinkDistance = viaU; target = u }
                }
                let base = key + potential[u]
                for a in Int(firstArc[u])..<Int(activeEnd[u]) {
                    let v = Int(arcHead[a])
                    if frontier.improve(v, to: base + arcCost[a] - potential[v]) { parentArc[v] = Int32(a) }
                }
            }
            guard target >= 0 else { return nil }
            // Real cost of the path = reduced cost + potential(target) − potential(start), before the update.
            let cost = frontier.distance[target] + potential[target] - potential[start]
            for v in frontier.settled { potential[Int(v)] += frontier.distance[Int(v)] - sinkDistance }
            return Path(target: target, cost: cost)
        }

        /// Pushes as much as the path's arcs and `limit` allow; returns the amount.
        mutating func push(along path: Path, from start: Int, limit: Int) -> Int {
            var amount = limit
            var v = path.target
            while v != start {
                let a = Int(parentArc[v])
                amount = min(amount, capacity[a])
                v = Int(arcHead[Int(arcTwin[a])])
            }
            // Back from the target: arc a runs u → v, its twin sits at v. Moving arcs between the usable and
            // saturated parts of u's and v's ranges leaves the arcs still to visit (at nodes before u) in place.
            v = path.target
            while v != start {
                let a = Int(parentArc[v]), twin = Int(arcTwin[a]), u = Int(arcHead[twin])
                let twinWasSaturated = capacity[twin] == 0
                capacity[a] -= amount
                capacity[twin] += amount
                if capacity[a] == 0 {
                    activeEnd[u] -= 1
                    swapArcs(a, Int(activeEnd[u]))
                }
                if twinWasSaturated && amount > 0 {
                    swapArcs(twin, Int(activeEnd[v]))
                    activeEnd[v] += 1
                }
                v = u
            }
            return amount
        }

        /// Exchanges the places of two arcs of the same node, keeping the twin links right.
        private mutating func swapArcs(_ i: Int, _ j: Int) {
            guard i != j else { return }
            let twinOfI = Int(arcTwin[i]), twinOfJ = Int(arcTwin[j])
            arcHead.swapAt(i, j)
            arcTwin.swapAt(i, j)
            arcCost.swapAt(i, j)
            capacity.swapAt(i, j)
            arcEdge.swapAt(i, j)
            arcTwin[twinOfI] = Int32(j)
            arcTwin[twinOfJ] = Int32(i)
        }
    }
}
