import GeometryKit

/// Which communes of a set touch each other — share a boundary segment or only a point — decided by
/// GEOS (`ST_Intersects` on the polygons of a coverage, whose interiors never overlap), with the
/// layer's STR-tree to find candidates. What `ST_ClusterDBSCAN(geom, 0, 1)` computes in PostGIS.
public enum CommuneAdjacency {
    /// Groups communes (indices into `layer.communes`) into connected components of touching communes.
    /// A commune without polygon is a component of its own. Components are ordered by their first code.
    public static func components(of members: [Int], in layer: CommuneLayer) -> [[Int]] {
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        var sets = DisjointSet(count: members.count)
        let links = (try? ParallelMap.map(members) { member -> [Int] in
            guard let geometry = layer.communes[member].geometry, let box = geometry.envelope else { return [] }
            let candidates = layer.candidates(intersecting: box).filter { $0 > member && position[$0] != nil }
            guard !candidates.isEmpty else { return [] }
            let prepared = geometry.prepared()
            return candidates.filter { prepared.intersects(layer.communes[$0].geometry!) }
        }) ?? []
        for (i, neighbours) in links.enumerated() {
            for neighbour in neighbours { sets.union(i, position[neighbour]!) }
        }
        return sets.components().map { $0.map { members[$0] } }
    }
}
