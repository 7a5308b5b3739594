import Foundation

/// A tile of the Web Mercator pyramid (EPSG:3857, as OpenStreetMap, MapLibre and `ST_TileEnvelope`): zoom
/// `z`, column `x` from the antimeridian eastwards, row `y` from the north downwards.
///
/// ```swift
/// let tile = TileID(z: 5, x: 16, y: 11)
/// tile.mercatorBounds                         // its square in EPSG:3857 metres
/// TileID.covering(lonLat: box, zoom: 5)       // the tiles over a longitude/latitude box
/// ```
public struct TileID: Hashable, Sendable, CustomStringConvertible {
    public let z: Int
    public let x: Int
    public let y: Int

    /// Half the side of the Web Mercator square, metres (π × the WGS84 semi-major axis).
    public static let halfWorld = 20_037_508.342789244
    /// Deepest zoom served: tiles of about 2.4 m per pixel at 256 pixels.
    public static let maximumZoom = 22

    /// nil when z is out of 0…maximumZoom or x, y out of 0..<2^z.
    public init?(z: Int, x: Int, y: Int) {
        guard (0...Self.maximumZoom).contains(z), (0..<(1 << z)).contains(x), (0..<(1 << z)).contains(y) else { return nil }
        self.z = z; self.x = x; self.y = y
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    /// Side of one tile at this zoom, metres of Web Mercator.
    public var side: Double { 2 * Self.halfWorld / Double(1 << z) }

    /// The tile's square in EPSG:3857 metres.
    public var mercatorBounds: Envelope {
        let minX = -Self.halfWorld + Double(x) * side, maxY = Self.halfWorld - Double(y) * side
        return Envelope(minX: minX, minY: maxY - side, maxX: minX + side, maxY: maxY)
    }

    /// The tiles at `zoom` whose square meets a box of EPSG:3857 metres.
    public static func covering(mercator box: Envelope, zoom: Int) -> [TileID] {
        let count = 1 << zoom, side = 2 * halfWorld / Double(count)
        func column(_ x: Double) -> Int { min(count - 1, max(0, Int(((x + halfWorld) / side).rounded(.down)))) }
        func row(_ y: Double) -> Int { min(count - 1, max(0, Int(((halfWorld - y) / side).rounded(.down)))) }
        return (row(box.maxY)...row(box.minY)).flatMap { y in (column(box.minX)...column(box.maxX)).compactMap { TileID(z: zoom, x: $0, y: y) } }
    }
}
