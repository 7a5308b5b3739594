import Foundation
import GeometryKit

/// A Mapbox Vector Tile read back (MVT 2.1, the protobuf message `vector_tile.Tile`) without the writer's code: its
/// layers, their features, and polygons grouped as §4.3.4.4 tells readers to group them.
///
/// ```swift
/// let tile = try DecodedTile(writer.finish())
/// let polygons = try tile.layer("cpts")!.features[0].polygons()   // [[[TilePoint]]]: exterior then holes
/// ```
public struct DecodedTile {
    public struct Feature {
        public var id: UInt64?
        /// 1 point, 2 line, 3 polygon.
        public var type: UInt64 = 0
        public var commands: [UInt64] = []
    }

    public struct Layer {
        public var name = ""
        public var extent = 4096
        public var features: [Feature] = []
    }

    public var layers: [Layer] = []

    public init(_ bytes: [UInt8]) throws {
        var reader = ProtobufReader(bytes[...])
        while let (field, wire) = try reader.key() {
            guard field == 3, wire == 2 else { try reader.skip(wire); continue }
            layers.append(try Self.layer(try reader.bytes()))
        }
    }

    public func layer(_ name: String) -> Layer? { layers.first { $0.name == name } }

    private static func layer(_ bytes: ArraySlice<UInt8>) throws -> Layer {
        var layer = Layer(), reader = ProtobufReader(bytes)
        while let (field, wire) = try reader.key() {
            switch (field, wire) {
            case (1, 2): layer.name = String(decoding: try reader.bytes(), as: UTF8.self)
            case (2, 2): layer.features.append(try feature(try reader.bytes()))
            case (5, 0): layer.extent = Int(try reader.varint())
            default: try reader.skip(wire)
            }
        }
        return layer
    }

    private static func feature(_ bytes: ArraySlice<UInt8>) throws -> Feature {
        var feature = Feature(), reader = ProtobufReader(bytes)
        while let (field, wire) = try reader.key() {
            switch (field, wire) {
            case (1, 0): feature.id = try reader.varint()
            case (3, 0): feature.type = try reader.varint()
            case (4, 2):
                var packed = ProtobufReader(try reader.bytes())
                while !packed.isAtEnd { feature.commands.append(try packed.varint()) }
            default: try reader.skip(wire)
            }
        }
        return feature
    }
}

/// A position of a tile's integer grid (x east, y down).
public struct TilePoint: Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
    public var description: String { "(\(x) \(y))" }
}

public enum MVTDecodingError: Error, CustomStringConvertible {
    case truncated
    case unknownWireType(Int)
    case badGeometry(String)

    public var description: String {
        switch self {
        case .truncated: return "truncated protobuf"
        case .unknownWireType(let type): return "unknown wire type \(type)"
        case .badGeometry(let reason): return "bad geometry: \(reason)"
        }
    }
}

extension DecodedTile.Feature {
    /// The rings the commands draw (MVT 2.1 §4.3.4.4: MoveTo, LineTo, ClosePath for each), unclosed, in tile coordinates.
    public func rings() throws -> [[TilePoint]] {
        guard type == 3 else { throw MVTDecodingError.badGeometry("not a polygon (type \(type))") }
        var rings: [[TilePoint]] = [], ring: [TilePoint] = []
        var cursor = TilePoint(x: 0, y: 0), index = 0
        func parameter() throws -> Int {
            guard index < commands.count else { throw MVTDecodingError.badGeometry("missing parameter") }
            let n = commands[index]; index += 1
            return Int(n >> 1) ^ -Int(n & 1)
        }
        while index < commands.count {
            let command = commands[index] & 7, count = Int(commands[index] >> 3)
            index += 1
            switch command {
            case 1:
                guard count == 1, ring.isEmpty else { throw MVTDecodingError.badGeometry("MoveTo ×\(count) inside a polygon or before a ClosePath") }
                cursor.x += try parameter(); cursor.y += try parameter()
                ring = [cursor]
            case 2:
                guard !ring.isEmpty, count > 0 else { throw MVTDecodingError.badGeometry("LineTo ×\(count) without MoveTo") }
                for _ in 0..<count {
                    cursor.x += try parameter(); cursor.y += try parameter()
                    ring.append(cursor)
                }
            case 7:
                guard count == 1, ring.count >= 3 else { throw MVTDecodingError.badGeometry("ClosePath after \(ring.count) positions") }
                rings.append(ring); ring = []
            default:
                throw MVTDecodingError.badGeometry("command \(command)")
            }
        }
        guard ring.isEmpty else { throw MVTDecodingError.badGeometry("ring without ClosePath") }
        return rings
    }

    /// The polygons as MVT 2.1 §4.3.4.4 groups rings: a ring of positive area by the surveyor's formula in tile coordinates
    /// (clockwise on screen, y down) opens a polygon, the rings of negative area after it are its holes. Throws on a ring
    /// of no area or a hole before any exterior.
    public func polygons() throws -> [[[TilePoint]]] {
        var polygons: [[[TilePoint]]] = []
        for ring in try rings() {
            let area = Self.signedArea(ring)
            if area > 0 {
                polygons.append([ring])
            } else if area < 0 {
                guard !polygons.isEmpty else { throw MVTDecodingError.badGeometry("first ring counter-clockwise on screen: \(ring)") }
                polygons[polygons.count - 1].append(ring)
            } else {
                throw MVTDecodingError.badGeometry("ring of no area: \(ring)")
            }
        }
        return polygons
    }

    /// The polygons in tile coordinates, for GEOS: a polygon, or a multipolygon when there are several.
    public func geometry() throws -> Geometry {
        let polygons = try polygons().map { polygon in
            polygon.map { ring in (ring + [ring[0]]).map { Coordinate(x: Double($0.x), y: Double($0.y)) } }
        }
        return try Geometry(shape: polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons))
    }

    /// Twice the signed area (surveyor's formula; y down, so clockwise on screen is positive).
    public static func signedArea(_ ring: [TilePoint]) -> Int {
        var sum = 0
        for i in ring.indices {
            let (a, b) = (ring[i], ring[(i + 1) % ring.count])
            sum += a.x * b.y - b.x * a.y
        }
        return sum
    }
}

/// The protobuf wire format, read: varints, and length-delimited fields as slices.
struct ProtobufReader {
    private let buffer: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) { buffer = bytes; index = bytes.startIndex }

    var isAtEnd: Bool { index >= buffer.endIndex }

    /// The next field's number and wire type; nil at the end.
    mutating func key() throws -> (Int, Int)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard index < buffer.endIndex, shift < 64 else { throw MVTDecodingError.truncated }
            let byte = buffer[index]; index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func bytes() throws -> ArraySlice<UInt8> {
        let length = Int(try varint())
        guard length >= 0, index + length <= buffer.endIndex else { throw MVTDecodingError.truncated }
        defer { index += length }
        return buffer[index..<(index + length)]
    }

    mutating func skip(_ wireType: Int) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: index += 8
        case 2: _ = try bytes()
        case 5: index += 4
        default: throw MVTDecodingError.unknownWireType(wireType)
        }
        guard index <= buffer.endIndex else { throw MVTDecodingError.truncated }
    }
}

/// Tiles as files where GDAL reads them as tiles: `{z}/{x}/{y}.mvt` under a fresh temporary folder.
public enum TileFiles {
    /// The path written.
    public static func write(_ bytes: [UInt8], as tile: TileID) throws -> String {
        let directory = NSTemporaryDirectory() + "maillage-mvt-\(UUID().uuidString)/\(tile.z)/\(tile.x)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/\(tile.y).mvt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
