import GeometryKit
import Territory

/// What a report map fills: its shapes (in draw order, each in its territory), its title and its legend rows.
struct MapContent {
    struct Shape {
        let territory: MapTerritory
        let geometry: Geometry
        let style: Style
        let name: String
    }

    var shapes: [Shape] = []
    var title = ""
    var legendTitle = ""
    /// Figures for the subtitle (the white zones' count and population).
    var summary: String?
    var legend: [(colour: Colour, label: String)] = []

    /// - Parameter communes: indices of the communes in scope (a région's, or all).
    init(_ analysis: TerritoryAnalysis, subject: ReportMap.Subject, communes: [Int], region: String?, shapes: TerritoryShapes, unit: Double) throws {
        let layer = analysis.layer
        let border = Style(fill: nil, stroke: .white, strokeWidth: max(0.5, unit / 12))
        let departements = Dictionary(grouping: communes, by: { layer.communes[$0].departement })
        let departementShapes = try departements.keys.sorted().compactMap { code -> (String, Geometry)? in
            try shapes.union(ofCommunes: departements[code]!.map { layer.communes[$0].code }).map { (code, $0) }
        }
        func add(_ geometry: Geometry?, departement: String, style: Style, name: String) {
            guard let geometry else { return }
            self.shapes.append(Shape(territory: .of(departement: departement), geometry: geometry, style: style, name: name))
        }
        switch subject {
        case .coverage(let level):
            legendTitle = "Population couverte"
            switch level {
            case .departement:
                title = "Couverture de la population par les CPTS, par département"
                let figures = Dictionary(uniqueKeysWithValues: analysis.coverage(.departement).map { ($0.code, $0) })
                var counts: [CoverageClass: Int] = [:]
                for (code, geometry) in departementShapes {
                    let coverageClass = figures[code].map { CoverageClass.of(populationTotal: $0.populationTotal, rate: $0.coverageRate) } ?? .noData
                    counts[coverageClass, default: 0] += 1
                    add(geometry, departement: code, style: Style(fill: coverageClass.colour, stroke: .white, strokeWidth: border.strokeWidth),
                        name: "departement d-\(code) class-\(coverageClass.rawValue)")
                }
                // "sans donnée" only where some area has no population figure.
                legend = CoverageClass.allCases.filter { $0 != .noData || counts[$0] != nil }.map { ($0.colour, "\($0.label)  (\(counts[$0] ?? 0))") }
            case .cpts:
                title = "CPTS dont le statut compte comme couvrant"
                for (code, geometry) in departementShapes { add(geometry, departement: code, style: .filled(CoverageClass.none.colour), name: "departement d-\(code)") }
                let scope = Set(communes)
                for perimeter in analysis.perimeters {
                    let members = perimeter.communeCodes.compactMap(layer.index(of:)).filter(scope.contains)
                    guard let first = members.first else { continue }
                    let covers = analysis.coveringStatuses.contains(perimeter.status)
                    add(try shapes.union(ofCommunes: members.map { layer.communes[$0].code }), departement: layer.communes[first].departement,
                        style: Style(fill: (covers ? CoverageClass.full : .none).colour, stroke: .white, strokeWidth: border.strokeWidth),
                        name: "cpts \(perimeter.id) class-\(covers ? CoverageClass.full.rawValue : CoverageClass.none.rawValue)")
                }
                legend = [(CoverageClass.full.colour, "\(CoverageClass.full.label) : CPTS couvrante"),
                          (CoverageClass.none.colour, "\(CoverageClass.none.label) : hors CPTS couvrante")]
            case .commune:
                title = "Communes dans une CPTS"
                for index in communes {
                    let coverageClass: CoverageClass = analysis.isCovered(index) ? .full : .none
                    let commune = layer.communes[index]
                    add(shapes.commune(at: index), departement: commune.departement, style: .filled(coverageClass.colour),
                        name: "commune c-\(commune.code) class-\(coverageClass.rawValue)")
                }
                for (code, geometry) in departementShapes { add(geometry, departement: code, style: border, name: "border d-\(code)") }
                legend = [(CoverageClass.full.colour, "\(CoverageClass.full.label) : dans une CPTS"),
                          (CoverageClass.none.colour, "\(CoverageClass.none.label) : hors CPTS")]
            }
        case .whiteZones:
            title = "Zones blanches : communes couvertes par aucune CPTS"
            legendTitle = "Communes"
            for (code, geometry) in departementShapes { add(geometry, departement: code, style: .filled(WhiteZoneColours.land), name: "departement d-\(code)") }
            let zones = try analysis.whiteZones(within: region.map { code in { $0.region == code } }, cut: .region)
            for (i, zone) in zones.enumerated() {
                add(try shapes.union(ofCommunes: zone.communeCodes), departement: zone.departements[0],
                    style: .filled(WhiteZoneColours.zone), name: "white-zone z-\(i + 1)")
            }
            for (code, geometry) in departementShapes { add(geometry, departement: code, style: border, name: "border d-\(code)") }
            let population = zones.reduce(0) { $0 + $1.population }
            summary = "\(zones.count) zones, \(Decorations.grouped(population)) habitants"
            legend = [(WhiteZoneColours.zone, "zone blanche"), (WhiteZoneColours.land, "commune couverte")]
        }
    }
}
