import GeometryKit
import Territory

/// One territory's box on a report map: its projected extent (metres of `territory.crs`, through PROJ) fitted into a
/// pixel frame, aspect kept and centred. Maps longitude/latitude to pixels, and measures the ground under it.
///
/// ```swift
/// let panel = try MapPanel(territory: .metropole, extent: MapPanel.projectedExtent(of: .metropole), frame: frame)
/// try panel.pixel(of: Coordinate(longitude: 2.3522, latitude: 48.8566))   // Paris, in pixels
/// ```
public struct MapPanel: Sendable {
    public let territory: MapTerritory
    /// The projected extent shown, in metres of the territory's CRS.
    public let extent: Envelope
    /// The panel's box (frame and clip); the map is drawn inside it.
    public let frame: SceneRectangle
    /// Pixels per projected metre.
    public let scale: Double
    /// Where the extent's top-left corner (minX, maxY) falls, in pixels.
    let origin: Point
    private let toPlane: CoordinateTransform
    private let toLongitudeLatitude: CoordinateTransform

    /// - Parameter content: the part of the frame the extent is fitted into (the frame less its label band).
    public init(territory: MapTerritory, extent: Envelope, frame: SceneRectangle, content: SceneRectangle? = nil) throws {
        self.territory = territory
        self.extent = extent
        self.frame = frame
        let box = content ?? frame
        scale = min(box.width / max(extent.width, 1), box.height / max(extent.height, 1))
        origin = Point(x: box.x + (box.width - extent.width * scale) / 2, y: box.y + (box.height - extent.height * scale) / 2)
        toPlane = try CoordinateTransform(from: "EPSG:4326", to: territory.crs)
        toLongitudeLatitude = try CoordinateTransform(from: territory.crs, to: "EPSG:4326")
    }

    /// Projected metres a pixel spans (what a generalisation tolerance is given in; the ground differs by the projection's
    /// scale factor, within 0.1 % over the Métropole in Lambert-93).
    public var metresPerPixel: Double { 1 / scale }

    /// A longitude/latitude position on the panel (PROJ to the territory's CRS, then the panel's scale).
    public func pixel(of c: Coordinate) throws -> Point { pixel(ofProjected: try toPlane.transform(c)) }

    func pixel(ofProjected p: Coordinate) -> Point {
        Point(x: origin.x + (p.x - extent.minX) * scale, y: origin.y + (extent.maxY - p.y) * scale)
    }

    /// The polygons of a longitude/latitude geometry as rings of pixels (`Geometry.transformed(by:)` through PROJ).
    public func rings(of geometry: Geometry) throws -> [[Point]] {
        try geometry.transformed(by: toPlane).shape.polygons.flatMap { $0 }.map { $0.map(pixel(ofProjected:)) }
    }

    /// Pixels for `metres` on the ground at the extent's centre: a 1 km projected segment there is measured by PROJ's
    /// geodesic (`Geodesic.distance`) after the inverse projection, so the scale bar holds the projection's scale factor.
    public func pixels(forGroundMetres metres: Double) throws -> Double {
        let cx = (extent.minX + extent.maxX) / 2, cy = (extent.minY + extent.maxY) / 2
        let ends = try toLongitudeLatitude.transform([Coordinate(x: cx - 500, y: cy), Coordinate(x: cx + 500, y: cy)])
        return metres * 1000 / Geodesic.distance(ends[0], ends[1]) * scale
    }

    /// A territory's `MapTerritory.extent` in its CRS: the box's outline, 32 positions a side, through PROJ.
    public static func projectedExtent(of territory: MapTerritory) throws -> Envelope {
        let e = territory.extent, steps = 32
        var outline: [Coordinate] = []
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            let x = e.minX + t * e.width, y = e.minY + t * e.height
            outline += [Coordinate(x: x, y: e.minY), Coordinate(x: x, y: e.maxY), Coordinate(x: e.minX, y: y), Coordinate(x: e.maxX, y: y)]
        }
        return Envelope(covering: try CoordinateTransform(from: "EPSG:4326", to: territory.crs).transform(outline))!
    }
}
