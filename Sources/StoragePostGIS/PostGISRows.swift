import Foundation
import GeometryKit
import NIOCore
import PostgresNIO
import Storage

/// How rows cross the wire. Writes: a batch of `Encodable` rows as one JSON array, which PostgreSQL unpacks with
/// `jsonb_to_recordset` (one statement per few thousand rows, NULLs as they are, the columns named by the record's
/// coding keys); polygons travel as base64 WKB. Reads: each column by name.
enum PostGISRows {
    /// Rows per statement: a national RPPS import is 325 818 rows, so batches keep each JSON document to a few MB.
    static let batchSize = 4_000

    /// `$1`, for `FROM jsonb_to_recordset($1::jsonb) AS r(…)`.
    static func json<Row: Encodable>(_ rows: some Collection<Row>) throws -> String {
        String(decoding: try encoder.encode(Array(rows)), as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .base64
        encoder.nonConformingFloatEncodingStrategy = .throw
        return encoder
    }()

    /// Inserts `rows` a batch at a time with `insert`, a statement reading `jsonb_to_recordset($1::jsonb)`.
    static func insert<Row: Encodable>(_ rows: [Row], _ db: PostGISTransaction, _ insert: (String) throws -> PostgresQuery) async throws {
        for start in stride(from: 0, to: rows.count, by: batchSize) {
            try await db.execute(insert(try json(rows[start..<min(start + batchSize, rows.count)])))
        }
    }

    /// Rows sent with `COPY table (columns) FROM STDIN` in the text format, about a megabyte to a message: PostgreSQL's
    /// bulk path, for the national RPPS extract's 330 000 rows (as JSON batches unpacked by `jsonb_to_recordset` they
    /// took nine times SQLite's time). Each field is text as the column's input function reads it (a point as
    /// `pointEWKT`); none is NULL. The rows are stored in the order given; each is turned into its fields (`fields`)
    /// as it is written, so no second copy of a national extract is held.
    static func copy<Row>(_ rows: [Row], into table: String, columns: [String], fields: (Row) -> [String],
                          _ db: PostGISTransaction) async throws {
        do {
            try await db.connection.copyFrom(table: table, columns: columns, logger: db.logger) { writer in
                var buffer = ByteBuffer()
                for (index, row) in rows.enumerated() {
                    for (column, field) in fields(row).enumerated() {
                        if column > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                        buffer.writeString(copyText(field))
                    }
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes >= 1 << 20 || index == rows.count - 1 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
            }
        } catch {
            throw PostGISError(error, query: PostgresQuery(unsafeSQL: "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"))
        }
    }

    /// A field as COPY's text format reads it back: backslash, tab, line feed and carriage return escaped.
    static func copyText(_ field: String) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard field.unicodeScalars.contains(where: special) else { return field }
        var escaped = String.UnicodeScalarView()
        for scalar in field.unicodeScalars {
            switch scalar {
            case "\\": escaped.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": escaped.append(contentsOf: "\\t".unicodeScalars)
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\r": escaped.append(contentsOf: "\\r".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// A point as the geometry column's input reads it: EWKT with its SRID. Swift writes each coordinate in the
    /// shortest form that reads back as the same double (`1e-05` included, which PostGIS's WKT reader takes).
    static func pointEWKT(_ position: Coordinate) -> String {
        "SRID=4326;POINT(\(position.longitude) \(position.latitude))"
    }

    /// A polygon or multipolygon's WKB as the typed MultiPolygon column takes it (NULL stays NULL).
    static func multiPolygon(fromBase64 column: String) -> String {
        "ST_Multi(ST_GeomFromWKB(decode(\(column), 'base64'), 4326))"
    }

    /// The column's WKB as it was written: a multipolygon of one part reads back as its polygon, as the files have it.
    static func polygonWKB(_ column: String = "geometry") -> String {
        "ST_AsBinary(CASE WHEN ST_NumGeometries(\(column)) = 1 THEN ST_GeometryN(\(column), 1) ELSE \(column) END)"
    }

    /// A point from `lon`, `lat` columns of the record (NULL when either is).
    static func point(_ lon: String = "lon", _ lat: String = "lat") -> String {
        "ST_SetSRID(ST_MakePoint(\(lon), \(lat)), 4326)"
    }

    /// `lon`, `lat` of a point column.
    static func coordinates(_ column: String = "position") -> String {
        "ST_X(\(column)) AS lon, ST_Y(\(column)) AS lat"
    }

    /// Points inside a box, through the GIST index (`&&` compares float boxes rounded outwards), then exactly, as the
    /// SQLite store's `BETWEEN`.
    static func inside(_ envelope: Envelope, _ column: String = "position") -> String {
        let (minX, minY, maxX, maxY) = (envelope.minX, envelope.minY, envelope.maxX, envelope.maxY)
        return "\(column) && ST_MakeEnvelope(\(minX), \(minY), \(maxX), \(maxY), 4326)"
            + " AND ST_X(\(column)) BETWEEN \(minX) AND \(maxX) AND ST_Y(\(column)) BETWEEN \(minY) AND \(maxY)"
    }
}

extension PostgresRandomAccessRow {
    /// The value of a named column.
    func value<Value: PostgresDecodable>(_ column: String, _ type: Value.Type = Value.self) throws -> Value {
        do {
            return try self[column].decode(Value.self)
        } catch {
            throw StorageError.corrupt("column \(column): \(error)")
        }
    }

    /// A WKB column (NULL: nil) as a GEOS geometry.
    func geometry(_ column: String = "geometry") throws -> Geometry? {
        guard let buffer = try value(column, ByteBuffer?.self) else { return nil }
        return try Geometry(wkb: Array(buffer.readableBytesView))
    }

    /// `lon` and `lat` columns (`PostGISRows.coordinates`) as a coordinate; nil when the point is NULL.
    func coordinate(lon: String = "lon", lat: String = "lat") throws -> Coordinate? {
        guard let longitude = try value(lon, Double?.self), let latitude = try value(lat, Double?.self) else { return nil }
        return Coordinate(longitude: longitude, latitude: latitude)
    }
}
