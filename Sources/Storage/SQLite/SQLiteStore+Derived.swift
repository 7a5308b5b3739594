import Foundation
import GeometryKit
import GRDB
import Territory

/// One row of the commune R*Tree. SQLite keeps the bounds as 32-bit floats rounded outwards, so a box
/// query never misses a commune; the candidates' polygons decide.
struct CommuneEnvelopeRecord: Codable, PersistableRecord {
    static let databaseTableName = "commune_envelope"
    enum Columns {
        static let id = Column(CodingKeys.id), minLon = Column(CodingKeys.minLon), maxLon = Column(CodingKeys.maxLon)
        static let minLat = Column(CodingKeys.minLat), maxLat = Column(CodingKeys.maxLat)
    }
    /// The commune's rowid.
    var id: Int64
    var minLon, maxLon, minLat, maxLat: Double
    enum CodingKeys: String, CodingKey { case id, minLon = "min_lon", maxLon = "max_lon", minLat = "min_lat", maxLat = "max_lat" }

    init?(rowid: Int64, envelope: Envelope?) {
        guard let envelope else { return nil }
        id = rowid; minLon = envelope.minX; maxLon = envelope.maxX; minLat = envelope.minY; maxLat = envelope.maxY
    }
}

/// A stored CPTS dissolve (`DissolvedPerimeter`).
struct CPTSDissolvedRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cpts_dissolved"
    enum Columns { static let cptsID = Column(CodingKeys.cptsID), geometry = Column(CodingKeys.geometry) }
    var cptsID: String
    var areaKm2: Double
    var parts: Int
    var geometry: Data?
    enum CodingKeys: String, CodingKey { case cptsID = "cpts_id", areaKm2 = "area_km2", parts, geometry }
}

/// A stored white zone of one set of covering statuses, in the analysis's order (`position`).
struct WhiteZoneRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "white_zone"
    enum Columns { static let statuses = Column(CodingKeys.statuses), position = Column(CodingKeys.position), geometry = Column(CodingKeys.geometry) }
    var statuses: String
    var position: Int
    /// Codes joined by ",", as are `departements`.
    var communeCodes: String
    var population: Int
    var areaKm2: Double
    var departements: String
    var geometry: Data?
    enum CodingKeys: String, CodingKey {
        case statuses, position, communeCodes = "commune_codes", population, areaKm2 = "area_km2", departements, geometry
    }
}

/// Stored `CoverageFigures` of one status set at one level.
struct CoverageFiguresRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "coverage_figures"
    enum Columns { static let statuses = Column(CodingKeys.statuses), level = Column(CodingKeys.level), code = Column(CodingKeys.code) }
    var statuses, level, code: String
    var populationTotal, populationCovered, communesTotal, communesCovered: Int
    enum CodingKeys: String, CodingKey {
        case statuses, level, code, populationTotal = "population_total", populationCovered = "population_covered"
        case communesTotal = "communes_total", communesCovered = "communes_covered"
    }

    var figures: CoverageFigures {
        CoverageFigures(code: code, populationTotal: populationTotal, populationCovered: populationCovered,
                        communesTotal: communesTotal, communesCovered: communesCovered)
    }
}

/// A stored `CPTSOverlap`, in the analysis's order (`position`).
struct CPTSOverlapRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "cpts_overlap"
    enum Columns { static let position = Column(CodingKeys.position) }
    var position: Int
    var cptsA, cptsB: String
    /// Codes joined by ",".
    var communeCodes: String
    var population: Int
    enum CodingKeys: String, CodingKey { case position, cptsA = "cpts_a", cptsB = "cpts_b", communeCodes = "commune_codes", population }
}

/// Which derived set is complete for which generation: written in the transaction that writes the set.
struct DerivedStateRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "derived_state"
    enum Columns { static let kind = Column(CodingKeys.kind) }
    var kind: String
    var generation: Int
}

extension SQLiteStore {
    public func territoryGeneration() async throws -> Int {
        try await database.read { db in try SQLiteStore.territoryGeneration(db) }
    }

    static func territoryGeneration(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT value FROM store_generation WHERE name = 'territory'") ?? 0
    }

    /// Called by the commune and CPTS imports inside their transaction: what was derived from the old territory goes.
    func bumpTerritoryGeneration(_ db: Database) throws {
        try db.execute(sql: "UPDATE store_generation SET value = value + 1 WHERE name = 'territory'")
        try db.execute(sql: "DELETE FROM derived_state")
        try db.execute(sql: "DELETE FROM cpts_dissolved")
        try db.execute(sql: "DELETE FROM white_zone")
        try db.execute(sql: "DELETE FROM coverage_figures")
        try db.execute(sql: "DELETE FROM cpts_overlap")
    }

    public func dissolvedPerimeters(generation: Int, withGeometry: Bool) async throws -> [String: DissolvedPerimeter]? {
        try await database.read { db in
            guard try SQLiteStore.isComplete("cpts_dissolved", generation: generation, db) else { return nil }
            let selection: [any SQLSelectable] = withGeometry ? [AllColumns()]
                : [CPTSDissolvedRecord.Columns.cptsID, Column("area_km2"), Column("parts"), SQL("NULL").sqlExpression.forKey("geometry")]
            var dissolved: [String: DissolvedPerimeter] = [:]
            for record in try CPTSDissolvedRecord.select(selection).fetchAll(db) {
                dissolved[record.cptsID] = DissolvedPerimeter(geometry: try record.geometry.map { try Geometry(wkb: [UInt8]($0)) },
                                                              areaKm2: record.areaKm2, parts: record.parts)
            }
            return dissolved
        }
    }

