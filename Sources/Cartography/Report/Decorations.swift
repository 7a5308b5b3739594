/// The map's furniture around the panels: title and subtitle, the legend box in the main panel's lower left corner,
/// the scale bar (of the main panel, in km, measured on the ground through the projection) and the source line.
struct Decorations {
    let layout: ReportMapLayout
    let title: String
    let subtitle: String
    let legendTitle: String
    let legend: [(colour: Colour, label: String)]
    let date: String

    /// Round lengths the scale bar may take, in km.
    static let scaleLengths: [Double] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]

    func items() throws -> [SceneItem] {
        let u = layout.unit
        var items: [SceneItem] = [
            .text(SceneText(title, at: layout.titleOrigin, size: 2 * u, bold: true)),
            .text(SceneText(subtitle, at: layout.subtitleOrigin, size: 1.2 * u, colour: Colour(hex: 0x404040))),
        ]
        items += legendItems()
        items += try scaleBarItems()
        let footer = layout.footer
        items.append(.text(SceneText("Sources : INSEE (COG, populations), IGN (contours des communes), CPTS de la base Maillage · carte du \(date)",
                                     at: Point(x: footer.x + footer.width, y: footer.y + 2 * u), size: 0.85 * u, colour: Colour(hex: 0x404040), anchor: .end)))
        items.append(.text(SceneText("Lambert-93 (EPSG:2154) ; outre-mer en projections UTM locales, à des échelles différentes",
                                     at: Point(x: footer.x + footer.width, y: footer.y + 3.5 * u), size: 0.85 * u, colour: Colour(hex: 0x404040), anchor: .end)))
        return items
    }

    /// A white box with a frame: the title line, then one swatch and label a row.
    private func legendItems() -> [SceneItem] {
        let u = layout.unit, row = 2 * u, swatch = 1.4 * u
        let frame = layout.main.frame
        // As wide as its longest line, at about 0.6 em a character of sans-serif (both backends use the system's).
        let longest = Double(legend.map(\.label.count).max() ?? 0)
        let labels: Double = longest * 0.66 * u + swatch + 0.8 * u
        let heading: Double = Double(legendTitle.count) * 0.75 * u
        let height: Double = row * Double(legend.count + 1) + u
        let width: Double = 2 * u + max(labels, heading)
        let x = frame.x + u
        let y: Double = layout.legendTop.map { frame.y + $0 * frame.height } ?? frame.y + frame.height - u - height
        var items: [SceneItem] = [
            .rectangle(SceneRectangle(x: x, y: y, width: width, height: height, style: Style(fill: .white, stroke: Colour(hex: 0x969696), strokeWidth: max(1, u / 10)), name: "legend")),
            .text(SceneText(legendTitle, at: Point(x: x + u, y: y + 1.6 * u), size: 1.2 * u, bold: true)),
        ]
        for (i, entry) in legend.enumerated() {
            let top = y + row * Double(i + 1) + u / 2
            items.append(.rectangle(SceneRectangle(x: x + u, y: top, width: swatch, height: swatch,
                                                   style: Style(fill: entry.colour, stroke: Colour(hex: 0x737373), strokeWidth: max(0.5, u / 20)), name: "legend-swatch")))
            items.append(.text(SceneText(entry.label, at: Point(x: x + 1.8 * u + swatch, y: top + 1.1 * u), size: 1.1 * u)))
        }
        return items
    }

    /// The longest round length within a sixth of the main panel's width, drawn as a bar with its ends labelled.
    private func scaleBarItems() throws -> [SceneItem] {
        let u = layout.unit, panel = layout.main
        let perKm = try panel.pixels(forGroundMetres: 1000)
        guard let km = Self.scaleLengths.last(where: { $0 * perKm <= panel.frame.width / 6 }) ?? Self.scaleLengths.first else { return [] }
        let length = km * perKm
        let x = layout.footer.x, y = layout.footer.y + 2.2 * u
        let label = km == km.rounded() ? String(Int(km)) : String(km)
        return [
            .rectangle(SceneRectangle(x: x, y: y, width: length, height: 0.5 * u, style: .filled(Colour(hex: 0x252525)), name: "scale-bar")),
            .text(SceneText("0", at: Point(x: x, y: y - 0.4 * u), size: 1.1 * u, anchor: .middle)),
            .text(SceneText("\(label) km", at: Point(x: x + length, y: y - 0.4 * u), size: 1.1 * u, anchor: .middle)),
        ]
    }

    /// 1 234 567: thousands separated by a narrow no-break space, as French reports write them.
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "\u{202F}" }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }
}
