import CGEOS

/// Writes one Mapbox Vector Tile (MVT 2.1 — the protobuf message `vector_tile.Tile`, what PostGIS's
/// `ST_AsMVT` returns): layers of features whose geometry, given in EPSG:3857 metres, is clipped to the tile's
/// square grown by `buffer` pixels (GEOS's `GEOSClipByRect`), scaled to the tile's integer grid (`extent`,
/// y downwards) and encoded as commands; properties go to each layer's key and value tables.
///
/// Polygons are valid on the tile's grid, as MVT 2.1 §4.3.4.4 asks and as `ST_AsMVTGeom` makes them: every position is
/// rounded to the grid, rings left with fewer than three distinct positions or no area are dropped (and the holes of a
/// dropped exterior with it); when GEOS then finds the feature invalid (snapping made a ring cross itself or another, parts
/// overlap), it is repaired on the grid — GEOS's structured MakeValid, then snap-rounding to the grid (GEOSGeom_setPrecision),
/// checked again — and left out if nothing polygonal is left. Each exterior ring is written clockwise on screen, i.e. of
/// positive area in tile coordinates (y down), and its holes the other way, whatever their direction after clipping.
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
    /// Polygon features written so far that snapping to the grid had made invalid, written repaired.
    public private(set) var repairedCount = 0

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
            guard let (type, commands, repaired) = try encode(clipped.shape, in: bounds) else { continue }
            if repaired { repairedCount += 1 }
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

    /// The geometry type (1 point, 2 line, 3 polygon), command integers and whether polygons were repaired; nil when
    /// nothing is left at this grid.
    private func encode(_ shape: GeometryShape, in bounds: Envelope) throws -> (UInt64, [UInt64], Bool)? {
        let scale = Double(extent) / bounds.width
        func grid(_ c: Coordinate) -> GridPoint {
            GridPoint(x: Int(((c.x - bounds.minX) * scale).rounded()), y: Int(((bounds.maxY - c.y) * scale).rounded()))
        }
        var commands: [UInt64] = []
        var cursor = GridPoint(x: 0, y: 0)
        func move(to p: GridPoint) { commands += [Self.zigzag(p.x - cursor.x), Self.zigzag(p.y - cursor.y)]; cursor = p }
        switch shape {
        case .point(let c):
            commands.append(Self.command(Self.moveTo, count: 1)); move(to: grid(c))
            return (1, commands, false)
        case .multiPoint(let cs) where !cs.isEmpty:
            commands.append(Self.command(Self.moveTo, count: cs.count)); cs.forEach { move(to: grid($0)) }
            return (1, commands, false)
        case .polygon, .multiPolygon, .collection:
            guard let (polygons, repaired) = try Self.validPolygons(shape.polygons, snap: grid) else { return nil }
            for polygon in polygons {
                for (index, var points) in polygon.enumerated() {
                    // Exteriors of positive area, holes of negative (neither clipping nor repair keeps the rings' direction).
                    if (Self.area(points) > 0) != (index == 0) { points.reverse() }
                    commands.append(Self.command(Self.moveTo, count: 1)); move(to: points[0])
                    commands.append(Self.command(Self.lineTo, count: points.count - 1)); points.dropFirst().forEach { move(to: $0) }
                    commands.append(Self.command(Self.closePath, count: 1))
                }
            }
            return (3, commands, repaired)
        default:
            return nil
        }
    }

    // MARK: - Valid polygons on the grid (MVT 2.1 §4.3.4.4)

    /// A position of the tile's integer grid (x east, y down).
    struct GridPoint: Equatable { var x: Int; var y: Int }

    /// Polygons on the grid, each its exterior ring then its holes; rings unclosed, of three positions or more not all on
    /// one line.
    typealias GridPolygons = [[[GridPoint]]]

    /// `polygons` (closed rings) snapped to the grid and valid there, and whether they had to be repaired; nil when nothing
    /// is left. As `ST_AsMVTGeom`: positions rounded one by one (cheap, and neighbours' shared borders stay shared), then
    /// GEOSisValid — skipped for a single convex ring, valid by construction (a tile inside a large polygon is a square) —
    /// and only an invalid result repaired.
    static func validPolygons(_ polygons: [[[Coordinate]]], snap: (Coordinate) -> GridPoint) throws -> (GridPolygons, repaired: Bool)? {
        let snapped = gridPolygons(polygons, snap: snap)
        guard !snapped.isEmpty else { return nil }
        if snapped.count == 1, snapped[0].count == 1, isStrictlyConvex(snapped[0][0]) { return (snapped, false) }
        let geometry = try Geometry(shape: shape(of: snapped))
        if geometry.isValid { return (snapped, false) }
        return repaired(geometry).map { ($0, true) }
    }

    /// An invalid geometry on the grid made valid on the grid; nil when nothing polygonal is left. GEOS's structured
    /// MakeValid (shells unioned, holes subtracted, parts collapsed to lines or points dropped) puts new vertices where
    /// rings crossed, off the grid. Rounded to the grid they mostly keep it valid (checked with GEOS, as `ST_AsMVTGeom`
    /// does); otherwise GEOSGeom_setPrecision at grid size 1 snap-rounds the repaired geometry, which keeps a valid
    /// polygonal input valid (GEOS ≥ 3.9, OverlayNG) — not first, as snap-rounding also bends or collapses what was
    /// already fine on the grid (a triangle of half a square whose long side passes a pixel corner). Checked with GEOS
    /// again; up to three rounds as `ST_AsMVTGeom`, then nil (the feature is left out).
    static func repaired(_ invalid: Geometry) -> GridPolygons? {
        func round(_ c: Coordinate) -> GridPoint { GridPoint(x: Int(c.x.rounded()), y: Int(c.y.rounded())) }
        var current = invalid
        for _ in 0..<3 {
            guard var valid = try? current.makeValidKeepingStructure() else { return nil }
            if ![Int32(GEOS_POLYGON.rawValue), Int32(GEOS_MULTIPOLYGON.rawValue)].contains(valid.typeID) {
                // Polygonal parts only (a collection's lines and points, if any, go).
                guard let polygonal = try? Geometry(shape: .multiPolygon(valid.shape.polygons)) else { return nil }
                valid = polygonal
            }
            guard !valid.isEmpty else { return nil }
            let rounded = gridPolygons(valid.shape.polygons, snap: round)
            if !rounded.isEmpty, let geometry = try? Geometry(shape: shape(of: rounded)), geometry.isValid { return rounded }
            guard let snapRounded = try? valid.reducingPrecision(gridSize: 1) else { return nil }
            let polygons = gridPolygons(snapRounded.shape.polygons, snap: round)
            guard !polygons.isEmpty, let next = try? Geometry(shape: shape(of: polygons)) else { return nil }
            if next.isValid { return polygons }
            current = next
        }
        return nil
    }

    /// Rings of closed coordinates to rings on the grid: consecutive positions that snap together merged, rings collapsed to
    /// a line or a point (fewer than three positions, or all on one line) dropped, and the holes of a dropped exterior with
    /// it. A ring of no area whose positions are not on one line crosses itself (a bow-tie of equal halves): kept, for repair.
    static func gridPolygons(_ polygons: [[[Coordinate]]], snap: (Coordinate) -> GridPoint) -> GridPolygons {
        var result: GridPolygons = []
        for polygon in polygons {
            var rings: [[GridPoint]] = []
            for ring in polygon {
                var points: [GridPoint] = []
                points.reserveCapacity(ring.count)
                for c in ring.dropLast() {
                    let p = snap(c)
                    if points.last != p { points.append(p) }
                }
                if points.count > 1, points.first == points.last { points.removeLast() }
                guard points.count >= 3, !isCollinear(points) else {
                    if rings.isEmpty { break } else { continue }   // no exterior: its holes go too
                }
                rings.append(points)
            }
            if !rings.isEmpty { result.append(rings) }
        }
        return result
    }

    /// Whether all the positions are on one line.
    static func isCollinear(_ points: [GridPoint]) -> Bool {
        let a = points[0], b = points[1]
        return points.dropFirst(2).allSatisfy { c in (b.x - a.x) * (c.y - a.y) == (b.y - a.y) * (c.x - a.x) }
    }

    /// Grid polygons for GEOS, rings closed: a polygon (GEOS checks a multipolygon's parts against each other, a
    /// cost when there is one), or a multipolygon.
    static func shape(of polygons: GridPolygons) -> GeometryShape {
        let closed = polygons.map { rings in
            rings.map { ring in (ring + [ring[0]]).map { Coordinate(x: Double($0.x), y: Double($0.y)) } }
        }
        return closed.count == 1 ? .polygon(closed[0]) : .multiPolygon(closed)
    }

    /// Whether a ring (unclosed) is strictly convex: every turn the same way, none straight, and the edges' directions
    /// going round once (x's sign of the edges changes twice round the ring, not four times as in a pentagram). Such a
    /// ring is simple, so a valid polygon on its own. Exact, in integers.
    static func isStrictlyConvex(_ ring: [GridPoint]) -> Bool {
        let n = ring.count
        guard n >= 3 else { return false }
        var turn = 0, changes = 0, firstSign = 0, lastSign = 0
        for i in 0..<n {
            let a = ring[i], b = ring[(i + 1) % n], c = ring[(i + 2) % n]
            let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
            guard cross != 0, turn == 0 || (cross > 0) == (turn > 0) else { return false }
            turn = cross
            let sign = (b.x - a.x).signum()
            guard sign != 0 else { continue }
            if firstSign == 0 { firstSign = sign } else if sign != lastSign { changes += 1 }
            lastSign = sign
        }
        if lastSign != firstSign { changes += 1 }
        return changes == 2
    }

    /// Twice the signed area by the surveyor's formula, in tile coordinates (y down: clockwise is positive).
    static func area(_ points: [GridPoint]) -> Int {
        var sum = 0
        for i in points.indices {
            let (a, b) = (points[i], points[(i + 1) % points.count])
            sum += a.x * b.y - b.x * a.y
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
