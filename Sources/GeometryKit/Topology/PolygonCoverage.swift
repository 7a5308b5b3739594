import CGEOS

/// Polygons that share their borders exactly — a *coverage*, like the IGN commune layer — held once as
/// the planar graph of their edges, each edge knowing the polygon (face) on its left and on its right,
/// as in PostGIS topology's edge table (`left_face`, `right_face`).
///
/// `union(of:)` dissolves any group of faces (`ST_Union` of communes into a CPTS or a white zone) from the
/// edges that have the group on one side only, turned so that the group lies on their left: they link
/// up into the union's rings, counter-clockwise shells and clockwise holes (orientation by GEOS). Where
/// the boundary touches itself at a node, GEOS's polygonizer assembles the edges instead. GEOS's coverage
/// union would find those edges anew on every call, hashing every segment of every polygon and
/// polygonizing segment by segment; here the segments are matched once, when the layer is built.
///
/// Edges come from identical segments, so neighbours must share their border vertices (GEOS's coverage
/// union needs that too). Every union is checked by GEOS — valid, with exactly the planar area of its
/// faces — and otherwise computed again by `Geometry.dissolveCoverage`: the answer is always right, only
/// slower on a coverage whose neighbours do not share vertices.
///
/// ```swift
/// let coverage = PolygonCoverage(faces: communes.map(\.geometry))
/// let zone = try coverage.union(of: [12, 13, 40])   // a polygon if they touch along edges
/// zone?.method                                       // .edgeRings: dissolved from the edge graph
/// zone?.partsDoNotOverlap                            // true: areas of the faces add up to the union's
/// ```
public final class PolygonCoverage: Sendable {
    /// One edge: a border between two faces, or between a face and the outside.
    struct Edge {
        let coordinates: [Coordinate]
        let leftFace: Int32
        let rightFace: Int32
    }

    /// The faces as given (nil where a face has no polygon).
    public let faces: [Geometry?]
    /// Planar area of each face, for the check of each union.
    private let faceAreas: [Double]
    let edges: [Edge]
    /// The graph vertex where each edge starts and ends (equal for a closed edge).
    let edgeNodes: [(start: Int32, end: Int32)]
    /// For each face, the edges on its boundary.
    let edgesOfFace: [[Int32]]

    /// The face id beyond the coverage's outer border.
    static let outside: Int32 = -1

    public init(faces: [Geometry?]) {
        self.faces = faces
        faceAreas = faces.map { $0?.area ?? 0 }
        let graph = EdgeGraph(faces: faces)
        let chains = graph.chains()
        edges = chains.map { Edge(coordinates: $0.vertices.map { graph.coordinates[Int($0)] }, leftFace: $0.leftFace, rightFace: $0.rightFace) }
        edgeNodes = chains.map { ($0.vertices.first!, $0.vertices.last!) }
        var edgesOfFace = Array(repeating: [Int32](), count: faces.count)
        for (id, edge) in edges.enumerated() {
            for face in [edge.leftFace, edge.rightFace] where face != Self.outside { edgesOfFace[Int(face)].append(Int32(id)) }
        }
        self.edgesOfFace = edgesOfFace
    }

    /// The same graph with other edge coordinates (same nodes, same faces either side) and the faces rebuilt
    /// from them: a generalised coverage (`simplified(tolerance:frames:)`).
    init(faces: [Geometry?], edges: [Edge], edgeNodes: [(start: Int32, end: Int32)], edgesOfFace: [[Int32]]) {
        self.faces = faces
        faceAreas = faces.map { $0?.area ?? 0 }
        self.edges = edges
        self.edgeNodes = edgeNodes
        self.edgesOfFace = edgesOfFace
    }

    /// Number of edges of the graph (each shared border once).
    public var edgeCount: Int { edges.count }

    /// Number of positions of the edges (each shared border once, nodes counted on every edge they end).
    public var vertexCount: Int { edges.reduce(0) { $0 + $1.coordinates.count } }

