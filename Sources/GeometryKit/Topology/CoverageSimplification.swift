import CGEOS

/// Generalisation that keeps shared borders shared, as mapshaper and TopoJSON do: each edge of the graph —
/// a border between two faces, walked once — is simplified once, so both neighbours get the same simplified
/// line and stay glued, with neither gap nor overlap, at any tolerance.
///
/// The edges of each frame are simplified together, in the frame's planar CRS (metres), by GEOS's
/// topology-preserving simplifier (`GEOSTopologyPreserveSimplify` over all of them as one
/// MultiLineString): no simplified edge crosses another, and each keeps its end nodes. Douglas-Peucker only
/// drops vertices, so the kept ones are mapped back to their exact original longitude/latitude: nodes stay
/// bit for bit what they were, and the graph's topology with them. A face whose rebuilt polygon is not valid
/// (an edge jumped over an enclave, two edges of a small face collapsed onto one line) gets its edges back
/// at full resolution, and its neighbours are rebuilt with them, until every face is valid. The simplifier
/// checks each new segment against the lines as they stand, so a border put back at full resolution can
/// cross a neighbour's simplified one: those are put back too, until no restored border meets another
/// anywhere but at their nodes. An island or enclave that a simplified border passed over (no crossing, both
/// faces valid, one now inside the other) puts that border back as well.
///
/// ```swift
/// let coarse = try coverage.simplified(tolerance: 1_000, frames: [metropole])   // 1 km in Lambert-93
/// coarse.faces[12]                    // commune 12, generalised
/// try coarse.union(of: [12, 13, 40])  // their CPTS, from the same generalised edges
/// ```
extension PolygonCoverage {
    /// Thrown when GEOS's simplifier does not return one line per edge: nothing is generalised then.
    struct SimplificationMismatch: Error {}

    /// The coverage with every edge simplified with `tolerance` (metres of the frame that holds the edge's first
    /// position); edges in no frame are kept as they are.
    public func simplified(tolerance: Double, frames: [PlanarFrame]) throws -> PolygonCoverage {
        guard tolerance > 0 else { return self }
        var coordinates = edges.map(\.coordinates)
        var edgesOfFrame = Array(repeating: [Int](), count: frames.count)
        for (id, edge) in edges.enumerated() {
            if let frame = frames.firstIndex(where: { $0.region.contains(edge.coordinates[0]) }) { edgesOfFrame[frame].append(id) }
        }
        for (frame, ids) in zip(frames, edgesOfFrame) where !ids.isEmpty {
            for (id, kept) in zip(ids, try simplifiedVertices(of: ids, in: frame, tolerance: tolerance)) {
                coordinates[id] = kept.map { edges[id].coordinates[$0] }
            }
        }
        return try rebuilt(withEdgeCoordinates: coordinates)
    }

    /// For each edge, the indices of the vertices the simplifier keeps.
    private func simplifiedVertices(of ids: [Int], in frame: PlanarFrame, tolerance: Double) throws -> [[Int]] {
        // One PROJ call for all the frame's positions, split back edge by edge.
        let projected = try frame.project(ids.flatMap { edges[$0].coordinates })
        var lines: [[Coordinate]] = []
        lines.reserveCapacity(ids.count)
        var start = 0
        for id in ids {
            let count = edges[id].coordinates.count
            lines.append(Array(projected[start..<(start + count)]))
            start += count
        }
        let simplified = try Geometry(shape: .multiLineString(lines)).simplifyPreservingTopology(tolerance: tolerance)
        let output: [[Coordinate]]
        switch simplified.shape {
        case .multiLineString(let parts): output = parts
        case .lineString(let part): output = [part]
        default: throw SimplificationMismatch()
        }
        guard output.count == lines.count else { throw SimplificationMismatch() }
        return zip(output, lines).map { kept, line in Self.positions(of: kept, in: line) ?? Array(line.indices) }
    }

    /// Where each of `kept` lies in `line`, in order (the simplifier keeps a subsequence); nil if it does not.
    static func positions(of kept: [Coordinate], in line: [Coordinate]) -> [Int]? {
        var positions: [Int] = []
        positions.reserveCapacity(kept.count)
        var next = 0
        for vertex in kept {
            while next < line.count, line[next] != vertex { next += 1 }
            guard next < line.count else { return nil }
            positions.append(next)
            next += 1
        }
        guard positions.first == 0, positions.last == line.count - 1 else { return nil }
        return positions
    }

