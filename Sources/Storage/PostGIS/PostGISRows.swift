import Foundation
import GeometryKit
import NIOCore
import PostgresNIO

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
