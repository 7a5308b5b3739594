import Foundation
import GeometryKit
import Territory

/// The diagnostic of a perimeter on one A4 page (595 × 842 pt), in French, as `CairoRenderer.pdf` prints it: title and
/// figures, a map of the perimeter among its neighbours and the white zones around it, every profession's density against
/// the département, région and nation (with bars), accessibility, officines, the flags, sources and date.
///
/// ```swift
/// let page = try DiagnosticPage(diagnostic, analysis: analysis, date: ReportMap.today()).scene
/// let pdf = try CairoRenderer.pdf(page)
/// ```
public struct DiagnosticPage: Sendable {
    public static let width = 595, height = 842
    static let margin = 36.0
    static let grey = Colour(hex: 0x404040)
    static let perimeterColour = Colour(hex: 0x3182bd), neighbourColour = Colour(hex: 0xc6dbef)
    static let whiteZoneColour = Colour(hex: 0xfdae6b), otherColour = Colour(hex: 0xe5e5e5)

    public let scene: Scene

    /// - Parameter analysis: the analysis the diagnostic was made on, its layer with the communes' polygons.
    public init(_ diagnostic: PerimeterDiagnostic, analysis: TerritoryAnalysis, date: String) throws {
        var scene = Scene(width: Self.width, height: Self.height, background: .white)
        let p = diagnostic.perimeter, left = Self.margin, right = Double(Self.width) - Self.margin
        scene.items.append(.text(SceneText("Diagnostic territorial : \(Self.clipped(p.name, 60))", at: Point(x: left, y: 52), size: 16, bold: true)))
        scene.items.append(.text(SceneText("\(p.id) · \(p.status) · \(Self.grouped(p.population)) habitants · taille \(p.sizeCategory) · "
                                           + "\(Self.grouped(p.fundingEur)) € par an (ACI)", at: Point(x: left, y: 70), size: 9, colour: Self.grey)))
        let epci = p.epci.map { "\($0.name ?? $0.code) (\($0.communesInside)/\($0.communesTotal))" }.joined(separator: ", ")
        scene.items.append(.text(SceneText(Self.clipped("\(p.communes) commune\(p.communes > 1 ? "s" : "") · \(Self.decimal(p.areaKm2, 1)) km² · départements "
                                                        + "\(p.departements.joined(separator: ", ")) · "
                                                        + (p.contiguous ? "d’un seul tenant" : "en \(p.parts) parties") + " · EPCI : \(epci)", 125),
                                           at: Point(x: left, y: 84), size: 8, colour: Self.grey)))
        let frame = SceneRectangle(x: left, y: 94, width: right - left, height: 290, style: .outlined(Colour(hex: 0x969696), width: 0.5), name: "map")
        scene.items += try Self.map(diagnostic, analysis: analysis, frame: frame)
        var y = frame.y + frame.height + 22
        scene.items += Self.professions(diagnostic.professions, top: &y)
        scene.items += Self.figures(diagnostic, top: &y)
        scene.items += Self.flags(diagnostic, top: &y)
        scene.items.append(.text(SceneText("Sources : Annuaire santé (RPPS), FINESS (officines), INSEE (COG, populations), IGN (contours), "
                                           + "BANATIC (EPCI) · Maillage, diagnostic du \(date)", at: Point(x: left, y: Double(Self.height) - 24),
                                           size: 7, colour: Self.grey)))
        self.scene = scene
    }

