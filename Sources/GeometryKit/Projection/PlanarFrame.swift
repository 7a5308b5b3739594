/// A region of longitude/latitude and the projected CRS in which its geometry is measured in metres: where
/// `PolygonCoverage.simplified(tolerance:frames:)` applies a tolerance given in metres (Lambert-93 for
/// metropolitan France, a UTM zone for each overseas département).
///
/// ```swift
/// let metropole = try PlanarFrame(name: "Métropole", region: Envelope(minX: -5.5, minY: 41, maxX: 10, maxY: 51.5), crs: "EPSG:2154")
/// try metropole.project([Coordinate(x: 2.35, y: 48.85)])   // Lambert-93 metres
/// ```
public struct PlanarFrame: Sendable {
    public let name: String
    /// The longitude/latitude box of the positions this frame projects.
    public let region: Envelope
    /// nil: the coordinates are planar already (used as they are).
    private let toPlane: CoordinateTransform?

    public init(name: String, region: Envelope, crs: String) throws {
        self.name = name
        self.region = region
        toPlane = try CoordinateTransform(from: "EPSG:4326", to: crs)
    }

    /// A frame whose coordinates are already planar: the tolerance is in their own unit.
    public static func planar(_ name: String, region: Envelope) -> PlanarFrame { PlanarFrame(name: name, region: region) }

    private init(name: String, region: Envelope) {
        self.name = name
        self.region = region
        toPlane = nil
    }

    /// The positions in the frame's planar CRS.
    public func project(_ coordinates: [Coordinate]) throws -> [Coordinate] {
        try toPlane?.transform(coordinates) ?? coordinates
    }
}
