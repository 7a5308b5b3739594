import Foundation
import GeometryKit
import GRDB
import Territory

extension SQLiteStore {
    public func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) throws {
        let communes = layer.communes
        try database.write { db in
            try db.execute(sql: "DELETE FROM commune")
            try db.execute(sql: "DELETE FROM commune_touch")
            try db.execute(sql: "DELETE FROM former_commune")
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
            for c in communes {
                try insert.execute(arguments: [c.code, c.name, c.departement, c.region, c.epci, c.population, c.areaKm2,
                                               c.representativePoint?.longitude, c.representativePoint?.latitude,
                                               c.geometry.map { Data($0.wkb) }])
            }
            try logImport(db, kind: "communes", summary: importSummary)
        }
    }

    public func allCommunes() throws -> [Commune] {
        let rows = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM commune ORDER BY code") }
        // Decoding WKB into GEOS geometries is the costly part: spread it over the cores.
        return try ParallelMap.map(rows, SQLiteStore.commune(from:))
    }

    public func communeLayer() throws -> CommuneLayer {
        let communes = try allCommunes()
        let pairs = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT code, touching_code FROM commune_touch").map { ($0["code"] as String, $0["touching_code"] as String) }
        }
        return CommuneLayer(communes, touching: pairs)
    }

    public func commune(code: String) throws -> Commune? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM commune WHERE code = ?", arguments: [code])
        }.map(SQLiteStore.commune(from:))
    }

    public func communeStats() throws -> CommuneStats {
        try database.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS communes, COALESCE(SUM(population), 0) AS population,
                       SUM(CASE WHEN geometry IS NULL THEN 1 ELSE 0 END) AS without_geometry FROM commune
                """)!
            return CommuneStats(communes: row["communes"], populationTotal: row["population"],
                                communesWithoutGeometry: row["without_geometry"] ?? 0)
        }
    }

    public func formerCommuneCodes() throws -> [String: String] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT code, current_code FROM former_commune").map {
                ($0["code"] as String, $0["current_code"] as String)
            })
        }
    }

    static func commune(from row: Row) throws -> Commune {
        let point: Coordinate? = (row["point_lon"] as Double?).flatMap { lon in (row["point_lat"] as Double?).map { Coordinate(longitude: lon, latitude: $0) } }
        let geometry = try (row["geometry"] as Data?).map { try Geometry(wkb: [UInt8]($0)) }
        return Commune(code: row["code"], name: row["name"], departement: row["departement"], region: row["region"],
                       epci: row["epci"], population: row["population"], geometry: geometry, areaKm2: row["area_km2"],
                       representativePoint: point)
    }
}
