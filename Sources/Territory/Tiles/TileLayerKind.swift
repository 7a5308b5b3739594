import GeometryKit

/// The layers Maillage serves as vector tiles, what each holds, and the geometry each zoom is drawn from.
///
/// Polygons come from the commune edge graph generalised at the tolerance closest to a screen pixel at
/// the zoom (a 256-pixel tile; `TerritoryShapes`), so that neighbouring communes, CPTS and white zones keep
/// one shared border at every zoom; from zoom 12 on, at full resolution.
public enum TileLayerKind: String, CaseIterable, Sendable {
    case communes, cpts, whiteZones = "white-zones", pharmacies, volunteers

    /// Zooms served: 0 (the world in one tile) to 14, the deepest at which the communes' full resolution
    /// still shows detail; clients overzoom beyond.
    public static let zooms = 0...14

    public var title: String {
        switch self {
        case .communes: "Communes"
        case .cpts: "CPTS"
        case .whiteZones: "Zones blanches"
        case .pharmacies: "Officines"
        case .volunteers: "Médecins volontaires"
        }
    }

    public var summary: String {
        switch self {
        case .communes: "Communes du COG avec leur population et les CPTS qui les revendiquent"
        case .cpts: "Périmètres des CPTS (union de leurs communes) avec population, catégorie de taille et statut"
        case .whiteZones: "Zones blanches : communes contiguës couvertes par aucune CPTS, fusionnées, avec leur population"
        case .pharmacies: "Officines de pharmacie (FINESS, catégorie 620)"
        case .volunteers: "Médecins volontaires : cabinet, places restantes, visites à domicile (aucune donnée patient)"
        }
    }

    public var hasPolygons: Bool { self != .pharmacies && self != .volunteers }

    /// Generalisation tolerance (metres) of the polygons at `zoom`; nil: full resolution. A screen pixel at
    /// 46° N is 3.4 km at zoom 5, 420 m at 8, 210 m at 9, 26 m at 12.
    public static func toleranceMetres(atZoom zoom: Int) -> Int? {
        switch zoom {
        case ...5: 2_500
        case 6...8: 500
        case 9...11: 100
        default: nil
        }
    }

    /// The distinct levels, coarsest first (nil last: full resolution).
    public static let levels: [Int?] = TerritoryShapes.mapTolerances + [nil]
}

extension TerritoryFeature {
    /// The officines with their FINESS number, name, commune and position precision.
    public static func pharmacies(_ pharmacies: [Pharmacy]) -> [TerritoryFeature] {
        pharmacies.map { p in
            TerritoryFeature(id: p.finess, properties: [("finess", .string(p.finess)), ("name", .string(p.name)),
                                                        ("code_commune", .string(p.communeCode)), ("precision", .string(p.precision.rawValue))],
                             geometry: Geometry(point: p.position))
        }
    }

    /// The roster as the public may see it: practice, places, home visits, how recent the entry is (`stale`, and
    /// `excluded`: left out of nearest and match); no patient data. By RPPS number.
    public static func volunteers(_ roster: [Volunteer], analysis: TerritoryAnalysis, freshness: RosterFreshness) -> [TerritoryFeature] {
        roster.sorted { $0.rpps < $1.rpps }.map { v in
            let state = freshness.state(of: v.updatedOn)
            return TerritoryFeature(id: v.rpps, properties: [
                ("rpps", .string(v.rpps)), ("accepte_nouveaux_patients", .bool(v.acceptsNewPatients)),
                ("places_restantes", .number(Double(v.placesRemaining))), ("visites_domicile", .bool(v.homeVisits)),
                ("code_commune", .string(v.communeCode)), ("cpts", TerritoryJSON.strings(analysis.coveringCPTS(ofCommune: v.communeCode))),
                ("precision", .string(v.precision.rawValue)), ("mis_a_jour_le", .string(v.updatedOn)),
                ("stale", .bool(state != .fresh)), ("excluded", .bool(state == .excluded)),
            ], geometry: Geometry(point: v.position))
        }
    }
}

/// What the territory's tile layers are built from: the analysis and its reports and white zones, the officines.
public struct TileSource: Sendable {
    public let analysis: TerritoryAnalysis
    public let reports: [CPTSReport]
    public let whiteZones: [WhiteZone]
    public let pharmacies: [Pharmacy]

    public init(analysis: TerritoryAnalysis, reports: [CPTSReport], whiteZones: [WhiteZone], pharmacies: [Pharmacy]) {
        self.analysis = analysis; self.reports = reports; self.whiteZones = whiteZones; self.pharmacies = pharmacies
    }

    /// The layer's features at a level (`TileLayerKind.levels`; points have one level, any value).
    /// Volunteers are not part of the territory: `TileLayer(name:features: TerritoryFeature.volunteers(…))`.
    public func layer(_ kind: TileLayerKind, toleranceMetres: Int?, maxTileBytes: Int = TileLayer.defaultMaxTileBytes) throws -> TileLayer {
        // At full resolution the polygons as read and the perimeters as dissolved: the whole edge graph is not built for them.
        let shapes = try kind.hasPolygons ? toleranceMetres.map { try TerritoryShapes(layer: analysis.layer, toleranceMetres: Double($0)) } : nil
        let features: [TerritoryFeature]
        switch kind {
        case .communes: features = try TerritoryFeature.communes(analysis, shapes: shapes)
        case .cpts: features = try TerritoryFeature.cpts(reports, shapes: shapes)
        case .whiteZones: features = try TerritoryFeature.whiteZones(whiteZones, shapes: shapes)
        case .pharmacies: features = TerritoryFeature.pharmacies(pharmacies)
        case .volunteers: preconditionFailure("volunteers come from the roster, not the territory")
        }
        return try TileLayer(name: kind.rawValue, features: features, maxTileBytes: maxTileBytes)
    }
}
