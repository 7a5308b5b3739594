import GeometryKit
import Territory

/// A report map of the CPTS: the coverage choropleth (by département, CPTS or commune) or the white zones, of France
/// (Métropole and the five DROM insets) or of one région, as a `Scene` for `MapImageFormat.encode`.
///
/// The shapes are the commune edge graph generalised once for the map's pixel size (`TerritoryShapes`): about a
/// pixel of the main panel, so that neighbours stay glued and a national map keeps what the eye can see.
///
/// ```swift
/// let map = try ReportMap(analysis, subject: .coverage(.departement), region: nil, width: 1200, date: "2026-12-01")
/// let png = try MapImageFormat.png.encode(map.scene)
/// ```
public struct ReportMap: Sendable {
    public enum Level: String, Sendable, CaseIterable { case departement, cpts, commune }

    public enum Subject: Sendable, Equatable {
        case coverage(Level)
        case whiteZones
    }

    public let layout: ReportMapLayout
    /// The generalisation applied (metres), nil at full resolution.
    public let toleranceMetres: Double?
    public let scene: Scene
    /// The legend's rows: swatch colour and text.
    public let legend: [(colour: Colour, label: String)]

    /// The tolerances the maps use, in metres: the web map's levels too, so that the server's generalised edge
    /// graphs (kept by `CommuneLayer`) serve both. Below 100 m a pixel, the map is drawn at full resolution.
    public static let tolerances: [Double] = TerritoryShapes.mapTolerances.reversed().map(Double.init)

    /// The largest of `tolerances` within one pixel of `metresPerPixel`; nil when a pixel is finer than all of them.
    public static func tolerance(forMetresPerPixel metresPerPixel: Double) -> Double? {
        tolerances.last { $0 <= metresPerPixel }
    }

    /// - Parameters:
    ///   - region: a région code (`32`, `01`): only its communes, the layout fitted to them, no insets.
    ///   - date: printed on the source line (the day the figures were drawn).
    public init(_ analysis: TerritoryAnalysis, subject: Subject, region: String?, width: Int, date: String) throws {
        let layer = analysis.layer
        let inScope = layer.communes.indices.filter { region == nil || layer.communes[$0].region == region }
        if let region, inScope.isEmpty { throw CartographyError.unknownRegion(region) }
        if region == nil {
            layout = try .france(width: width)
        } else {
            // A layer read without its polygons (`maillage map`) has the generalised levels the store keeps: the finest
            // outlines the région within its tolerance.
            let outlines = layer.hasPolygons ? nil : try TerritoryShapes(layer: layer, toleranceMetres: Self.tolerances[0])
            let outline = { (index: Int) in layer.communes[index].geometry ?? outlines?.commune(at: index) }
            guard inScope.contains(where: { outline($0) != nil }) else { throw CartographyError.nothingToDraw }
            layout = try Self.regionLayout(layer, communes: inScope, outline: outline, width: width)
        }
        toleranceMetres = Self.tolerance(forMetresPerPixel: layout.main.metresPerPixel)
        if toleranceMetres == nil, !layer.hasPolygons { throw CartographyError.polygonsNeeded }
        let shapes = try TerritoryShapes(layer: layer, toleranceMetres: toleranceMetres)
        guard inScope.contains(where: { shapes.commune(at: $0) != nil }) else { throw CartographyError.nothingToDraw }
        let content = try MapContent(analysis, subject: subject, communes: inScope, region: region, shapes: shapes, unit: layout.unit)
        legend = content.legend
        var scene = Scene(width: layout.width, height: layout.height, background: .white)
        for panel in layout.panels {
            var items: [SceneItem] = []
            for shape in content.shapes where shape.territory == panel.territory {
                let rings = try panel.rings(of: shape.geometry)
                if !rings.isEmpty { items.append(.path(ScenePath(rings: rings, style: shape.style, name: shape.name))) }
            }
            scene.items.append(.clipped(to: panel.frame, items))
            scene.items.append(.rectangle(panel.frame))
            if panel.territory != layout.main.territory {   // the insets are named; the main panel is the title's
                scene.items.append(.text(SceneText(panel.territory.name, at: Point(x: panel.frame.x + layout.unit / 2, y: panel.frame.y + 1.4 * ReportMapLayout.labelSize(layout.unit)),
                                                   size: ReportMapLayout.labelSize(layout.unit), bold: true)))
            }
        }
        scene.items += try Decorations(layout: layout, title: content.title, subtitle: Self.subtitle(analysis, region: region) + (content.summary.map { " · \($0)" } ?? ""),
                                       legendTitle: content.legendTitle, legend: content.legend, date: date).items()
        self.scene = scene
    }

    /// One panel fitted to the région's communes, in the projection of their territory.
    private static func regionLayout(_ layer: CommuneLayer, communes: [Int], outline: (Int) -> Geometry?, width: Int) throws -> ReportMapLayout {
        let territory = MapTerritory.of(departement: layer.communes[communes[0]].departement)
        let toPlane = try CoordinateTransform(from: "EPSG:4326", to: territory.crs)
        let extent = try communes.compactMap(outline).compactMap { try $0.transformed(by: toPlane).envelope }
            .reduce(nil as Envelope?) { $0?.union($1) ?? $1 }!
        return try ReportMapLayout(width: width, main: (territory, extent), insets: [])
    }

    private static func subtitle(_ analysis: TerritoryAnalysis, region: String?) -> String {
        let statuses = analysis.coveringStatuses.count == CPTSStatus.allCases.count ? "tous"
            : analysis.coveringStatuses.sorted().map(\.rawValue).joined(separator: ", ")
        return "CPTS comptées : statuts \(statuses)" + (region.map { " · région \(RegionNames.byCode[$0] ?? $0)" } ?? " · France entière")
    }
}
