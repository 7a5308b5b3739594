import Foundation
import GeometryKit
import GRDB
import Storage
import Territory

/// One row of `commune`. The polygon stays WKB until `commune()`, so that callers decode on every core.
///
/// `fetchAll` resolves each named column to its index once per statement (`ResolvedStatement`): every command reads
/// the 34 875 communes.
struct CommuneRecord {
    enum Columns {
        static let code = Column("code"), name = Column("name"), departement = Column("departement"), region = Column("region")
        static let epci = Column("epci"), population = Column("population"), areaKm2 = Column("area_km2")
        static let pointLon = Column("point_lon"), pointLat = Column("point_lat"), geometry = Column("geometry")
    }
    /// Every column but the polygon.
    static let attributes = [Columns.code, Columns.name, Columns.departement, Columns.region, Columns.epci, Columns.population,
                             Columns.areaKm2, Columns.pointLon, Columns.pointLat]

    var code, name, departement, region: String
    var epci: String?
    var population: Int?
    var areaKm2, pointLon, pointLat: Double?
    /// WKB; nil without polygon, or when the request did not select it.
    var geometry: Data?

    /// The rows of a `SELECT` of `attributes`, with or without a `geometry` column.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [CommuneRecord] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: arguments, table: "commune")
        let (code, name) = (try resolved.index(Columns.code), try resolved.index(Columns.name))
        let (departement, region) = (try resolved.index(Columns.departement), try resolved.index(Columns.region))
        let (epci, population, area) = (try resolved.index(Columns.epci), try resolved.index(Columns.population), try resolved.index(Columns.areaKm2))
        let (lon, lat) = (try resolved.index(Columns.pointLon), try resolved.index(Columns.pointLat))
        let geometry = resolved.optionalIndex(Columns.geometry)
        return try Array(resolved.rows().map { row in
            CommuneRecord(code: row[code], name: row[name], departement: row[departement], region: row[region], epci: row[epci],
                          population: row[population], areaKm2: row[area], pointLon: row[lon], pointLat: row[lat],
                          geometry: geometry.flatMap { row[$0] })
        })
    }

    /// `SELECT attributes[, geometry] FROM commune [WHERE …] [ORDER BY …]`.
    static func selectSQL(geometry: Bool, suffix: String = "") -> String {
        "SELECT " + (attributes + (geometry ? [Columns.geometry] : [])).map(\.name).joined(separator: ", ") + " FROM commune " + suffix
    }

    func commune() throws -> Commune {
        let point = pointLon.flatMap { lon in pointLat.map { Coordinate(longitude: lon, latitude: $0) } }
        return Commune(code: code, name: name, departement: departement, region: region, epci: epci, population: population,
                       geometry: try geometry.map { try Geometry(wkb: [UInt8]($0)) }, areaKm2: areaKm2, representativePoint: point)
    }
}

/// One pair of touching communes (each pair once, the lower code first).
struct CommuneTouchRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "commune_touch"
    enum Columns { static let code = Column("code"), touchingCode = Column("touching_code") }
    var code: String
    var touchingCode: String

    init(row: Row) {
        code = row[Columns.code]; touchingCode = row[Columns.touchingCode]
    }
}