    /// `ST_Union` of some faces (indices into `faces`; faces without polygon are ignored), or nil when
    /// none has a polygon. `method` tells which path made it (edge rings, GEOS's polygonizer over the edges,
    /// or a GEOS fallback); `partsDoNotOverlap` is true when the union was checked to have exactly the planar
    /// area of its faces, so that any area measured on the faces adds up to the union's.
    public func union(of members: [Int]) throws -> DissolvedCoverage? {
        let group = Set(members.filter { faces[$0] != nil })
        // In face order, so that the same group always gives the same rings.
        let ordered = group.sorted()
        guard let first = ordered.first else { return nil }
        guard ordered.count > 1 else { return DissolvedCoverage(geometry: faces[first]!, method: .single) }
        let boundary = boundaryEdges(of: group, ordered: ordered)
        let partsArea = ordered.reduce(0) { $0 + faceAreas[$1] }
        if let rings = try linkRings(boundary), rings.isExactUnion(ofPartsArea: partsArea) {
            return DissolvedCoverage(geometry: rings, method: .edgeRings)
        }
        if let polygons = try polygonize(boundary), polygons.isExactUnion(ofPartsArea: partsArea) {
            return DissolvedCoverage(geometry: polygons, method: .edgePolygonizer)
        }
        return try Geometry.dissolveCoverage(ordered.map { faces[$0]! })
    }

    /// The edges with the group on one side only, each as a line with the group on its left, listed face
    /// by face in `ordered` (the group's faces, sorted).
    func boundaryEdges(of group: Set<Int>, ordered: [Int]) -> [(edge: Int, reversed: Bool)] {
        var boundary: [(edge: Int, reversed: Bool)] = []
        for face in ordered {
            for id in edgesOfFace[face] {
                let edge = edges[Int(id)]
                let leftIn = edge.leftFace != Self.outside && group.contains(Int(edge.leftFace))
                let rightIn = edge.rightFace != Self.outside && group.contains(Int(edge.rightFace))
                // Listed from the face inside only (an edge between two members lies inside the union).
                if leftIn != rightIn, face == Int(leftIn ? edge.leftFace : edge.rightFace) {
                    boundary.append((Int(id), rightIn))
                }
            }
        }
        return boundary
    }

    private func coordinates(_ part: (edge: Int, reversed: Bool)) -> [Coordinate] {
        part.reversed ? edges[part.edge].coordinates.reversed() : edges[part.edge].coordinates
    }

    private func nodes(_ part: (edge: Int, reversed: Bool)) -> (start: Int32, end: Int32) {
        let (start, end) = edgeNodes[part.edge]
        return part.reversed ? (end, start) : (start, end)
    }

    /// Links the boundary edges end to start into closed rings and makes the polygons; nil when a node
    /// has two ways on (the boundary touches itself there), which is left to GEOS's polygonizer.
    func linkRings(_ boundary: [(edge: Int, reversed: Bool)]) throws -> Geometry? {
        var leaving: [Int32: Int] = [:]
        for (i, part) in boundary.enumerated() where leaving.updateValue(i, forKey: nodes(part).start) != nil { return nil }
        var linked = Array(repeating: false, count: boundary.count)
        var rings: [[Coordinate]] = []
        for first in boundary.indices where !linked[first] {
            var ring = coordinates(boundary[first])
            linked[first] = true
            var next = leaving[nodes(boundary[first]).end]
            while let i = next, i != first {
                guard !linked[i] else { return nil }
                linked[i] = true
                ring.append(contentsOf: coordinates(boundary[i]).dropFirst())
                next = leaving[nodes(boundary[i]).end]
            }
            guard next == first, ring.count >= 4 else { return nil }
            rings.append(ring)
        }
        return try PolygonAssembly.polygons(fromRings: rings)
    }

    /// GEOS's polygonizer over the boundary edges (`GEOSPolygonize_valid`).
    func polygonize(_ boundary: [(edge: Int, reversed: Bool)]) throws -> Geometry? {
        guard !boundary.isEmpty else { return nil }
        let lines = try boundary.map { try Geometry(shape: .lineString(edges[$0.edge].coordinates)) }
        return try Geometry.withHandles(of: lines) { buffer in
            try Geometry.make("polygonize") { GEOSPolygonize_valid_r($0, buffer.baseAddress, UInt32(buffer.count)) }
        }
    }
}