    /// The perimeter's communes over the communes around it: those of neighbouring CPTS, of white zones, of others.
    static func map(_ diagnostic: PerimeterDiagnostic, analysis: TerritoryAnalysis, frame: SceneRectangle) throws -> [SceneItem] {
        let layer = analysis.layer
        let inside = Set(diagnostic.perimeter.communeCodes)
        let neighbours = Set(diagnostic.neighbours.cpts.map(\.id))
        guard let envelope = Envelope(covering: inside.compactMap { layer.commune($0)?.geometry?.envelope }.flatMap {
            [Coordinate(x: $0.minX, y: $0.minY), Coordinate(x: $0.maxX, y: $0.maxY)]
        }) else { return [.rectangle(frame)] }
        let territory = MapTerritory.of(departement: diagnostic.perimeter.departements.first ?? "")
        let toPlane = try CoordinateTransform(from: "EPSG:4326", to: territory.crs)
        let corners = try toPlane.transform([Coordinate(x: envelope.minX, y: envelope.minY), Coordinate(x: envelope.maxX, y: envelope.maxY),
                                             Coordinate(x: envelope.minX, y: envelope.maxY), Coordinate(x: envelope.maxX, y: envelope.minY)])
        let projected = Envelope(covering: corners)!
        // A fifth of the perimeter's size around it, at least 2 km.
        let pad = max(projected.width, projected.height) / 5 + 2_000
        let extent = Envelope(minX: projected.minX - pad, minY: projected.minY - pad, maxX: projected.maxX + pad, maxY: projected.maxY + pad)
        let panel = try MapPanel(territory: territory, extent: extent, frame: frame)
        let degrees = max(envelope.width, envelope.height) / 2 + 0.1
        let around = Envelope(minX: envelope.minX - degrees, minY: envelope.minY - degrees, maxX: envelope.maxX + degrees, maxY: envelope.maxY + degrees)
        var drawn: [SceneItem] = []
        for index in layer.candidates(intersecting: around) {
            let commune = layer.communes[index]
            guard let geometry = commune.geometry else { continue }
            let claimants = analysis.cpts(claiming: commune.code)
            let fill = inside.contains(commune.code) ? perimeterColour
                : claimants.contains(where: neighbours.contains) ? neighbourColour
                : analysis.isCovered(index) ? otherColour : whiteZoneColour
            drawn.append(.path(ScenePath(rings: try panel.rings(of: geometry), style: Style(fill: fill, stroke: .white, strokeWidth: 0.3),
                                         name: "commune")))
        }
        if let outline = try analysis.union(ofCommunes: diagnostic.perimeter.communeCodes) {
            drawn.append(.path(ScenePath(rings: try panel.rings(of: outline), style: .outlined(Colour(hex: 0x08306b), width: 1.2), name: "perimeter")))
        }
        let legend: [(Colour, String)] = [(perimeterColour, "le périmètre"), (neighbourColour, "CPTS voisines"),
                                          (whiteZoneColour, "zones blanches"), (otherColour, "autres CPTS")]
        var items: [SceneItem] = [.clipped(to: frame, drawn), .rectangle(frame)]
        let box = SceneRectangle(x: frame.x + 6, y: frame.y + frame.height - 58, width: 92, height: 52, style: Style(fill: .white, stroke: Colour(hex: 0x969696), strokeWidth: 0.5))
        items.append(.rectangle(box))
        for (i, entry) in legend.enumerated() {
            let top = box.y + 5 + Double(i) * 11.5
            items.append(.rectangle(SceneRectangle(x: box.x + 5, y: top, width: 9, height: 8, style: Style(fill: entry.0, stroke: Colour(hex: 0x737373), strokeWidth: 0.3))))
            items.append(.text(SceneText(entry.1, at: Point(x: box.x + 18, y: top + 7), size: 7.5)))
        }
        return items
    }

    /// One line per profession: counts, densities, and two bars (the perimeter's density over the département's).
    static func professions(_ rows: [ProfessionDensity], top y: inout Double) -> [SceneItem] {
        let left = margin, columns: [(String, Double)] = [("Praticiens", 230), ("pour 10 000", 290), ("département", 350), ("région", 405), ("France", 455)]
        var items: [SceneItem] = [.text(SceneText("Professionnels de santé (RPPS), densité pour 10 000 habitants", at: Point(x: left, y: y), size: 10, bold: true))]
        y += 14
        for (title, x) in columns { items.append(.text(SceneText(title, at: Point(x: x, y: y), size: 7.5, colour: grey, anchor: .end))) }
        items.append(.text(SceneText("périmètre / département", at: Point(x: 468, y: y), size: 7.5, colour: grey)))
        let largest = rows.flatMap { [$0.perTenThousand ?? 0, $0.departementPerTenThousand ?? 0] }.max() ?? 0
        for row in rows {
            y += 11
            items.append(.text(SceneText(clipped(row.label, 40), at: Point(x: left, y: y), size: 8)))
            let values = [String(row.practitioners)] + [row.perTenThousand, row.departementPerTenThousand, row.regionPerTenThousand,
                                                         row.nationalPerTenThousand].map { $0.map { decimal($0, 1) } ?? "–" }
            for ((_, x), value) in zip(columns, values) { items.append(.text(SceneText(value, at: Point(x: x, y: y), size: 8, anchor: .end))) }
            guard largest > 0 else { continue }
            for (k, value) in [row.perTenThousand ?? 0, row.departementPerTenThousand ?? 0].enumerated() {
                items.append(.rectangle(SceneRectangle(x: 468, y: y - 7 + Double(k) * 4, width: max(0.5, value / largest * 90), height: 3.5,
                                                       style: .filled(k == 0 ? perimeterColour : Colour(hex: 0xbdbdbd)), name: "bar")))
            }
        }
        y += 18
        return items
    }

