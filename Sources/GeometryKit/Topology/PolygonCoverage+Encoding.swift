/// A coverage as bytes, for a store to keep what took seconds to build (a generalised national edge graph) and give it
/// back in a fraction of that: its faces as WKB, its edges with their faces either side, their end nodes and their
/// positions. Little-endian:
///
///     "MCV1"  faces: u32, then per face u32 length (0xFFFFFFFF: no polygon) and its WKB
///             edges: u32, then per edge i32 left face, i32 right face, i32 start node, i32 end node, u32 n, n × (f64 x, f64 y)
///
/// ```swift
/// let bytes = coverage.encoded()
/// let again = try PolygonCoverage(encoded: bytes)   // same faces, same edges: unions come out identical
/// ```
extension PolygonCoverage {
    static let encodingMagic: [UInt8] = Array("MCV1".utf8)
    private static let noFace = UInt32.max

    public func encoded() -> [UInt8] {
        var out = Self.encodingMagic
        out.reserveCapacity(vertexCount * 48 + faces.count * 64)
        Self.append(UInt32(faces.count), to: &out)
        for face in faces {
            guard let face else { Self.append(Self.noFace, to: &out); continue }
            let wkb = face.wkb
            Self.append(UInt32(wkb.count), to: &out)
            out += wkb
        }
        Self.append(UInt32(edges.count), to: &out)
        for (edge, nodes) in zip(edges, edgeNodes) {
            for value in [edge.leftFace, edge.rightFace, nodes.start, nodes.end] { Self.append(UInt32(bitPattern: value), to: &out) }
            Self.append(UInt32(edge.coordinates.count), to: &out)
            for c in edge.coordinates {
                Self.append(c.x.bitPattern, to: &out)
                Self.append(c.y.bitPattern, to: &out)
            }
        }
        return out
    }

    /// The coverage `encoded()` wrote; `GeometryError.invalidInput` for anything else (truncated, another format, a face
    /// or node out of range).
    public convenience init(encoded bytes: [UInt8]) throws {
        var reader = ByteReader(bytes: bytes)
        guard try reader.take(4) == Self.encodingMagic else { throw ByteReader.invalid("not an encoded coverage") }
        let faceCount = Int(try reader.u32())
        var wkbs: [[UInt8]?] = []
        wkbs.reserveCapacity(faceCount)
        for _ in 0..<faceCount {
            let length = try reader.u32()
            wkbs.append(length == Self.noFace ? nil : try reader.take(Int(length)))
        }
        // Reading WKB into GEOS is most of the work: spread over the cores.
        let faces = try ParallelMap.map(wkbs) { try $0.map { try Geometry(wkb: $0) } }
        let edgeCount = Int(try reader.u32())
        var edges: [Edge] = [], edgeNodes: [(start: Int32, end: Int32)] = []
        edges.reserveCapacity(edgeCount)
        edgeNodes.reserveCapacity(edgeCount)
        var edgesOfFace = Array(repeating: [Int32](), count: faceCount)
        for id in 0..<edgeCount {
            let left = Int32(bitPattern: try reader.u32()), right = Int32(bitPattern: try reader.u32())
            let start = Int32(bitPattern: try reader.u32()), end = Int32(bitPattern: try reader.u32())
            let count = Int(try reader.u32())
            guard count >= 2, count <= reader.remaining / 16 else { throw ByteReader.invalid("edge \(id) has \(count) positions") }
            var coordinates: [Coordinate] = []
            coordinates.reserveCapacity(count)
            for _ in 0..<count { coordinates.append(Coordinate(x: Double(bitPattern: try reader.u64()), y: Double(bitPattern: try reader.u64()))) }
            for face in [left, right] where face != Self.outside {
                guard face >= 0, Int(face) < faceCount else { throw ByteReader.invalid("edge \(id) borders face \(face) of \(faceCount)") }
                edgesOfFace[Int(face)].append(Int32(id))
            }
            guard start >= 0, end >= 0 else { throw ByteReader.invalid("edge \(id) has a negative node") }
            edges.append(Edge(coordinates: coordinates, leftFace: left, rightFace: right))
            edgeNodes.append((start, end))
        }
        guard reader.remaining == 0 else { throw ByteReader.invalid("\(reader.remaining) bytes after the last edge") }
        self.init(faces: faces, edges: edges, edgeNodes: edgeNodes, edgesOfFace: edgesOfFace)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Reads little-endian values off bytes, throwing at the end instead of trapping.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    static func invalid(_ reason: String) -> GeometryError { .invalidInput(format: "encoded coverage", reason: reason) }

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw Self.invalid("truncated at byte \(offset)") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func u32() throws -> UInt32 { try integer() }
    mutating func u64() throws -> UInt64 { try integer() }

    private mutating func integer<T: FixedWidthInteger>() throws -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw Self.invalid("truncated at byte \(offset)") }
        var value: T = 0
        for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
        offset += size
        return value
    }
}
