/// The planar graph of a coverage's boundaries, built by matching identical segments: vertices, the
/// distinct segments with the faces on either side, and the chains of segments between nodes (vertices
/// where other than two segments meet), which become `PolygonCoverage`'s edges.
struct EdgeGraph {
    /// A chain of vertices between two nodes (or a closed ring with none), with the face on its left and on
    /// its right as it runs (`PolygonCoverage.outside` beyond the coverage).
    struct Chain {
        var vertices: [Int32]
        var leftFace: Int32
        var rightFace: Int32
    }

    /// One ring of a face, as vertex ids (closed: last = first) and the ids of its segments.
    private struct Ring {
        var face: Int32
        /// Whether the face lies left of the ring as it runs: a counter-clockwise shell, a clockwise hole.
        var faceOnLeft: Bool
        var vertices: [Int32]
        var segments: [Int32]
    }

    private(set) var coordinates: [Coordinate] = []
    private var rings: [Ring] = []
    /// Faces on either side of each distinct segment (`PolygonCoverage.outside` when only one).
    private var segmentFaces: [(Int32, Int32)] = []
    /// How many distinct segments meet at each vertex.
    private var degree: [Int32] = []

    init(faces: [Geometry?]) {
        let polygonsOfFace = faces.map { $0?.shape.polygons ?? [] }
        let positions = polygonsOfFace.reduce(0) { $0 + $1.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
        // Most vertices and segments lie on a border of two faces, so about half of the positions are distinct.
        var vertexIDs = WordPairTable(minimumCapacity: positions / 2)
        var segmentIDs = WordPairTable(minimumCapacity: positions / 2)
        for (face, polygons) in polygonsOfFace.enumerated() {
            for polygon in polygons {
                for (position, ring) in polygon.enumerated() {
                    var vertices: [Int32] = []
                    vertices.reserveCapacity(ring.count)
                    for coordinate in ring {
                        let id = vertexID(coordinate, in: &vertexIDs)
                        if vertices.last != id { vertices.append(id) }
                    }
                    guard vertices.count >= 4, vertices.first == vertices.last else { continue }
                    let segments = (0..<(vertices.count - 1)).map {
                        segmentID(vertices[$0], vertices[$0 + 1], face: Int32(face), in: &segmentIDs)
                    }
                    let isShell = position == 0
                    rings.append(Ring(face: Int32(face), faceOnLeft: RingOrientation.isCounterClockwise(ring) == isShell,
                                      vertices: vertices, segments: segments))
                }
            }
        }
    }

    /// Vertices match only when bit for bit identical (with -0 as 0).
    private mutating func vertexID(_ coordinate: Coordinate, in ids: inout WordPairTable) -> Int32 {
        let key = ((coordinate.x + 0).bitPattern, (coordinate.y + 0).bitPattern)
        if let id = ids.id(for: key, insertingIfAbsent: Int32(coordinates.count)) { return id }
        let id = Int32(coordinates.count)
        coordinates.append(coordinate)
        degree.append(0)
        return id
    }

    private mutating func segmentID(_ a: Int32, _ b: Int32, face: Int32, in ids: inout WordPairTable) -> Int32 {
        if let id = ids.id(for: (UInt64(min(a, b)), UInt64(max(a, b))), insertingIfAbsent: Int32(segmentFaces.count)) {
            // A third face on one segment means overlapping polygons: their unions fail the check and fall back.
            if segmentFaces[Int(id)].1 == PolygonCoverage.outside { segmentFaces[Int(id)].1 = face }
            return id
        }
        let id = Int32(segmentFaces.count)
        segmentFaces.append((face, PolygonCoverage.outside))
        degree[Int(a)] += 1
        degree[Int(b)] += 1
        return id
    }

    /// Every chain once: a border shared by two faces is walked from both, and kept from the lower face.
    func chains() -> [Chain] {
        var chains: [Chain] = []
        for ring in rings {
            let count = ring.segments.count
            let across = ring.segments.map { id -> Int32 in
                let (a, b) = segmentFaces[Int(id)]
                return a == ring.face ? b : a
            }
            // A chain starts at a node, or where the face across changes (a node is there too in a coverage).
            let starts = (0..<count).filter { i in
                degree[Int(ring.vertices[i])] != 2 || across[i] != across[(i + count - 1) % count]
            }
            for (n, start) in (starts.isEmpty ? [0] : starts).enumerated() {
                let other = across[start]
                // Kept once: from the lower of two faces, or from the only one; a face across from itself bounds nothing.
                guard other == PolygonCoverage.outside || other > ring.face else { continue }
                let end = n + 1 < starts.count ? starts[n + 1] : (starts.first ?? 0) + count
                let vertices = (start...end).map { ring.vertices[$0 % count] }
                chains.append(Chain(vertices: vertices, leftFace: ring.faceOnLeft ? ring.face : other,
                                    rightFace: ring.faceOnLeft ? other : ring.face))
            }
        }
        return chains
    }
}
