import Foundation
import Territory

// The rows of what imports derive, one type per table for both stores: their coding keys are the columns of the
// SQLite and the PostGIS schemas (GRDB reads and writes them as records; PostGIS receives them as JSON rows).

/// A stored CPTS dissolve (`DissolvedPerimeter`).
public struct CPTSDissolvedRecord: Codable, Sendable {
    public static let databaseTableName = "cpts_dissolved"
    public var cptsID: String
    public var areaKm2: Double
    public var parts: Int
    /// WKB.
    public var geometry: Data?
    public enum CodingKeys: String, CodingKey { case cptsID = "cpts_id", areaKm2 = "area_km2", parts, geometry }

    public init(cptsID: String, perimeter: DissolvedPerimeter) {
        self.cptsID = cptsID; areaKm2 = perimeter.areaKm2; parts = perimeter.parts; geometry = perimeter.geometry.map { Data($0.wkb) }
    }
}

/// A stored white zone of one set of covering statuses (`StatusKey`), in the analysis's order (`position`).
public struct WhiteZoneRecord: Codable, Sendable {
    public static let databaseTableName = "white_zone"
    public var statuses: String
    public var position: Int
    /// Codes joined by `JoinedCodes`, as are `departements`.
    public var communeCodes: String
    public var population: Int
    public var areaKm2: Double
    public var departements: String
    /// WKB.
    public var geometry: Data?
    public enum CodingKeys: String, CodingKey {
        case statuses, position, communeCodes = "commune_codes", population, areaKm2 = "area_km2", departements, geometry
    }

    public init(statuses: String, position: Int, zone: WhiteZone) {
        self.statuses = statuses; self.position = position; communeCodes = JoinedCodes.join(zone.communeCodes)
        population = zone.population; areaKm2 = zone.areaKm2; departements = JoinedCodes.join(zone.departements)
        geometry = zone.geometry.map { Data($0.wkb) }
    }
}

/// Stored `CoverageFigures` of one status set at one level.
public struct CoverageFiguresRecord: Codable, Sendable {
    public static let databaseTableName = "coverage_figures"
    public var statuses, level, code: String
    public var populationTotal, populationCovered, communesTotal, communesCovered: Int
    public enum CodingKeys: String, CodingKey {
        case statuses, level, code, populationTotal = "population_total", populationCovered = "population_covered"
        case communesTotal = "communes_total", communesCovered = "communes_covered"
    }

    public init(statuses: String, level: CoverageLevel, figures f: CoverageFigures) {
        self.statuses = statuses; self.level = level.rawValue; code = f.code; populationTotal = f.populationTotal
        populationCovered = f.populationCovered; communesTotal = f.communesTotal; communesCovered = f.communesCovered
    }

    public var figures: CoverageFigures {
        CoverageFigures(code: code, populationTotal: populationTotal, populationCovered: populationCovered,
                        communesTotal: communesTotal, communesCovered: communesCovered)
    }
}

/// A stored `CPTSOverlap`, in the analysis's order (`position`).
public struct CPTSOverlapRecord: Codable, Sendable {
    public static let databaseTableName = "cpts_overlap"
    public var position: Int
    public var cptsA, cptsB: String
    /// Codes joined by `JoinedCodes`.
    public var communeCodes: String
    public var population: Int
    public enum CodingKeys: String, CodingKey { case position, cptsA = "cpts_a", cptsB = "cpts_b", communeCodes = "commune_codes", population }

    public init(position: Int, overlap o: CPTSOverlap) {
        self.position = position; cptsA = o.cptsA; cptsB = o.cptsB; communeCodes = JoinedCodes.join(o.communeCodes); population = o.population
    }
}

/// A stored generalised level of the commune edge graph (`PolygonCoverage.encoded()`), for the communes of one import.
public struct GeneralisedLevelRecord: Codable, Sendable {
    public static let databaseTableName = "generalised_level"
    public var toleranceMetres: Int
    public var communeGeneration: Int
    public var coverage: Data
    public enum CodingKeys: String, CodingKey { case toleranceMetres = "tolerance_m", communeGeneration = "commune_generation", coverage }

    public init(toleranceMetres: Int, communeGeneration: Int, coverage: [UInt8]) {
        self.toleranceMetres = toleranceMetres; self.communeGeneration = communeGeneration; self.coverage = Data(coverage)
    }
}

/// The key of a list of white zones in the store (`statuses` column): the covering statuses (`StatusKey`), and `|region`
/// for the zones cut at the régions' limits.
public enum WhiteZoneKey {
    public static func of(_ statuses: Set<CPTSStatus>, cut: WhiteZoneCut) -> String {
        StatusKey.of(statuses) + (cut == .region ? "|region" : "")
    }
}

/// The key of a set of covering statuses in the derived tables: the statuses in their declaration order,
/// comma-separated, one key per set (an empty set means all, as in `TerritoryAnalysis`).
public enum StatusKey {
    public static func of(_ statuses: Set<CPTSStatus>) -> String {
        CPTSStatus.allCases.filter { statuses.isEmpty || statuses.contains($0) }.map(\.rawValue).joined(separator: ",")
    }
}
