/// Web Mercator (EPSG:3857), the CRS of the tile pyramid, through PROJ.
///
/// ```swift
/// let toMercator = try WebMercator.transform()
/// let mercator = try geometry.transformed(by: toMercator)
/// try WebMercator.envelope(Envelope(minX: -5.3, minY: 41.3, maxX: 9.7, maxY: 51.2))   // metres
/// ```
public enum WebMercator {
    /// Longitude/latitude (EPSG:4326) to Web Mercator metres. A new transform each call: a transform
    /// serialises its calls, so threads projecting at once each take their own.
    public static func transform() throws -> CoordinateTransform {
        try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
    }

    /// A longitude/latitude box in Web Mercator metres (the projection keeps meridians and parallels
    /// straight, so the corners are enough).
    public static func envelope(_ lonLat: Envelope) throws -> Envelope {
        let corners = try transform().transform([Coordinate(x: lonLat.minX, y: lonLat.minY), Coordinate(x: lonLat.maxX, y: lonLat.maxY)])
        return Envelope(minX: corners[0].x, minY: corners[0].y, maxX: corners[1].x, maxY: corners[1].y)
    }
}
