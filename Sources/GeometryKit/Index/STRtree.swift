import CGEOS

/// A packed R-tree (Sort-Tile-Recursive) over item envelopes — GEOSSTRtree, what PostGIS's GiST
/// index does for `&&`. Built once from all items, then read-only and safe to query from any thread.
///
/// ```swift
/// let index = STRtree(envelopes: communes.map(\.envelope))
/// index.query(Envelope(minX: 2.9, minY: 50.5, maxX: 3.1, maxY: 50.7))   // indices of candidates
/// ```
public final class STRtree: @unchecked Sendable {
    private let tree: OpaquePointer
    public let count: Int

    /// Indexes envelopes; query results are indices into `envelopes`.
    public init(envelopes: [Envelope], nodeCapacity: Int = 10) {
        let context = GEOSContext.current.handle
        tree = GEOSSTRtree_create_r(context, nodeCapacity)!
        count = envelopes.count
        for (index, box) in envelopes.enumerated() {
            // The tree keeps only the envelope of the geometry it is given.
            // (withExtendedLifetime: Swift may free a value right after its last use, i.e. before GEOS
            // reads the handle taken from it.)
            let rectangle = Geometry(envelope: box)
            withExtendedLifetime(rectangle) {
                GEOSSTRtree_insert_r(context, tree, rectangle.handle, UnsafeMutableRawPointer(bitPattern: index + 1))
            }
        }
        // GEOS builds the tree on the first query: do it now, before any concurrent reader.
        _ = query(Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0))
    }

    deinit { GEOSSTRtree_destroy_r(GEOSContext.current.handle, tree) }

    /// Indices of the items whose envelope intersects `envelope`, in no particular order.
    public func query(_ envelope: Envelope) -> [Int] {
        let box = Geometry(envelope: envelope)
        var found: [Int] = []
        withExtendedLifetime(box) {
            withUnsafeMutablePointer(to: &found) { pointer in
                GEOSSTRtree_query_r(GEOSContext.current.handle, tree, box.handle, { item, userData in
                    let results = userData!.assumingMemoryBound(to: [Int].self)
                    results.pointee.append(Int(bitPattern: item) - 1)
                }, pointer)
            }
        }
        return found
    }
}
