import Foundation
import GeometryKit
import GRDB
import Storage
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
                try CPTSDissolvedRecord(cptsID: id, perimeter: perimeter).insert(db)
            }
            try DerivedStateRecord(kind: "cpts_dissolved", generation: generation).save(db)
        }
    }

    public func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int, withGeometry: Bool) async throws -> [WhiteZone]? {
        let key = WhiteZoneKey.of(coveringStatuses, cut: cut)
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

    public func saveWhiteZones(_ zones: [WhiteZone], coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int) async throws {
        let key = WhiteZoneKey.of(coveringStatuses, cut: cut)
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }
            try WhiteZoneRecord.filter(WhiteZoneRecord.Columns.statuses == key).deleteAll(db)
            for (position, zone) in zones.enumerated() {
                try WhiteZoneRecord(statuses: key, position: position, zone: zone).insert(db)
            }
            try DerivedStateRecord(kind: "white_zone:" + key, generation: generation).save(db)
        }
    }

    public func coverageFigures(coveringStatuses: Set<CPTSStatus>, level: CoverageLevel, generation: Int) async throws -> [CoverageFigures]? {
        let key = StatusKey.of(coveringStatuses)
        return try await database.read { db in
            guard try SQLiteStore.isComplete("coverage:" + key, generation: generation, db) else { return nil }
            return try CoverageFiguresRecord.filter(CoverageFiguresRecord.Columns.statuses == key && CoverageFiguresRecord.Columns.level == level.rawValue)
                .order(CoverageFiguresRecord.Columns.code).fetchAll(db).map(\.figures)
        }
    }

    public func saveCoverageFigures(_ figures: [CoverageLevel: [CoverageFigures]], coveringStatuses: Set<CPTSStatus>, generation: Int) async throws {
        let key = StatusKey.of(coveringStatuses)
        try await database.write { db in
            guard try SQLiteStore.territoryGeneration(db) == generation else { return }
            try CoverageFiguresRecord.filter(CoverageFiguresRecord.Columns.statuses == key).deleteAll(db)
            for (level, rows) in figures {
                for f in rows {
                    try CoverageFiguresRecord(statuses: key, level: level, figures: f).insert(db)
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
                try CPTSOverlapRecord(position: position, overlap: overlap).insert(db)
            }
            try DerivedStateRecord(kind: "cpts_overlap", generation: generation).save(db)
        }
    }

    public func communeGeneration() async throws -> Int {
        try await database.read { db in try SQLiteStore.communeGeneration(db) }
    }

    static func communeGeneration(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT value FROM store_generation WHERE name = 'communes'") ?? 0
    }

    public func generalisedLevel(toleranceMetres: Int, communeGeneration: Int) async throws -> [UInt8]? {
        try await database.read { db in
            try GeneralisedLevelRecord.filter(GeneralisedLevelRecord.Columns.toleranceMetres == toleranceMetres
                                              && GeneralisedLevelRecord.Columns.communeGeneration == communeGeneration)
                .fetchOne(db).map { [UInt8]($0.coverage) }
        }
    }

    public func saveGeneralisedLevel(_ encoded: [UInt8], toleranceMetres: Int, communeGeneration: Int) async throws {
        try await database.write { db in
            guard try SQLiteStore.communeGeneration(db) == communeGeneration else { return }   // a commune import came in between
            try GeneralisedLevelRecord(toleranceMetres: toleranceMetres, communeGeneration: communeGeneration, coverage: encoded).save(db)
        }
    }

    private static func isComplete(_ kind: String, generation: Int, _ db: Database) throws -> Bool {
        try DerivedStateRecord.filter(key: kind).fetchOne(db)?.generation == generation
    }
}
