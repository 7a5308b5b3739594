import GeometryKit

/// A CPTS with its figures: the API's `/cpts`, the CLI's JSON and CSV, the GeoJSON and TopoJSON
/// properties and the vector tiles' fields.
extension CPTSReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, status, population, sizeCategory = "size_category", fundingEur = "funding_eur", communes
        case areaKm2 = "area_km2", departements, regions, contiguous, parts, overlapsWith = "overlaps_with"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(perimeter.name, forKey: .name)
        try c.encode(perimeter.status.rawValue, forKey: .status)
        try c.encode(population, forKey: .population)
        try c.encode(sizeCategory.rawValue, forKey: .sizeCategory)
        try c.encode(sizeCategory.fundingEuros, forKey: .fundingEur)
        try c.encode(perimeter.communeCodes.count, forKey: .communes)
        try c.encode(Rounded.value(areaKm2), forKey: .areaKm2)
        try c.encode(departements, forKey: .departements)
        try c.encode(regions, forKey: .regions)
        try c.encode(isContiguous, forKey: .contiguous)
        try c.encode(parts, forKey: .parts)
        try c.encode(overlapsWith, forKey: .overlapsWith)
    }
}

/// A pair of CPTS claiming the same communes.
extension CPTSOverlap: Encodable {
    enum CodingKeys: String, CodingKey { case cptsA = "cpts_a", cptsB = "cpts_b", communeCodes = "commune_codes", communes, population }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cptsA, forKey: .cptsA)
        try c.encode(cptsB, forKey: .cptsB)
        try c.encode(communeCodes, forKey: .communeCodes)
        try c.encode(communeCodes.count, forKey: .communes)
        try c.encode(population, forKey: .population)
    }
}

/// A white zone with its stable id (`WZ-80-80001`: `TerritoryGeoJSON.whiteZoneID`) and, when a commune layer is at hand,
/// the names of its communes beside their codes.
public struct NumberedWhiteZone: Encodable, Sendable {
    public var id: String
    public var zone: WhiteZone
    /// Aligned with `zone.communeCodes`; nil: not written (the vector tiles, where every byte is drawn).
    public var communeNames: [String]?
    /// Aligned with `zone.departements` (empty names when the commune import had no départements file); nil: not written.
    public var departementNames: [String]?

    public init(zone: WhiteZone, names layer: CommuneLayer? = nil) {
        id = TerritoryGeoJSON.whiteZoneID(zone)
        self.zone = zone
        communeNames = layer.map { layer in zone.communeCodes.map { layer.commune($0)?.name ?? "" } }
        departementNames = layer.map { layer in zone.departements.map { layer.departementNames[$0] ?? "" } }
    }

    /// The zones as listed (the largest first), each with its id.
    public static func list(_ zones: [WhiteZone], names layer: CommuneLayer? = nil) -> [NumberedWhiteZone] {
        zones.map { NumberedWhiteZone(zone: $0, names: layer) }
    }

    enum CodingKeys: String, CodingKey {
        case id, population, communes, communeCodes = "commune_codes", communeNames = "commune_names", areaKm2 = "area_km2", departements
        case departementNames = "departement_names"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(zone.population, forKey: .population)
        try c.encode(zone.communeCodes.count, forKey: .communes)
        try c.encode(zone.communeCodes, forKey: .communeCodes)
        if let communeNames { try c.encode(communeNames, forKey: .communeNames) }
        try c.encode(Rounded.value(zone.areaKm2), forKey: .areaKm2)
        try c.encode(zone.departements, forKey: .departements)
        if let departementNames { try c.encode(departementNames, forKey: .departementNames) }
    }
}

/// An overlap as an ARS reads it: both CPTS by id and name, the shared communes by code and name.
public struct NamedOverlap: Encodable, Sendable {
    public var overlap: CPTSOverlap
    public var nameA, nameB: String?
    public var communeNames: [String]

    public init(_ overlap: CPTSOverlap, in analysis: TerritoryAnalysis) {
        self.overlap = overlap
        nameA = analysis.perimeter(id: overlap.cptsA)?.name
        nameB = analysis.perimeter(id: overlap.cptsB)?.name
        communeNames = overlap.communeCodes.map { analysis.layer.commune($0)?.name ?? "" }
    }

    enum CodingKeys: String, CodingKey {
        case cptsA = "cpts_a", nameA = "name_a", cptsB = "cpts_b", nameB = "name_b", communeCodes = "commune_codes"
        case communeNames = "commune_names", communes, population
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(overlap.cptsA, forKey: .cptsA)
        try c.encode(nameA, forKey: .nameA)
        try c.encode(overlap.cptsB, forKey: .cptsB)
        try c.encode(nameB, forKey: .nameB)
        try c.encode(overlap.communeCodes, forKey: .communeCodes)
        try c.encode(communeNames, forKey: .communeNames)
        try c.encode(overlap.communeCodes.count, forKey: .communes)
        try c.encode(overlap.population, forKey: .population)
    }
}

/// Coverage figures of one area: keyed by `id` (a CPTS), `departement` or `region`; the nation has no key.
public struct CoverageRow: Encodable, Sendable {
    public var level: CoverageLevel
    public var figures: CoverageFigures
    /// The CPTS's, département's or région's name, written beside its key.
    public var name: String?

