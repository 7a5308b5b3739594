/// A position: `x` is the longitude and `y` the latitude in WGS84 (EPSG:4326), or easting and
/// northing in a projected frame.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) { self.x = x; self.y = y }
    /// A WGS84 position, longitude first as in GeoJSON.
    public init(longitude: Double, latitude: Double) { self.x = longitude; self.y = latitude }

    public var longitude: Double { x }
    public var latitude: Double { y }
    public var description: String { "(\(x), \(y))" }

    /// Whether this is a plausible WGS84 position (finite, |lon| ≤ 180, |lat| ≤ 90).
    public var isValidLongitudeLatitude: Bool {
        x.isFinite && y.isFinite && abs(x) <= 180 && abs(y) <= 90
    }
}

/// An axis-aligned bounding box, as `ST_Envelope` / `GEOSEnvelope` give.
public struct Envelope: Hashable, Sendable {
    public var minX, minY, maxX, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// The box around `coordinates`; nil when there are none.
    public init?(covering coordinates: some Sequence<Coordinate>) {
        var box: Envelope?
        for c in coordinates { box = box.map { $0.expanded(toInclude: c) } ?? Envelope(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) }
        guard let box else { return nil }
        self = box
    }

    public func expanded(toInclude c: Coordinate) -> Envelope {
        Envelope(minX: min(minX, c.x), minY: min(minY, c.y), maxX: max(maxX, c.x), maxY: max(maxY, c.y))
    }

    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.x >= minX && c.x <= maxX && c.y >= minY && c.y <= maxY
    }

    /// Whether `other` lies inside this box (edges included).
    public func contains(_ other: Envelope) -> Bool {
        other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
    }
}
