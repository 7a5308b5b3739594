import Foundation
import GeometryKit
import PostgresNIO
import Storage
import Territory

/// What imports derive (dissolves, white zones, coverage figures, overlaps), each set tagged in `derived_state` with
/// the territory generation it was computed from, as in the SQLite store. A save takes the generation's row lock, so
/// an import (which bumps it under the same lock) and a save never interleave. The rows are Storage's records
/// (`CPTSDissolvedRecord`, `WhiteZoneRecord`, …), whose coding keys are the columns of both schemas.
extension PostGISStore {
    public func territoryGeneration() async throws -> Int {
        try await rows("SELECT value FROM store_generation WHERE name = 'territory'").first?.value("value") ?? 0
    }

    /// Called by the commune and CPTS imports inside their transaction: what was derived from the old territory goes.
    static func bumpTerritoryGeneration(_ db: PostGISTransaction) async throws {
        try await db.execute("UPDATE store_generation SET value = value + 1 WHERE name = 'territory'")
        for table in ["derived_state", "cpts_dissolved", "white_zone", "coverage_figures", "cpts_overlap"] {
            try await db.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table)"))
        }
    }

    /// Runs `save` in a transaction if `generation` is still the current one (an import may have come in between).
    private func saveDerived(kind: String, generation: Int, _ save: (PostGISTransaction) async throws -> Void) async throws {
        try await transaction(change: .derived) { db in
            let current = try await db.rows("SELECT value FROM store_generation WHERE name = 'territory' FOR UPDATE").first?.value("value", Int.self)
            guard current == generation else { return }
            try await save(db)
            try await db.execute("""
                INSERT INTO derived_state (kind, generation) VALUES (\(kind), \(generation))
                ON CONFLICT (kind) DO UPDATE SET generation = excluded.generation
                """)
        }
    }

    public func communeGeneration() async throws -> Int {
        try await rows("SELECT value FROM store_generation WHERE name = 'communes'").first?.value("value") ?? 0
    }

    public func generalisedLevel(toleranceMetres: Int, communeGeneration: Int) async throws -> [UInt8]? {
        try await rows("""
            SELECT coverage FROM generalised_level WHERE tolerance_m = \(toleranceMetres) AND commune_generation = \(communeGeneration)
            """).first.map { Array(try $0.value("coverage", ByteBuffer.self).readableBytesView) }
    }

    public func saveGeneralisedLevel(_ encoded: [UInt8], toleranceMetres: Int, communeGeneration: Int) async throws {
        try await transaction(change: .derived) { db in
            // The commune import bumps the generation under this row's lock: a save and an import never interleave.
            let current = try await db.rows("SELECT value FROM store_generation WHERE name = 'communes' FOR UPDATE").first?.value("value", Int.self)
            guard current == communeGeneration else { return }
            try await db.execute("""
                INSERT INTO generalised_level (tolerance_m, commune_generation, coverage)
                VALUES (\(toleranceMetres), \(communeGeneration), \(ByteBuffer(bytes: encoded)))
                ON CONFLICT (tolerance_m) DO UPDATE SET commune_generation = excluded.commune_generation, coverage = excluded.coverage
                """)
        }
    }

    private func isComplete(_ kind: String, generation: Int) async throws -> Bool {
        try await rows("SELECT generation FROM derived_state WHERE kind = \(kind)").first?.value("generation", Int.self) == generation
    }

    public func dissolvedPerimeters(generation: Int, withGeometry: Bool) async throws -> [String: DissolvedPerimeter]? {
        guard try await isComplete("cpts_dissolved", generation: generation) else { return nil }
        let geometry = withGeometry ? PostGISRows.polygonWKB() : "NULL::bytea"
        var dissolved: [String: DissolvedPerimeter] = [:]
        for row in try await rows(PostgresQuery(unsafeSQL: "SELECT cpts_id, area_km2, parts, \(geometry) AS geometry FROM cpts_dissolved")) {
            dissolved[try row.value("cpts_id")] = DissolvedPerimeter(geometry: try row.geometry(), areaKm2: try row.value("area_km2"),
                                                                    parts: try row.value("parts"))
        }
        return dissolved
    }

    public func saveDissolvedPerimeters(_ dissolved: [String: DissolvedPerimeter], generation: Int) async throws {
        let rows = dissolved.sorted { $0.key < $1.key }.map { id, p in
            CPTSDissolvedRecord(cptsID: id, perimeter: p)
        }
        try await saveDerived(kind: "cpts_dissolved", generation: generation) { db in
            try await db.execute("DELETE FROM cpts_dissolved")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO cpts_dissolved (cpts_id, area_km2, parts, geometry)
                    SELECT cpts_id, area_km2, parts, \(PostGISRows.multiPolygon(fromBase64: "geometry"))
                    FROM jsonb_to_recordset($1::jsonb) AS r(cpts_id text, area_km2 float8, parts integer, geometry text)
                    """, binds: try Self.binds(json))
            }
        }
    }

    public func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int, withGeometry: Bool) async throws -> [WhiteZone]? {
        let key = WhiteZoneKey.of(coveringStatuses, cut: cut)
        guard try await isComplete("white_zone:" + key, generation: generation) else { return nil }
        let geometry = withGeometry ? PostGISRows.polygonWKB() : "NULL::bytea"
        var query = PostgresQuery(unsafeSQL: """
            SELECT commune_codes, population, area_km2, departements, \(geometry) AS geometry FROM white_zone WHERE statuses = $1 ORDER BY position
            """)
        query.binds.append(key)
        return try await rows(query).map { row in
            WhiteZone(communeCodes: JoinedCodes.split(try row.value("commune_codes")), population: try row.value("population"),
                      areaKm2: try row.value("area_km2"), departements: JoinedCodes.split(try row.value("departements")),
                      geometry: try row.geometry())
        }
    }

    public func saveWhiteZones(_ zones: [WhiteZone], coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int) async throws {
        let key = WhiteZoneKey.of(coveringStatuses, cut: cut)
        let rows = zones.enumerated().map { position, zone in
            WhiteZoneRecord(statuses: key, position: position, zone: zone)
        }
        try await saveDerived(kind: "white_zone:" + key, generation: generation) { db in
            try await db.execute("DELETE FROM white_zone WHERE statuses = \(key)")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO white_zone (statuses, position, commune_codes, population, area_km2, departements, geometry)
                    SELECT statuses, position, commune_codes, population, area_km2, departements,
                           \(PostGISRows.multiPolygon(fromBase64: "geometry"))
                    FROM jsonb_to_recordset($1::jsonb) AS r(statuses text, position integer, commune_codes text, population integer,
                                                            area_km2 float8, departements text, geometry text)
                    """, binds: try Self.binds(json))
            }
        }
    }

    public func coverageFigures(coveringStatuses: Set<CPTSStatus>, level: CoverageLevel, generation: Int) async throws -> [CoverageFigures]? {
        let key = StatusKey.of(coveringStatuses)
        guard try await isComplete("coverage:" + key, generation: generation) else { return nil }
        return try await rows("""
            SELECT code, population_total, population_covered, communes_total, communes_covered FROM coverage_figures
            WHERE statuses = \(key) AND level = \(level.rawValue) ORDER BY code
            """).map { row in
            CoverageFigures(code: try row.value("code"), populationTotal: try row.value("population_total"),
                            populationCovered: try row.value("population_covered"), communesTotal: try row.value("communes_total"),
                            communesCovered: try row.value("communes_covered"))
        }
    }

    public func saveCoverageFigures(_ figures: [CoverageLevel: [CoverageFigures]], coveringStatuses: Set<CPTSStatus>, generation: Int) async throws {
        let key = StatusKey.of(coveringStatuses)
        let rows = figures.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { level, rows in
            rows.map { f in
                CoverageFiguresRecord(statuses: key, level: level, figures: f)
            }
        }
        try await saveDerived(kind: "coverage:" + key, generation: generation) { db in
            try await db.execute("DELETE FROM coverage_figures WHERE statuses = \(key)")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO coverage_figures (statuses, level, code, population_total, population_covered, communes_total, communes_covered)
                    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(statuses text, level text, code text, population_total bigint,
                                                                     population_covered bigint, communes_total integer, communes_covered integer)
                    """, binds: try Self.binds(json))
            }
        }
    }

    public func overlaps(generation: Int) async throws -> [CPTSOverlap]? {
        guard try await isComplete("cpts_overlap", generation: generation) else { return nil }
        return try await rows("SELECT cpts_a, cpts_b, commune_codes, population FROM cpts_overlap ORDER BY position").map { row in
            CPTSOverlap(cptsA: try row.value("cpts_a"), cptsB: try row.value("cpts_b"),
                        communeCodes: JoinedCodes.split(try row.value("commune_codes")), population: try row.value("population"))
        }
    }

    public func saveOverlaps(_ overlaps: [CPTSOverlap], generation: Int) async throws {
        let rows = overlaps.enumerated().map { position, o in
            CPTSOverlapRecord(position: position, overlap: o)
        }
        try await saveDerived(kind: "cpts_overlap", generation: generation) { db in
            try await db.execute("DELETE FROM cpts_overlap")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO cpts_overlap (position, cpts_a, cpts_b, commune_codes, population)
                    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(position integer, cpts_a text, cpts_b text, commune_codes text, population integer)
                    """, binds: try Self.binds(json))
            }
        }
    }
}
