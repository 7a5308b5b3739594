/// The smallest of `count` values, kept up to date as single values change (a segment tree: O(log count) a
/// change, O(1) a read), for a minimum that a full scan per search would cost too much to recompute.
///
/// ```swift
/// var tree = MinimumTree(count: 3, value: 0)
/// tree.set(1, -5); tree.minimum   // -5
/// tree.set(1, .max); tree.minimum // 0
/// ```
struct MinimumTree {
    private let leafStart: Int
    private var tree: [Int64]

    init(count: Int, value: Int64) {
        var leaves = 1
        while leaves < count { leaves *= 2 }
        leafStart = leaves
        tree = [Int64](repeating: .max, count: 2 * leaves)
        for i in 0..<count { tree[leaves + i] = value }
        for i in stride(from: leaves - 1, to: 0, by: -1) { tree[i] = min(tree[2 * i], tree[2 * i + 1]) }
    }

    /// `.max` when every value is `.max` (or there are none).
    var minimum: Int64 { tree[1] }

    mutating func set(_ index: Int, _ value: Int64) {
        var i = leafStart + index
        tree[i] = value
        while i > 1 {
            i /= 2
            tree[i] = min(tree[2 * i], tree[2 * i + 1])
        }
    }
}
