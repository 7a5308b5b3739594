import CGEOS

/// Writes one Mapbox Vector Tile (MVT 2.1 — the protobuf message `vector_tile.Tile`, what PostGIS's
/// `ST_AsMVT` returns): layers of features whose geometry, given in EPSG:3857 metres, is clipped to the tile's
/// square grown by `buffer` pixels (GEOS's `GEOSClipByRect`), scaled to the tile's integer grid (`extent`,
/// y downwards) and encoded as commands; properties go to each layer's key and value tables.
///
/// Each polygon's exterior ring is written clockwise on screen, i.e. of positive area in tile coordinates (y
/// down), and its holes the other way, as MVT 2.1 §4.3.4.4 asks, whatever their direction after clipping. Rings that snap
/// to fewer than three distinct positions are dropped, and the holes of a dropped exterior with it.
///
/// ```swift
/// var tile = MVTWriter(tile: TileID(z: 5, x: 16, y: 11)!)
/// try tile.addLayer("cpts", features: [(id: nil, properties: [("name", .string("CPTS Amiens"))], geometry: mercatorPolygon)])
/// let bytes = tile.finish()   // application/vnd.mapbox-vector-tile
/// ```
public struct MVTWriter {
    public let tile: TileID
    public let extent: Int
    public let buffer: Int
    private var message = ProtobufWriter()

    public init(tile: TileID, extent: Int = 4096, buffer: Int = 64) {
        self.tile = tile; self.extent = extent; self.buffer = buffer
    }

    /// Features written so far, all layers.
    public private(set) var featureCount = 0

    /// Appends a layer (skipped when none of its features reaches the tile).
    public mutating func addLayer(_ name: String, features: [(id: UInt64?, properties: [(String, JSONValue)], geometry: Geometry)]) throws {
        let bounds = tile.mercatorBounds
        let margin = bounds.width * Double(buffer) / Double(extent)
        let clip = Envelope(minX: bounds.minX - margin, minY: bounds.minY - margin, maxX: bounds.maxX + margin, maxY: bounds.maxY + margin)
        var layer = ProtobufWriter()
        var keys: [String: Int] = [:], values: [MVTValue: Int] = [:]
        var keyList: [String] = [], valueList: [MVTValue] = []
        var written = 0
        for feature in features {
            guard let envelope = feature.geometry.envelope, envelope.intersects(clip) else { continue }
            let clipped = clip.contains(envelope) ? feature.geometry : try feature.geometry.clipped(to: clip)
            guard let (type, commands) = encode(clipped.shape, in: bounds) else { continue }
            var tags: [UInt64] = []
            for (key, value) in feature.properties {
                guard let value = MVTValue(value) else { continue }
                let k = keys[key] ?? { keyList.append(key); keys[key] = keyList.count - 1; return keyList.count - 1 }()
                let v = values[value] ?? { valueList.append(value); values[value] = valueList.count - 1; return valueList.count - 1 }()
                tags += [UInt64(k), UInt64(v)]
            }
            var encoded = ProtobufWriter()
            if let id = feature.id { encoded.varint(field: 1, id) }
            encoded.packed(field: 2, tags)
            encoded.varint(field: 3, type)
            encoded.packed(field: 4, commands)
            layer.bytes(field: 2, encoded.bytes)
            written += 1
        }
        guard written > 0 else { return }
        var complete = ProtobufWriter()
        complete.varint(field: 15, 2)
        complete.string(field: 1, name)
        complete.raw(layer.bytes)
        for key in keyList { complete.string(field: 3, key) }
        for value in valueList { complete.bytes(field: 4, value.encoded) }
        complete.varint(field: 5, UInt64(extent))
        message.bytes(field: 3, complete.bytes)
        featureCount += written
    }

    /// The tile's bytes (empty when no layer has a feature).
    public func finish() -> [UInt8] { message.bytes }

    // MARK: - Geometry commands (MVT 2.1 §4.3)

    private static let moveTo: UInt64 = 1, lineTo: UInt64 = 2, closePath: UInt64 = 7

