import Foundation
import GeometryKit
import PostgresNIO
import Storage
import Territory

/// `commune`, `commune_touch`, `former_commune`, `cpts`, `cpts_commune`.
extension PostGISStore {
    /// A commune as `jsonb_to_recordset` reads it.
    private struct CommuneRow: Encodable {
        var code, name, departement, region: String
        var epci: String?
        var population: Int?
        var areaKm2, lon, lat: Double?
        /// WKB.
        var geometry: Data?
        enum CodingKeys: String, CodingKey {
            case code, name, departement, region, epci, population, areaKm2 = "area_km2", lon, lat, geometry
        }
    }

    private struct PairRow: Encodable { var a, b: String }

    public func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) async throws {
        let communes = layer.communes.map { c in
            CommuneRow(code: c.code, name: c.name, departement: c.departement, region: c.region, epci: c.epci, population: c.population,
                       areaKm2: c.areaKm2, lon: c.representativePoint?.longitude, lat: c.representativePoint?.latitude,
                       geometry: c.geometry.map { Data($0.wkb) })
        }
        let touching = layer.touchingPairs.map { PairRow(a: $0.0, b: $0.1) }
        let former = formerCodes.sorted { $0.key < $1.key }.map { PairRow(a: $0.key, b: $0.value) }
        let departements = layer.departementNames.sorted { $0.key < $1.key }.map { PairRow(a: $0.key, b: $0.value) }
        let epcis = layer.epciNames.sorted { $0.key < $1.key }.map { PairRow(a: $0.key, b: $0.value) }
        try await transaction(change: .territory) { db in
            try await db.execute("DELETE FROM commune_touch")
            try await db.execute("DELETE FROM former_commune")
            try await db.execute("DELETE FROM departement")
            try await PostGISRows.insert(departements, db) { json in
                PostgresQuery(unsafeSQL: "INSERT INTO departement (code, name) SELECT a, b FROM jsonb_to_recordset($1::jsonb) AS r(a text, b text)",
                              binds: try Self.binds(json))
            }
            try await db.execute("DELETE FROM epci")
            try await PostGISRows.insert(epcis, db) { json in
                PostgresQuery(unsafeSQL: "INSERT INTO epci (siren, name) SELECT a, b FROM jsonb_to_recordset($1::jsonb) AS r(a text, b text)",
                              binds: try Self.binds(json))
            }
            try await db.execute("DELETE FROM commune")
            try await PostGISRows.insert(communes, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO commune (code, name, departement, region, epci, population, area_km2, point, geometry)
                    SELECT code, name, departement, region, epci, population, area_km2, \(PostGISRows.point()),
                           \(PostGISRows.multiPolygon(fromBase64: "geometry"))
                    FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, departement text, region text, epci text,
                                                            population integer, area_km2 float8, lon float8, lat float8, geometry text)
                    """, binds: try Self.binds(json))
            }
            try await PostGISRows.insert(touching, db) { json in
                PostgresQuery(unsafeSQL: "INSERT INTO commune_touch (code, touching_code) SELECT a, b FROM jsonb_to_recordset($1::jsonb) AS r(a text, b text)",
                              binds: try Self.binds(json))
            }
            try await PostGISRows.insert(former, db) { json in
                PostgresQuery(unsafeSQL: "INSERT INTO former_commune (code, current_code) SELECT a, b FROM jsonb_to_recordset($1::jsonb) AS r(a text, b text)",
                              binds: try Self.binds(json))
            }
            try await Self.bumpTerritoryGeneration(db)
            try await db.execute("UPDATE store_generation SET value = value + 1 WHERE name = 'communes'")
            try await db.execute("DELETE FROM generalised_level")
            try await Self.logImport(db, kind: "communes", summary: importSummary)
        }
    }

    /// Every column but the polygon, as `commune(from:)` reads them.
    private static let communeAttributes = "code, name, departement, region, epci, population, area_km2, ST_X(point) AS lon, ST_Y(point) AS lat"

    private static func commune(from row: PostgresRandomAccessRow, geometry: Geometry?) throws -> Commune {
        Commune(code: try row.value("code"), name: try row.value("name"), departement: try row.value("departement"),
                region: try row.value("region"), epci: try row.value("epci", String?.self), population: try row.value("population", Int?.self),
                geometry: geometry, areaKm2: try row.value("area_km2", Double?.self), representativePoint: try row.coordinate())
    }

    /// The communes of a query selecting `communeAttributes` and, when it has one, a WKB `geometry` column — decoded on
    /// every core, the costly part.
    private func communes(_ query: PostgresQuery, geometry: Bool) async throws -> [Commune] {
        let rows = try await rows(query)
        guard geometry else { return try rows.map { try Self.commune(from: $0, geometry: nil) } }
        return try ParallelMap.map(rows) { row in try Self.commune(from: row, geometry: try row.geometry()) }
    }

    public func allCommunes() async throws -> [Commune] {
        try await communes(PostgresQuery(unsafeSQL: "SELECT \(Self.communeAttributes), \(PostGISRows.polygonWKB()) AS geometry FROM commune ORDER BY code"),
                           geometry: true)
    }

    public func communeLayer() async throws -> CommuneLayer {
        CommuneLayer(try await allCommunes(), touching: try await communeTouchPairs(), departementNames: try await departementNames())
    }

    public func departementNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await rows("SELECT code, name FROM departement").map {
            (try $0.value("code", String.self), try $0.value("name", String.self))
        })
    }

    public func epciNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await rows("SELECT siren, name FROM epci").map {
            (try $0.value("siren", String.self), try $0.value("name", String.self))
        })
    }

    public func communeTouchPairs() async throws -> [(String, String)] {
        try await rows("SELECT code, touching_code FROM commune_touch").map {
            (try $0.value("code", String.self), try $0.value("touching_code", String.self))
        }
    }

    public func communeLayer(geometry: Bool) async throws -> CommuneLayer {
        guard geometry else {
            return CommuneLayer(try await communes(PostgresQuery(unsafeSQL: "SELECT \(Self.communeAttributes) FROM commune ORDER BY code"),
                                                   geometry: false), touching: [], departementNames: try await departementNames())
        }
        return try await communeLayer()
    }

    public func orientationCommunes(around position: Coordinate?, commune code: String?) async throws -> CommuneLayer {
        // The communes whose polygon's box holds the position (GIST), with their polygons; the named commune without.
        let point = position.map { "ST_SetSRID(ST_MakePoint(\($0.longitude), \($0.latitude)), 4326)" } ?? "NULL::geometry"
        var query = PostgresQuery(unsafeSQL: """
            SELECT \(Self.communeAttributes),
                   CASE WHEN geometry && \(point) THEN \(PostGISRows.polygonWKB()) END AS geometry
            FROM commune WHERE code = $1 OR geometry && \(point)
            """)
        query.binds.append(code)
        return CommuneLayer(try await communes(query, geometry: true), touching: [])
    }

    public func commune(code: String) async throws -> Commune? {
        var query = PostgresQuery(unsafeSQL: "SELECT \(Self.communeAttributes), \(PostGISRows.polygonWKB()) AS geometry FROM commune WHERE code = $1")
        query.binds.append(code)
        return try await communes(query, geometry: true).first
    }

    public func communeStats() async throws -> CommuneStats {
        let row = try await rows("""
            SELECT count(*) AS communes, coalesce(sum(population), 0)::bigint AS population,
                   count(*) FILTER (WHERE geometry IS NULL) AS without_geometry FROM commune
            """)[0]
        return CommuneStats(communes: try row.value("communes"), populationTotal: try row.value("population"),
                            communesWithoutGeometry: try row.value("without_geometry"))
    }

    public func formerCommuneCodes() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await rows("SELECT code, current_code FROM former_commune").map {
            (try $0.value("code", String.self), try $0.value("current_code", String.self))
        })
    }

    // MARK: - CPTS

    private struct CPTSRow: Encodable { var id, name, status: String }
    private struct MembershipRow: Encodable { var cpts, commune: String }

    public func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) async throws {
        let cpts = perimeters.map { CPTSRow(id: $0.id, name: $0.name, status: $0.status.rawValue) }
        let memberships = perimeters.flatMap { p in p.communeCodes.map { MembershipRow(cpts: p.id, commune: $0) } }
        try await transaction(change: .territory) { db in
            try await db.execute("DELETE FROM cpts_commune")
            try await db.execute("DELETE FROM cpts")
            try await PostGISRows.insert(cpts, db) { json in
                PostgresQuery(unsafeSQL: "INSERT INTO cpts (id, name, status) SELECT id, name, status FROM jsonb_to_recordset($1::jsonb) AS r(id text, name text, status text)",
                              binds: try Self.binds(json))
            }
            try await PostGISRows.insert(memberships, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO cpts_commune (cpts_id, commune_code) SELECT DISTINCT cpts, commune
                    FROM jsonb_to_recordset($1::jsonb) AS r(cpts text, commune text)
                    """, binds: try Self.binds(json))
            }
            try await Self.bumpTerritoryGeneration(db)
            try await Self.logImport(db, kind: "cpts", summary: importSummary)
        }
    }

    /// Every CPTS with its codes joined (one row per CPTS), or those `filter` keeps.
    private func perimeters(filter: String = "", binds: PostgresBindings = PostgresBindings()) async throws -> [CPTSPerimeter] {
        try await rows(PostgresQuery(unsafeSQL: """
            SELECT id, name, status, (SELECT string_agg(commune_code, ',') FROM cpts_commune WHERE cpts_id = cpts.id) AS commune_codes
            FROM cpts \(filter) ORDER BY id
            """, binds: binds)).map { row in
            let id: String = try row.value("id"), statusText: String = try row.value("status")
            guard let status = CPTSStatus(rawValue: statusText) else { throw StorageError.corrupt("cpts \(id) has unknown status '\(statusText)'") }
            return CPTSPerimeter(id: id, name: try row.value("name"), status: status,
                                 communeCodes: try row.value("commune_codes", String?.self).map(JoinedCodes.split) ?? [])
        }
    }

    public func allCPTS() async throws -> [CPTSPerimeter] { try await perimeters() }

    public func cpts(claimingAnyOf codes: Set<String>) async throws -> [CPTSPerimeter] {
        guard !codes.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(codes.sorted())
        return try await perimeters(filter: "WHERE id IN (SELECT cpts_id FROM cpts_commune WHERE commune_code = ANY($1))", binds: binds)
    }

    // MARK: - Shared by the writes

    static func binds(_ json: String) throws -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(json)
        return binds
    }

    /// Appends to the import history inside the import's own transaction.
    static func logImport(_ db: PostGISTransaction, kind: String, summary: String) async throws {
        try await db.execute("INSERT INTO import_log (kind, imported_at, summary) VALUES (\(kind), \(AuditEvent.timestamp(Date())), \(summary))")
    }

    public func importHistory() async throws -> [ImportRecord] {
        try await rows("SELECT kind, imported_at, summary FROM import_log ORDER BY id DESC").map {
            ImportRecord(kind: try $0.value("kind"), importedAt: try $0.value("imported_at"), summary: try $0.value("summary"))
        }
    }
}