    public func saveDissolvedPerimeters(_ dissolved: [String: DissolvedPerimeter], generation: Int) async throws {
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }   // an import came in between
            try CPTSDissolvedRecord.deleteAll(db)
            for (id, perimeter) in dissolved {
                try CPTSDissolvedRecord(cptsID: id, areaKm2: perimeter.areaKm2, parts: perimeter.parts,
                                        geometry: perimeter.geometry.map { Data($0.wkb) }).insert(db)
            }
            try DerivedStateRecord(kind: "cpts_dissolved", generation: generation).save(db)
        }
    }

    public func whiteZones(coveringStatuses: Set<CPTSStatus>, generation: Int, withGeometry: Bool) async throws -> [WhiteZone]? {
        let key = SQLiteStore.statusKey(coveringStatuses)
        return try await database.read { db in
            guard try SQLiteStore.isComplete("white_zone:" + key, generation: generation, db) else { return nil }
            let request = WhiteZoneRecord.filter(WhiteZoneRecord.Columns.statuses == key).order(WhiteZoneRecord.Columns.position)
            let columns: [any SQLSelectable] = [WhiteZoneRecord.Columns.statuses, WhiteZoneRecord.Columns.position, Column("commune_codes"),
                                                Column("population"), Column("area_km2"), Column("departements"),
                                                withGeometry ? WhiteZoneRecord.Columns.geometry : SQL("NULL").sqlExpression.forKey("geometry")]
            let records = try request.select(columns).fetchAll(db)
            return try records.map { record in
                WhiteZone(communeCodes: JoinedCodes.split(record.communeCodes), population: record.population,
                          areaKm2: record.areaKm2, departements: JoinedCodes.split(record.departements),
                          geometry: try record.geometry.map { try Geometry(wkb: [UInt8]($0)) })
            }
        }
    }

    public func saveWhiteZones(_ zones: [WhiteZone], coveringStatuses: Set<CPTSStatus>, generation: Int) async throws {
        let key = SQLiteStore.statusKey(coveringStatuses)
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }
            try WhiteZoneRecord.filter(WhiteZoneRecord.Columns.statuses == key).deleteAll(db)
            for (position, zone) in zones.enumerated() {
                try WhiteZoneRecord(statuses: key, position: position, communeCodes: JoinedCodes.join(zone.communeCodes),
                                    population: zone.population, areaKm2: zone.areaKm2, departements: JoinedCodes.join(zone.departements),
                                    geometry: zone.geometry.map { Data($0.wkb) }).insert(db)
            }
            try DerivedStateRecord(kind: "white_zone:" + key, generation: generation).save(db)
        }
    }

    public func coverageFigures(coveringStatuses: Set<CPTSStatus>, level: CoverageLevel, generation: Int) async throws -> [CoverageFigures]? {
        let key = SQLiteStore.statusKey(coveringStatuses)
        return try await database.read { db in
            guard try SQLiteStore.isComplete("coverage:" + key, generation: generation, db) else { return nil }
            return try CoverageFiguresRecord.filter(CoverageFiguresRecord.Columns.statuses == key && CoverageFiguresRecord.Columns.level == level.rawValue)
                .order(CoverageFiguresRecord.Columns.code).fetchAll(db).map(\.figures)
        }
    }

    public func saveCoverageFigures(_ figures: [CoverageLevel: [CoverageFigures]], coveringStatuses: Set<CPTSStatus>, generation: Int) async throws {
        let key = SQLiteStore.statusKey(coveringStatuses)
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }
            try CoverageFiguresRecord.filter(CoverageFiguresRecord.Columns.statuses == key).deleteAll(db)
            for (level, rows) in figures {
                for f in rows {
                    try CoverageFiguresRecord(statuses: key, level: level.rawValue, code: f.code, populationTotal: f.populationTotal,
                                              populationCovered: f.populationCovered, communesTotal: f.communesTotal,
                                              communesCovered: f.communesCovered).insert(db)
                }
            }
            try DerivedStateRecord(kind: "coverage:" + key, generation: generation).save(db)
        }
    }

    public func overlaps(generation: Int) async throws -> [CPTSOverlap]? {
        try await database.read { db in
            guard try SQLiteStore.isComplete("cpts_overlap", generation: generation, db) else { return nil }
            return try CPTSOverlapRecord.order(CPTSOverlapRecord.Columns.position).fetchAll(db).map { record in
                CPTSOverlap(cptsA: record.cptsA, cptsB: record.cptsB, communeCodes: JoinedCodes.split(record.communeCodes),
                            population: record.population)
            }
        }
    }

    public func saveOverlaps(_ overlaps: [CPTSOverlap], generation: Int) async throws {
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }
            try CPTSOverlapRecord.deleteAll(db)
            for (position, overlap) in overlaps.enumerated() {
                try CPTSOverlapRecord(position: position, cptsA: overlap.cptsA, cptsB: overlap.cptsB,
                                      communeCodes: JoinedCodes.join(overlap.communeCodes), population: overlap.population).insert(db)
            }
            try DerivedStateRecord(kind: "cpts_overlap", generation: generation).save(db)
        }
    }

    private static func isComplete(_ kind: String, generation: Int, _ db: Database) throws -> Bool {
        try DerivedStateRecord.filter(key: kind).fetchOne(db)?.generation == generation
    }

    /// The statuses in their declaration order, comma-separated: one key per set.
    /// (An empty set means all, as in `TerritoryAnalysis`.)
    static func statusKey(_ statuses: Set<CPTSStatus>) -> String {
        CPTSStatus.allCases.filter { statuses.isEmpty || statuses.contains($0) }.map(\.rawValue).joined(separator: ",")
    }
}
