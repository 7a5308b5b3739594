/// Union-find over `0..<count` with path halving and union by size: groups items linked pairwise (adjacent
/// communes, edges of a coverage meeting at a node) into connected components.
public struct DisjointSet: Sendable {
    private var parent: [Int]
    private var size: [Int]

    public init(count: Int) {
        parent = Array(0..<count)
        size = Array(repeating: 1, count: count)
    }

    public mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    public mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }

    /// The components, each sorted, ordered by their smallest member.
    public mutating func components() -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for x in parent.indices { byRoot[find(x), default: []].append(x) }
        return byRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
