import GeometryKit

/// The six territories a map of France shows apart — metropolitan France and the five overseas
/// départements — each with its longitude/latitude extent and the projected CRS its maps and
/// generalisation tolerances are measured in: Lambert-93 for the Métropole, a UTM zone of the local
/// geodetic system overseas (as IGN publishes them).
public enum MapTerritory: String, CaseIterable, Sendable {
    case metropole, guadeloupe, martinique, guyane, reunion, mayotte

    public var name: String {
        switch self {
        case .metropole: "Métropole"
        case .guadeloupe: "Guadeloupe"
        case .martinique: "Martinique"
        case .guyane: "Guyane"
        case .reunion: "La Réunion"
        case .mayotte: "Mayotte"
        }
    }

    /// The overseas département's code; nil for the Métropole (its 96 départements).
    public var departement: String? {
        switch self {
        case .metropole: nil
        case .guadeloupe: "971"
        case .martinique: "972"
        case .guyane: "973"
        case .reunion: "974"
        case .mayotte: "976"
        }
    }

    /// The territory of a commune's département.
    public static func of(departement: String) -> MapTerritory {
        allCases.first { $0.departement == departement } ?? .metropole
    }

    /// The extent of its communes (longitude/latitude, with a margin): the map's view of it.
    public var extent: Envelope {
        switch self {
        case .metropole: Envelope(minX: -5.3, minY: 41.3, maxX: 9.7, maxY: 51.2)
        case .guadeloupe: Envelope(minX: -61.85, minY: 15.8, maxX: -60.95, maxY: 16.55)
        case .martinique: Envelope(minX: -61.25, minY: 14.38, maxX: -60.8, maxY: 14.9)
        case .guyane: Envelope(minX: -54.65, minY: 2.1, maxX: -51.6, maxY: 5.8)
        case .reunion: Envelope(minX: 55.2, minY: -21.4, maxX: 55.85, maxY: -20.85)
        case .mayotte: Envelope(minX: 44.95, minY: -13.05, maxX: 45.35, maxY: -12.6)
        }
    }

    /// Its projected CRS: Lambert-93 (RGF93), or RGAF09 / UTM 20N, RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S.
    public var crs: String {
        switch self {
        case .metropole: "EPSG:2154"
        case .guadeloupe, .martinique: "EPSG:5490"
        case .guyane: "EPSG:2972"
        case .reunion: "EPSG:2975"
        case .mayotte: "EPSG:4471"
        }
    }

    /// One planar frame per territory, its region the extent with a margin of half a degree, for
    /// `PolygonCoverage.simplified(tolerance:frames:)`. Built once (each reads PROJ's database).
    public static let planarFrames: Result<[PlanarFrame], Error> = Result {
        try allCases.map { territory in
            let e = territory.extent
            return try PlanarFrame(name: territory.name, region: Envelope(minX: e.minX - 0.5, minY: e.minY - 0.5, maxX: e.maxX + 0.5, maxY: e.maxY + 0.5),
                                   crs: territory.crs)
        }
    }
}