    /// The geometry type (1 point, 2 line, 3 polygon) and command integers; nil when nothing is left at this grid.
    private func encode(_ shape: GeometryShape, in bounds: Envelope) -> (UInt64, [UInt64])? {
        let scale = Double(extent) / bounds.width
        func grid(_ c: Coordinate) -> (Int, Int) {
            (Int(((c.x - bounds.minX) * scale).rounded()), Int(((bounds.maxY - c.y) * scale).rounded()))
        }
        var commands: [UInt64] = []
        var cursor = (0, 0)
        func move(to p: (Int, Int)) { commands += [Self.zigzag(p.0 - cursor.0), Self.zigzag(p.1 - cursor.1)]; cursor = p }
        switch shape {
        case .point(let c):
            commands.append(Self.command(Self.moveTo, count: 1)); move(to: grid(c))
            return (1, commands)
        case .multiPoint(let cs) where !cs.isEmpty:
            commands.append(Self.command(Self.moveTo, count: cs.count)); cs.forEach { move(to: grid($0)) }
            return (1, commands)
        case .polygon, .multiPolygon, .collection:
            for polygon in shape.polygons {
                for (index, ring) in polygon.enumerated() {
                    var points: [(Int, Int)] = []
                    for c in ring.dropLast() {
                        let p = grid(c)
                        if let last = points.last, last == p { continue }
                        points.append(p)
                    }
                    if let first = points.first, let last = points.last, points.count > 1, first == last { points.removeLast() }
                    let area = points.count >= 3 ? Self.area(points) : 0
                    guard area != 0 else {
                        if index == 0 { break } else { continue }   // no exterior: its holes go too
                    }
                    // Exteriors of positive area, holes of negative (clipping does not keep the rings' direction).
                    if (area > 0) != (index == 0) { points.reverse() }
                    commands.append(Self.command(Self.moveTo, count: 1)); move(to: points[0])
                    commands.append(Self.command(Self.lineTo, count: points.count - 1)); points.dropFirst().forEach { move(to: $0) }
                    commands.append(Self.command(Self.closePath, count: 1))
                }
            }
            return commands.isEmpty ? nil : (3, commands)
        default:
            return nil
        }
    }

    /// Twice the signed area by the surveyor's formula, in tile coordinates (y down: clockwise is positive).
    private static func area(_ points: [(Int, Int)]) -> Int {
        var sum = 0
        for i in points.indices {
            let (a, b) = (points[i], points[(i + 1) % points.count])
            sum += a.0 * b.1 - b.0 * a.1
        }
        return sum
    }

    private static func command(_ id: UInt64, count: Int) -> UInt64 { (id & 0x7) | (UInt64(count) << 3) }
    private static func zigzag(_ n: Int) -> UInt64 { UInt64(bitPattern: Int64((n << 1) ^ (n >> 63))) }
}

/// A property value of a vector tile layer (`vector_tile.Tile.Value`): strings, integers, doubles and
/// booleans as such; arrays and objects as their JSON text; null left out.
enum MVTValue: Hashable {
    case string(String), double(Double), signed(Int64), bool(Bool)

    init?(_ value: JSONValue) {
        switch value {
        case .null: return nil
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .number(let n): self = n == n.rounded() && abs(n) < 9e15 ? .signed(Int64(n)) : .double(n)
        default: self = .string(JSONWriter.string(value))
        }
    }

    var encoded: [UInt8] {
        var out = ProtobufWriter()
        switch self {
        case .string(let s): out.string(field: 1, s)
        case .double(let d): out.fixed64(field: 3, d.bitPattern)
        case .signed(let i): out.varint(field: 6, UInt64(bitPattern: (i << 1) ^ (i >> 63)))
        case .bool(let b): out.varint(field: 7, b ? 1 : 0)
        }
        return out.bytes
    }
}

/// The protobuf wire format, as much as a vector tile needs: varints, fixed64, length-delimited fields and
/// packed repeated varints.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(field: Int, _ value: UInt64) { key(field, wireType: 0); rawVarint(value) }
    mutating func fixed64(field: Int, _ value: UInt64) {
        key(field, wireType: 1)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
    mutating func bytes(field: Int, _ value: [UInt8]) { key(field, wireType: 2); rawVarint(UInt64(value.count)); bytes += value }
    mutating func string(field: Int, _ value: String) { bytes(field: field, Array(value.utf8)) }
    mutating func packed(field: Int, _ values: [UInt64]) {
        guard !values.isEmpty else { return }
        var body = ProtobufWriter()
        values.forEach { body.rawVarint($0) }
        bytes(field: field, body.bytes)
    }
    mutating func raw(_ value: [UInt8]) { bytes += value }

    private mutating func key(_ field: Int, wireType: Int) { rawVarint(UInt64(field << 3 | wireType)) }
    private mutating func rawVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
}