    /// Accessibility to GPs, officines, neighbours: a line each.
    static func figures(_ diagnostic: PerimeterDiagnostic, top y: inout Double) -> [SceneItem] {
        var lines: [String] = []
        if let a = diagnostic.accessibility {
            lines.append("Accessibilité aux généralistes (E2SFCA, pour 100 000 habitants) : \(decimal(a.meanPer100k, 1)) en moyenne "
                         + "(France : \(decimal(a.nationalMeanPer100k, 1))), \(grouped(a.populationBelowNationalMean)) habitants sous la moyenne nationale")
            lines.append("    de \(decimal(a.lowest.per100k, 1)) (\(clipped(a.lowest.name, 40))) à \(decimal(a.highest.per100k, 1)) (\(clipped(a.highest.name, 40)))")
        }
        let ph = diagnostic.pharmacies
        lines.append("Officines : \(ph.officines) pour \(ph.licencesAllowed) licences permises par la population (écart \(ph.difference > 0 ? "+" : "")"
                     + "\(ph.difference)) ; officine la plus proche à " + (ph.meanDistanceKm.map { decimal($0, 1) + " km" } ?? "–")
                     + " en moyenne pondérée par la population")
        let facilities = diagnostic.facilities.filter { $0.count > 0 }.map { "\($0.label) : \($0.count)" }
        lines.append("Établissements (FINESS) : " + (facilities.isEmpty ? "aucun centre hospitalier, centre ou maison de santé, EHPAD"
                                                                        : facilities.joined(separator: " ; ")))
        let zones = diagnostic.neighbours.whiteZones
        let cpts = diagnostic.neighbours.cpts.map(\.id)
        lines.append("Voisinage : " + (cpts.isEmpty ? "aucune CPTS voisine" : "CPTS \(cpts.joined(separator: ", "))") + " ; "
                     + (zones.isEmpty ? "aucune zone blanche au contact"
                                      : "\(zones.count) zone(s) blanche(s) au contact, \(grouped(zones.reduce(0) { $0 + $1.population })) habitants"))
        var items: [SceneItem] = [.text(SceneText("Accès aux soins", at: Point(x: margin, y: y), size: 10, bold: true))]
        for line in lines {
            y += 12
            items.append(.text(SceneText(clipped(line, 150), at: Point(x: margin, y: y), size: 7.5)))
        }
        y += 20
        return items
    }

    /// The validation flags, one line each (as many as the page holds).
    static func flags(_ diagnostic: PerimeterDiagnostic, top y: inout Double) -> [SceneItem] {
        var items: [SceneItem] = [.text(SceneText("Points d’attention pour la validation", at: Point(x: margin, y: y), size: 10, bold: true))]
        if diagnostic.flags.isEmpty {
            y += 12
            items.append(.text(SceneText("aucun", at: Point(x: margin, y: y), size: 7.5)))
        }
        let room = Int((Double(height) - 40 - y) / 11)
        for (i, flag) in diagnostic.flags.enumerated() where i < room {
            y += 11
            let text = i == room - 1 && diagnostic.flags.count > room ? "… et \(diagnostic.flags.count - i) autres" : "• \(flag.code.rawValue) : \(flag.message)"
            // About 4 pt a character at 7.5 pt: 130 fit between the margins.
            items.append(.text(SceneText(clipped(text, 130), at: Point(x: margin, y: y), size: 7.5)))
        }
        return items
    }

    /// At most `length` characters, an ellipsis ending what is cut: the toy text API does not wrap.
    static func clipped(_ text: String, _ length: Int) -> String { text.count <= length ? text : String(text.prefix(length - 1)) + "…" }

    /// `12,5`: a decimal comma, as French reports write numbers.
    static func decimal(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value).replacingOccurrences(of: ".", with: ",")
    }

    static func grouped(_ value: Int) -> String { Decorations.grouped(value) }
}
