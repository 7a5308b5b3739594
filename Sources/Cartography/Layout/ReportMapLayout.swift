import GeometryKit
import Territory

/// Where everything goes on a report map `width` pixels wide, as INSEE and IGN lay out their maps of France: the
/// title band on top; the main territory (metropolitan France in Lambert-93, or the région asked for) on the right;
/// the five overseas départements in a column of equal boxes on the left, each in its own projection and scale, framed
/// and named; the legend in the main panel's lower left corner (the Atlantic and Spain, empty on a map of France);
/// the scale bar and the source line in the footer. The height follows from the main territory's aspect.
///
/// ```swift
/// let layout = try ReportMapLayout.france(width: 1200)
/// layout.main.frame        // the Métropole's box, in pixels
/// layout.insets.map(\.territory)   // [.guadeloupe, .martinique, .guyane, .reunion, .mayotte]
/// ```
public struct ReportMapLayout: Sendable {
    public static let widths = 300...6000

    public let width: Int
    public let height: Int
    public let main: MapPanel
    public let insets: [MapPanel]
    /// Proportional to the width: text sizes and spacing.
    public let unit: Double
    public let margin: Double
    /// Baselines of the title and the subtitle.
    public let titleOrigin: Point
    public let subtitleOrigin: Point
    /// The footer band under the main panel: scale bar on its left, source line on its right.
    public let footer: SceneRectangle
    /// Where the legend's top goes, as a share of the main panel's height from its top; nil: in its lower left corner.
    public private(set) var legendTop: Double?

    /// `main` and `insets`: each territory with its projected extent (metres of its CRS).
    public init(width: Int, main: (MapTerritory, Envelope), insets: [(MapTerritory, Envelope)]) throws {
        guard Self.widths.contains(width) else { throw CartographyError.widthOutOfRange(width) }
        self.width = width
        let w = Double(width)
        let unit = w / 100, margin = max(6, (1.5 * unit).rounded())
        self.unit = unit
        self.margin = margin
        let titleBand = 5 * unit, footerBand = 4.5 * unit
        titleOrigin = Point(x: margin, y: margin + 2.2 * unit)
        subtitleOrigin = Point(x: margin, y: margin + 4 * unit)
        let column = insets.isEmpty ? 0 : (15 * unit).rounded()
        let mainX = margin + (insets.isEmpty ? 0 : column + margin)
        let mainY = margin + titleBand
        let mainWidth = w - mainX - margin
        let aspect = main.1.height / max(main.1.width, 1)
        let mainHeight = (mainWidth * min(max(aspect, 0.4), 1.6)).rounded()
        let mainFrame = SceneRectangle(x: mainX, y: mainY, width: mainWidth, height: mainHeight, style: Self.frameStyle(unit), name: "panel \(main.0.rawValue)")
        self.main = try MapPanel(territory: main.0, extent: main.1, frame: mainFrame, content: Self.inset(mainFrame, by: unit))
        let gap = margin / 2
        let boxHeight = insets.isEmpty ? 0 : (mainHeight - gap * Double(insets.count - 1)) / Double(insets.count)
        self.insets = try insets.enumerated().map { i, entry in
            let frame = SceneRectangle(x: margin, y: mainY + Double(i) * (boxHeight + gap), width: column, height: boxHeight,
                                       style: Self.frameStyle(unit), name: "panel \(entry.0.rawValue)")
            // The name on the box's top line; the territory below it.
            let label = 2 * Self.labelSize(unit)
            let content = SceneRectangle(x: frame.x + unit / 2, y: frame.y + label, width: frame.width - unit, height: frame.height - label - unit / 2,
                                         style: frame.style)
            return try MapPanel(territory: entry.0, extent: entry.1, frame: frame, content: content)
        }
        footer = SceneRectangle(x: mainX, y: mainY + mainHeight, width: mainWidth, height: footerBand, style: .filled(.white))
        height = Int((mainY + mainHeight + footerBand + margin / 2).rounded())
    }

    /// The whole of France: the Métropole and the five overseas départements, each at its `MapTerritory.extent`; the
    /// legend in the Bay of Biscay, between the Vendée's latitude and the Landes' (the lower left corner is the Pyrénées').
    public static func france(width: Int) throws -> ReportMapLayout {
        var layout = try ReportMapLayout(width: width, main: (.metropole, MapPanel.projectedExtent(of: .metropole)),
                                         insets: try MapTerritory.allCases.filter { $0 != .metropole }.map { ($0, try MapPanel.projectedExtent(of: $0)) })
        layout.legendTop = 0.47
        return layout
    }

    /// Every panel, the main one first.
    public var panels: [MapPanel] { [main] + insets }

    /// The panel of a territory, if the layout shows it.
    public func panel(_ territory: MapTerritory) -> MapPanel? { panels.first { $0.territory == territory } }

    static func labelSize(_ unit: Double) -> Double { max(8, 1.1 * unit) }

    private static func frameStyle(_ unit: Double) -> Style { Style(fill: nil, stroke: Colour(hex: 0x737373), strokeWidth: max(1, unit / 10)) }

    private static func inset(_ r: SceneRectangle, by d: Double) -> SceneRectangle {
        SceneRectangle(x: r.x + d, y: r.y + d, width: r.width - 2 * d, height: r.height - 2 * d, style: r.style)
    }
}
