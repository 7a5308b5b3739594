/// Binary min-heap of (key, node) for the Dijkstra searches of the flow solvers, ties by node so that
/// searches are reproducible.
struct NodeHeap {
    private var keys: [Int64] = []
    private var nodes: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j])
    }

    mutating func push(_ key: Int64, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !less(i, parent) { break }
            keys.swapAt(i, parent)
            nodes.swapAt(i, parent)
            i = parent
        }
    }

    mutating func popMin() -> (Int64, Int32)? {
        guard let key = keys.first else { return nil }
        let node = nodes[0]
        let last = keys.count - 1
        keys.swapAt(0, last)
        nodes.swapAt(0, last)
        keys.removeLast()
        nodes.removeLast()
        var i = 0
        let count = keys.count
        while true {
            let left = 2 * i + 1
            if left >= count { break }
            var child = left
            if left + 1 < count && less(left + 1, left) { child = left + 1 }
            if !less(child, i) { break }
            keys.swapAt(i, child)
            nodes.swapAt(i, child)
            i = child
        }
        return (key, node)
    }
}
