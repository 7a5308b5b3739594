import GeometryKit

/// Which communes touch each other — share a boundary segment or only a point — decided by GEOS
/// (`ST_Intersects` on the polygons of a coverage, whose interiors never overlap), with the layer's
/// STR-tree to find candidates; and the groups of touching communes of a set, what
/// `ST_ClusterDBSCAN(geom, 0, 1)` computes in PostGIS.
public enum CommuneAdjacency {
    /// For each commune, the sorted indices of the communes it touches (computed on every core).
    static func touchGraph(communes: [Commune], withGeometry: [Int], index: STRtree) -> [[Int]] {
        let higher = (try? ParallelMap.map(withGeometry) { member -> [Int] in
            let geometry = communes[member].geometry!
            let candidates = index.query(geometry.envelope!).map { withGeometry[$0] }.filter { $0 > member }
            guard !candidates.isEmpty else { return [] }
            // One prepared copy per task: prepared geometries are not shared between threads.
            let prepared = geometry.prepared()
            return candidates.filter { prepared.intersects(communes[$0].geometry!) }
        }) ?? []
        var neighbours = Array(repeating: [Int](), count: communes.count)
        for (position, list) in higher.enumerated() {
            let member = withGeometry[position]
            for other in list { neighbours[member].append(other); neighbours[other].append(member) }
        }
        return neighbours.map { $0.sorted() }
    }

    /// Groups communes (indices into `layer.communes`) into connected components of touching communes.
    /// A commune without polygon is a component of its own. Components are ordered by their first index.
    /// `apart`: touching communes whose keys differ stay apart (a white zone cut at régions' limits).
    public static func components(of members: [Int], in layer: CommuneLayer, apart key: ((Commune) -> String)? = nil) -> [[Int]] {
        var position: [Int: Int] = [:]
        for (i, member) in members.enumerated() { position[member] = i }
        var sets = DisjointSet(count: members.count)
        for (i, member) in members.enumerated() {
            for neighbour in layer.neighbours[member] where neighbour > member {
                guard let j = position[neighbour] else { continue }
                if let key, key(layer.communes[member]) != key(layer.communes[neighbour]) { continue }
                sets.union(i, j)
            }
        }
        return sets.components().map { $0.map { members[$0] } }
    }
}