    /// The faces rebuilt from the edges with these coordinates; the edges of faces that do not come out valid
    /// go back to their full resolution, round after round, until all do. Then the same for faces that moved
    /// across another part of the graph: the simplifier keeps edges from crossing, but an edge can still pass
    /// over a whole island or enclave, which then lies inside a face it was outside of (both stay valid).
    private func rebuilt(withEdgeCoordinates initial: [[Coordinate]]) throws -> PolygonCoverage {
        var coordinates = initial
        var pending = Array(faces.indices.filter { faces[$0] != nil })
        var rebuiltFaces = faces
        let parts = separateParts()
        let containersBefore = containers(of: parts, among: faces)
        // Restored since the last crossing check: the simplified borders never change, so one check per restored border is enough.
        var unchecked = Set<Int>()
        func restore(edgesOf face: Int, into restored: inout Set<Int>) {
            for id in edgesOfFace[face] where coordinates[Int(id)].count != edges[Int(id)].coordinates.count {
                coordinates[Int(id)] = edges[Int(id)].coordinates
                restored.insert(Int(id))
            }
        }
        while !pending.isEmpty {
            let graph = PolygonCoverage(faces: [], edges: edges(with: coordinates), edgeNodes: edgeNodes, edgesOfFace: edgesOfFace)
            let candidates = try ParallelMap.map(pending) { face in try graph.faceFromEdges(face) }
            var restored = Set<Int>()
            for (face, candidate) in zip(pending, candidates) {
                if let candidate {
                    rebuiltFaces[face] = candidate
                } else {
                    restore(edgesOf: face, into: &restored)
                    // A face whose edges are all at full resolution already and still fails keeps its polygon.
                    rebuiltFaces[face] = faces[face]
                }
            }
            if restored.isEmpty {
                // Valid faces: now the parts that ended up inside another face, or out of the one they were in.
                for (before, after) in zip(containersBefore, containers(of: parts, among: rebuiltFaces)) where before != after {
                    for face in before.symmetricDifference(after) { restore(edgesOf: face, into: &restored) }
                }
            }
            if restored.isEmpty {
                // And the simplified borders that a border put back at full resolution now meets.
                let restoredBorders = unchecked
                unchecked = []
                for id in try simplifiedEdgesMeeting(restoredBorders, coordinates: coordinates) {
                    coordinates[id] = edges[id].coordinates
                    restored.insert(id)
                }
            }
            unchecked.formUnion(restored)
            // Faces along a restored edge are rebuilt with it (both sides of a border change together).
            pending = Set(restored.flatMap { [edges[$0].leftFace, edges[$0].rightFace] }.filter { $0 != Self.outside }.map(Int.init)).sorted()
        }
        return PolygonCoverage(faces: rebuiltFaces, edges: edges(with: coordinates), edgeNodes: edgeNodes, edgesOfFace: edgesOfFace)
    }

    /// The edges with other coordinates, the same faces either side.
    private func edges(with coordinates: [[Coordinate]]) -> [Edge] {
        zip(edges, coordinates).map { Edge(coordinates: $1, leftFace: $0.leftFace, rightFace: $0.rightFace) }
    }

    /// The edges still simplified that meet one of `restored` (at full resolution) elsewhere than at a shared node.
    private func simplifiedEdgesMeeting(_ restored: Set<Int>, coordinates: [[Coordinate]]) throws -> Set<Int> {
        guard !restored.isEmpty else { return [] }
        let simplified = coordinates.indices.filter { coordinates[$0].count != edges[$0].coordinates.count }
        let index = STRtree(envelopes: simplified.map { Envelope(covering: coordinates[$0])! })
        let found = try ParallelMap.map(restored.sorted()) { id -> [Int] in
            let line = try Geometry(shape: .lineString(coordinates[id]))
            return try index.query(Envelope(covering: coordinates[id])!).map { simplified[$0] }.filter { other in
                // "FF*F*****": interiors apart, and neither line's interior through the other's end nodes.
                !line.relates(try Geometry(shape: .lineString(coordinates[other])), pattern: "FF*F*****")
            }
        }
        return Set(found.joined())
    }

    /// The connected parts of the edge graph (edges meeting at nodes: the mainland, each island, each enclave's
    /// ring), each with one of its nodes — whose position no simplification moves — and the faces along it.
    private func separateParts() -> [(node: Coordinate, faces: Set<Int>)] {
        let nodeCount = Int(edgeNodes.reduce(0) { max($0, $1.start, $1.end) }) + 1
        var sets = DisjointSet(count: nodeCount)
        for (start, end) in edgeNodes { sets.union(Int(start), Int(end)) }
        var parts: [Int: (node: Coordinate, faces: Set<Int>)] = [:]
        for (id, edge) in edges.enumerated() {
            let root = sets.find(Int(edgeNodes[id].start))
            var part = parts[root] ?? (edge.coordinates[0], [])
            for face in [edge.leftFace, edge.rightFace] where face != Self.outside { part.faces.insert(Int(face)) }
            parts[root] = part
        }
        return parts.sorted { $0.key < $1.key }.map(\.value)
    }

    /// For each part, the faces of other parts that cover its node: what it lies inside.
    private func containers(of parts: [(node: Coordinate, faces: Set<Int>)], among faces: [Geometry?]) -> [Set<Int>] {
        let withPolygon = faces.indices.filter { faces[$0]?.envelope != nil }
        let index = STRtree(envelopes: withPolygon.map { faces[$0]!.envelope! })
        return parts.map { part in
            let point = Geometry(point: part.node)
            let box = Envelope(minX: part.node.x, minY: part.node.y, maxX: part.node.x, maxY: part.node.y)
            return Set(index.query(box).map { withPolygon[$0] }.filter { !part.faces.contains($0) && faces[$0]!.covers(point) })
        }
    }

    /// One face as the polygon of its own edges, or nil when that polygon is not valid or has no area.
    private func faceFromEdges(_ face: Int) throws -> Geometry? {
        let boundary = boundaryEdges(of: [face], ordered: [face])
        guard let polygon = try linkRings(boundary) ?? polygonize(boundary), polygon.area > 0, polygon.isValid else { return nil }
        return polygon
    }
}
