/// Minimum-cost flow by successive shortest paths: Dijkstra on reduced costs (Johnson potentials),
/// stopping each search as soon as the sink is settled. Integer costs, so optimality is exact.
///
/// Used for the batch matching of waiting patients to volunteer GPs (a transportation problem); any
/// network whose initial costs may be negative but that has no negative cycle works, provided the
/// initial potentials are given (`shortestDistancesInDAG` for layered networks).
///
/// ```swift
/// var flow = MinCostFlow(nodes: 4)
/// flow.addEdge(from: 0, to: 1, capacity: 1, cost: -5)
/// …
/// flow.solve(source: 0, sink: 3, potentials: initial) { pathCost in pathCost < 0 }   // stop when no gain
/// ```
public struct MinCostFlow: Sendable {
    private(set) var head: [Int32]
    private(set) var next: [Int32] = []
    private(set) var to: [Int32] = []
    private(set) var capacity: [Int32] = []
    private(set) var cost: [Int64] = []

    public init(nodes: Int) { head = Array(repeating: -1, count: nodes) }

    public var nodeCount: Int { head.count }

    /// Adds an edge and its residual twin; returns the edge id (its twin is `id ^ 1`).
    @discardableResult
    public mutating func addEdge(from u: Int, to v: Int, capacity c: Int, cost w: Int64) -> Int {
        let id = to.count
        to.append(Int32(v)); capacity.append(Int32(c)); cost.append(w); next.append(head[u]); head[u] = Int32(id)
        to.append(Int32(u)); capacity.append(0); cost.append(-w); next.append(head[v]); head[v] = Int32(id + 1)
        return id
    }

    /// Flow on an edge (the capacity of its residual twin).
    public func flow(onEdge id: Int) -> Int { Int(capacity[id ^ 1]) }

    /// Pushes one unit at a time along shortest augmenting paths from `source` while `accept(pathCost)`
    /// says the path improves the objective. `potentials` must make every residual reduced cost ≥ 0 at
    /// the start. Returns the number of units pushed.
    @discardableResult
    public mutating func solve(source: Int, sink: Int, potentials initial: [Int64], accept: (Int64) -> Bool) -> Int {
        var search = PathSearch(potentials: initial)
        var pushed = 0
        while let path = search.shortestPath(in: self, from: source, to: sink), accept(path.cost) {
            push(path.edges)
            pushed += 1
        }
        return pushed
    }

    /// Successive shortest paths from given supply nodes, one unit each, in order (the Hungarian scheme):
    /// after each, the flow is a cheapest one that ships one unit from every supply node served so far.
    /// Returns, per supply node, whether a path to the sink existed.
    public mutating func ship(from supplies: [Int], to sink: Int, potentials initial: [Int64]) -> [Bool] {
        var search = PathSearch(potentials: initial)
        return supplies.map { start in
            guard let path = search.shortestPath(in: self, from: start, to: sink) else { return false }
            push(path.edges)
            return true
        }
    }

    private mutating func push(_ edges: [Int]) {
        for e in edges {
            capacity[e] -= 1
            capacity[e ^ 1] += 1
        }
    }

    /// Dijkstra on reduced costs, stopped when the sink is settled, keeping the potentials valid:
    /// every node gets min(its distance, the sink's distance) added (Johnson/Hungarian update).
    private struct PathSearch {
        var potential: [Int64]
        var distance: [Int64]
        var parentEdge: [Int32]
        var settled: [Bool]
        var touched: [Int] = []
        var heap = MinHeap()

        init(potentials: [Int64]) {
            potential = potentials
            distance = [Int64](repeating: .max, count: potentials.count)
            parentEdge = [Int32](repeating: -1, count: potentials.count)
            settled = [Bool](repeating: false, count: potentials.count)
        }

        /// The edges of a shortest path (sink first) and its real cost, or nil when the sink is unreachable.
        mutating func shortestPath(in network: MinCostFlow, from start: Int, to sink: Int) -> (edges: [Int], cost: Int64)? {
            for v in touched { distance[v] = .max; parentEdge[v] = -1; settled[v] = false }
            touched.removeAll(keepingCapacity: true)
            heap.removeAll()
            distance[start] = 0
            touched.append(start)
            heap.push(0, start)
            var settledOrder: [Int] = []
            while let (d, u) = heap.pop() {
                guard !settled[u], d == distance[u] else { continue }
                settled[u] = true
                settledOrder.append(u)
                if u == sink { break }
                var e = Int(network.head[u])
                while e >= 0 {
                    let v = Int(network.to[e])
                    if network.capacity[e] > 0 && !settled[v] {
                        let candidate = d + network.cost[e] + potential[u] - potential[v]
                        if candidate < distance[v] {
                            if distance[v] == .max { touched.append(v) }
                            distance[v] = candidate
                            parentEdge[v] = Int32(e)
                            heap.push(candidate, v)
                        }
                    }
                    e = Int(network.next[e])
                }
            }
            guard settled[sink] else { return nil }
            let sinkDistance = distance[sink]
            // Nodes settled before the sink got their exact distance; every other node is at least as far.
            for v in settledOrder { potential[v] += distance[v] - sinkDistance }
            for v in potential.indices { potential[v] += sinkDistance }
            var edges: [Int] = []
            var v = sink
            while v != start {
                let e = Int(parentEdge[v])
                edges.append(e)
                v = Int(network.to[e ^ 1])
            }
            return (edges, potential[sink] - potential[start])
        }
    }
}

/// A binary min-heap of (key, node) pairs, ties by node.
struct MinHeap {
    private var keys: [Int64] = []
    private var nodes: [Int] = []

    mutating func push(_ key: Int64, _ node: Int) {
        keys.append(key); nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard (keys[i], nodes[i]) < (keys[parent], nodes[parent]) else { break }
            keys.swapAt(i, parent); nodes.swapAt(i, parent); i = parent
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard let top = keys.first else { return nil }
        let node = nodes[0]
        keys.swapAt(0, keys.count - 1); nodes.swapAt(0, nodes.count - 1)
        keys.removeLast(); nodes.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < keys.count && (keys[l], nodes[l]) < (keys[smallest], nodes[smallest]) { smallest = l }
            if r < keys.count && (keys[r], nodes[r]) < (keys[smallest], nodes[smallest]) { smallest = r }
            guard smallest != i else { break }
            keys.swapAt(i, smallest); nodes.swapAt(i, smallest); i = smallest
        }
        return (top, node)
    }

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true) }
}