    public init(level: CoverageLevel, figures: CoverageFigures, name: String? = nil) {
        self.level = level; self.figures = figures
        self.name = name ?? (level == .region ? RegionNames.byCode[figures.code] : nil)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: NamedKey.self)
        if level != .nation { try c.encode(figures.code, forKey: NamedKey(level == .cpts ? "id" : level.rawValue)) }
        if let name { try c.encode(name, forKey: NamedKey("name")) }
        try c.encode(figures.populationTotal, forKey: NamedKey("population_total"))
        try c.encode(figures.populationCovered, forKey: NamedKey("population_covered"))
        try c.encode(Rounded.value(figures.coverageRate, 4), forKey: NamedKey("coverage_rate"))
        try c.encode(figures.communesTotal, forKey: NamedKey("communes_total"))
        try c.encode(figures.communesCovered, forKey: NamedKey("communes_covered"))
    }
}

/// A commune with the CPTS claiming it.
public struct CommuneEntry: Encodable, Sendable {
    public var commune: Commune
    public var cpts: [String]

    public init(commune: Commune, cpts: [String]) { self.commune = commune; self.cpts = cpts }

    enum CodingKeys: String, CodingKey {
        case code, name, departement, region, epci, population, areaKm2 = "area_km2", representativePoint = "representative_point", cpts
    }

    /// A point inside the commune, to 6 decimals (a tenth of a metre).
    struct Point: Encodable { let lon, lat: Double }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commune.code, forKey: .code)
        try c.encode(commune.name, forKey: .name)
        try c.encode(commune.departement, forKey: .departement)
        try c.encode(commune.region, forKey: .region)
        try c.encode(commune.epci, forKey: .epci)
        try c.encode(commune.population, forKey: .population)
        try c.encode(Rounded.value(commune.areaKm2), forKey: .areaKm2)
        try c.encode(commune.representativePoint.map { Point(lon: Rounded.value($0.longitude, 6), lat: Rounded.value($0.latitude, 6)) },
                     forKey: .representativePoint)
        try c.encode(cpts, forKey: .cpts)
    }
}

/// The ARS what-if of a proposed perimeter, with the codes that were unknown or translated to today's communes.
public struct PerimeterCheckAnswer: Encodable, Sendable {
    public var check: PerimeterCheck
    public var unknownCodes: [String]
    public var translatedCodes: [String: String]

    public init(check: PerimeterCheck, unknownCodes: [String], translatedCodes: [String: String]) {
        self.check = check; self.unknownCodes = unknownCodes; self.translatedCodes = translatedCodes
    }

    enum CodingKeys: String, CodingKey {
        case id, name, population, sizeCategory = "size_category", fundingEur = "funding_eur", communes, areaKm2 = "area_km2"
        case departements, regions, contiguous, parts, overlaps, whiteZoneCommunes = "white_zone_communes"
        case whiteZonePopulationCovered = "white_zone_population_covered", unknownCodes = "unknown_codes", translatedCodes = "translated_codes"
    }

    struct SharedCommunes: Encodable {
        let overlap: CPTSOverlap
        enum CodingKeys: String, CodingKey { case cpts, communeCodes = "commune_codes", population }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(overlap.cptsB, forKey: .cpts)
            try c.encode(overlap.communeCodes, forKey: .communeCodes)
            try c.encode(overlap.population, forKey: .population)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let r = check.report
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(r.id, forKey: .id)
        try c.encode(r.perimeter.name, forKey: .name)
        try c.encode(r.population, forKey: .population)
        try c.encode(r.sizeCategory.rawValue, forKey: .sizeCategory)
        try c.encode(r.sizeCategory.fundingEuros, forKey: .fundingEur)
        try c.encode(r.perimeter.communeCodes.count, forKey: .communes)
        try c.encode(Rounded.value(r.areaKm2), forKey: .areaKm2)
        try c.encode(r.departements, forKey: .departements)
        try c.encode(r.regions, forKey: .regions)
        try c.encode(r.isContiguous, forKey: .contiguous)
        try c.encode(r.parts, forKey: .parts)
        try c.encode(check.overlaps.map(SharedCommunes.init), forKey: .overlaps)
        try c.encode(check.whiteZoneCommunes, forKey: .whiteZoneCommunes)
        try c.encode(check.whiteZonePopulation, forKey: .whiteZonePopulationCovered)
        try c.encode(unknownCodes, forKey: .unknownCodes)
        var translated = c.nestedContainer(keyedBy: NamedKey.self, forKey: .translatedCodes)
        for (former, current) in translatedCodes.sorted(by: { $0.key < $1.key }) { try translated.encode(current, forKey: NamedKey(former)) }
    }
}

/// One CPTS: its report, its coverage figures and its communes (`GET /api/v1/cpts/{id}`).
public struct CPTSDetail: Encodable, Sendable {
    public var report: CPTSReport
    public var coverage: CoverageFigures

    public init(report: CPTSReport, coverage: CoverageFigures) { self.report = report; self.coverage = coverage }

    enum CodingKeys: String, CodingKey { case coverage, communeCodes = "commune_codes" }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(CoverageRow(level: .nation, figures: coverage), forKey: .coverage)
        try c.encode(report.perimeter.communeCodes, forKey: .communeCodes)
    }
}
