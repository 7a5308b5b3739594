import Foundation
import GeometryKit
import GRDB
import Storage
import Territory

extension SQLiteStore {
    public func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) async throws {
        let communes = layer.communes
        try await database.write { db in
            try db.execute(sql: "DELETE FROM commune")
            try db.execute(sql: "DELETE FROM commune_touch")
            try db.execute(sql: "DELETE FROM former_commune")
            try db.execute(sql: "DELETE FROM departement")
            for (code, name) in layer.departementNames.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO departement (code, name) VALUES (?, ?)", arguments: [code, name])
            }
            try db.execute(sql: "DELETE FROM epci")
            for (siren, name) in layer.epciNames.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO epci (siren, name) VALUES (?, ?)", arguments: [siren, name])
            }
            let insertTouch = try db.makeStatement(sql: "INSERT INTO commune_touch (code, touching_code) VALUES (?, ?)")
            for (a, b) in layer.touchingPairs { try insertTouch.execute(arguments: [a, b]) }
            let insertFormer = try db.makeStatement(sql: "INSERT INTO former_commune (code, current_code) VALUES (?, ?)")
            for (former, current) in formerCodes.sorted(by: { $0.key < $1.key }) {
                try insertFormer.execute(arguments: [former, current])
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO commune (code, name, departement, region, epci, population, area_km2, point_lon, point_lat, geometry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try db.execute(sql: "DELETE FROM commune_envelope")
            for c in communes {
                try insert.execute(arguments: [c.code, c.name, c.departement, c.region, c.epci, c.population, c.areaKm2,
                                               c.representativePoint?.longitude, c.representativePoint?.latitude,
                                               c.geometry.map { Data($0.wkb) }])
                try CommuneEnvelopeRecord(rowid: db.lastInsertedRowID, envelope: c.geometry?.envelope)?.insert(db)
            }
            try bumpTerritoryGeneration(db)
            try db.execute(sql: "UPDATE store_generation SET value = value + 1 WHERE name = 'communes'")
            try db.execute(sql: "DELETE FROM generalised_level")
            try logImport(db, kind: "communes", summary: importSummary)
        }
    }

    public func allCommunes() async throws -> [Commune] {
        let records = try await database.read { db in try CommuneRecord.fetchAll(db, sql: CommuneRecord.selectSQL(geometry: true, suffix: "ORDER BY code")) }
        // Decoding WKB into GEOS geometries is the costly part: spread it over the cores.
        return try ParallelMap.map(records) { try $0.commune() }
    }

    public func communeLayer() async throws -> CommuneLayer {
        CommuneLayer(try await allCommunes(), touching: try await communeTouchPairs(), departementNames: try await departementNames())
    }

    public func departementNames() async throws -> [String: String] {
        try await database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, name FROM departement").map { ($0["code"] as String, $0["name"] as String) })
        }
    }

    public func epciNames() async throws -> [String: String] {
        try await database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT siren, name FROM epci").map { ($0["siren"] as String, $0["name"] as String) })
        }
    }

    public func communeTouchPairs() async throws -> [(String, String)] {
        try await database.read { db in try CommuneTouchRecord.fetchAll(db).map { ($0.code, $0.touchingCode) } }
    }

    public func communeLayer(geometry: Bool) async throws -> CommuneLayer {
        guard geometry else {
            let records = try await database.read { db in try CommuneRecord.fetchAll(db, sql: CommuneRecord.selectSQL(geometry: false)) }
            return CommuneLayer(try records.map { try $0.commune() }, touching: [], departementNames: try await departementNames())
        }
        return try await communeLayer()
    }

    public func orientationCommunes(around position: Coordinate?, commune code: String?) async throws -> CommuneLayer {
        let records = try await database.read { db in
            try CommuneRecord.fetchAll(db, sql: """
                WITH candidate AS (SELECT id FROM commune_envelope
                                   WHERE min_lon <= :lon AND max_lon >= :lon AND min_lat <= :lat AND max_lat >= :lat)
                SELECT \(CommuneRecord.attributes.map(\.name).joined(separator: ", ")),
                       CASE WHEN rowid IN candidate THEN geometry END AS geometry
                FROM commune
                WHERE code = :code OR rowid IN candidate
                """, arguments: ["lon": position?.longitude, "lat": position?.latitude, "code": code])
        }
        return CommuneLayer(try records.map { try $0.commune() }, touching: [])
    }

    public func commune(code: String) async throws -> Commune? {
        try await database.read { db in
            try CommuneRecord.fetchAll(db, sql: CommuneRecord.selectSQL(geometry: true, suffix: "WHERE code = ?"), arguments: [code])
        }.first?.commune()
    }

    public func communeStats() async throws -> CommuneStats {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS communes, COALESCE(SUM(population), 0) AS population,
                       SUM(CASE WHEN geometry IS NULL THEN 1 ELSE 0 END) AS without_geometry FROM commune
                """)!
            return CommuneStats(communes: row["communes"], populationTotal: row["population"],
                                communesWithoutGeometry: row["without_geometry"] ?? 0)
        }
    }

    public func formerCommuneCodes() async throws -> [String: String] {
        try await database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, current_code FROM former_commune").map {
                ($0["code"] as String, $0["current_code"] as String)
            })
        }
    }
}
