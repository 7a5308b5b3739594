/// The bookkeeping of the flow solvers' Dijkstra searches (`CheapestPlacement`, and the tests' `MinCostFlowNetwork`), kept from
/// one search to the next: each node's label, whether the current search reached or settled it (stamps, so that
/// nothing is cleared between thousands of small searches), the settled nodes in order, and the heap.
///
/// ```swift
/// var frontier = SearchFrontier(nodeCount: 3)
/// frontier.start(at: 0)
/// while let (u, key) = frontier.settleNext(below: .max) {
///     for (v, cost) in arcs(u) { _ = frontier.improve(v, to: key + cost) }
/// }
/// frontier.settled   // in order of distance
/// ```
package struct SearchFrontier {
    package private(set) var distance: [Int64]
    private var reachedIn: [UInt32]
    private var settledIn: [UInt32]
    private var stamp: UInt32 = 0
    package private(set) var settled: [Int32] = []
    private var heap = NodeHeap()

    package init(nodeCount: Int) {
        distance = [Int64](repeating: 0, count: nodeCount)
        reachedIn = [UInt32](repeating: 0, count: nodeCount)
        settledIn = [UInt32](repeating: 0, count: nodeCount)
    }

    /// A new search from `node`, at distance 0.
    package mutating func start(at node: Int) {
        if stamp == .max {
            for v in reachedIn.indices { reachedIn[v] = 0; settledIn[v] = 0 }
            stamp = 0
        }
        stamp += 1
        settled.removeAll(keepingCapacity: true)
        heap.removeAll()
        distance[node] = 0
        reachedIn[node] = stamp
        heap.push(0, Int32(node))
    }

    /// Settles the nearest node not yet settled and returns it with its distance; nil when none is left nearer
    /// than `limit`.
    package mutating func settleNext(below limit: Int64) -> (node: Int, distance: Int64)? {
        while let (key, node) = heap.popMin() {
            if limit <= key { return nil }
            let u = Int(node)
            if settledIn[u] == stamp || key != distance[u] { continue }
            settledIn[u] = stamp
            settled.append(node)
            return (u, key)
        }
        return nil
    }

    @inline(__always)
    package func isSettled(_ node: Int) -> Bool { settledIn[node] == stamp }

    /// Gives `node` the label `label` if the search has not settled it and has no better label for it; true if so.
    @inline(__always)
    package mutating func improve(_ node: Int, to label: Int64) -> Bool {
        guard settledIn[node] != stamp, reachedIn[node] != stamp || label < distance[node] else { return false }
        reachedIn[node] = stamp
        distance[node] = label
        heap.push(label, Int32(node))
        return true
    }
}
