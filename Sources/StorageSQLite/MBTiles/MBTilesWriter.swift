import Foundation
import GeometryKit
import GRDB
import Storage

/// Writes an MBTiles 1.3 file (https://github.com/mapbox/mbtiles-spec): SQLite with a `metadata` table of
/// name/value pairs and a `tiles` table of gzip-compressed vector tiles, rows counted from the south (TMS),
/// as QGIS, GDAL, MapLibre's servers and tippecanoe read them.
///
/// ```swift
/// let file = try MBTilesWriter(path: "cpts.mbtiles", metadata: [("name", "CPTS"), ("format", "pbf"), …])
/// try file.add([(TileID(z: 5, x: 16, y: 11)!, bytes)])
/// ```
public final class MBTilesWriter {
    /// One row of `tiles`.
    struct TileRow: Codable, PersistableRecord {
        static let databaseTableName = "tiles"
        enum Columns { static let zoomLevel = Column(CodingKeys.zoomLevel), tileColumn = Column(CodingKeys.tileColumn), tileRow = Column(CodingKeys.tileRow) }
        let zoomLevel: Int
        let tileColumn: Int
        let tileRow: Int
        let tileData: Data
        enum CodingKeys: String, CodingKey { case zoomLevel = "zoom_level", tileColumn = "tile_column", tileRow = "tile_row", tileData = "tile_data" }
    }

    /// One row of `metadata`.
    struct MetadataRow: Codable, PersistableRecord {
        static let databaseTableName = "metadata"
        let name: String
        let value: String
    }

    public let path: String
    private let database: DatabaseQueue
    public private(set) var tileCount = 0

    /// Creates the file, replacing any file at `path`. `metadata`: name, format ("pbf"), bounds, center,
    /// minzoom, maxzoom, json (the vector_layers), as the spec lists them.
    public init(path: String, metadata: [(name: String, value: String)]) throws {
        self.path = path
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        database = try DatabaseQueue(path: path)
        try database.write { db in
            try db.create(table: MetadataRow.databaseTableName) { t in
                t.column("name", .text).notNull().primaryKey()
                t.column("value", .text).notNull()
            }
            try db.create(table: TileRow.databaseTableName) { t in
                t.column(TileRow.CodingKeys.zoomLevel.rawValue, .integer).notNull()
                t.column(TileRow.CodingKeys.tileColumn.rawValue, .integer).notNull()
                t.column(TileRow.CodingKeys.tileRow.rawValue, .integer).notNull()
                t.column(TileRow.CodingKeys.tileData.rawValue, .blob).notNull()
                t.primaryKey([TileRow.CodingKeys.zoomLevel.rawValue, TileRow.CodingKeys.tileColumn.rawValue, TileRow.CodingKeys.tileRow.rawValue])
            }
            for (name, value) in metadata { try MetadataRow(name: name, value: value).insert(db) }
        }
    }

    /// Adds tiles (XYZ ids, uncompressed MVT bytes) in one transaction.
    public func add(_ tiles: [(TileID, [UInt8])]) throws {
        let rows = try tiles.map { id, bytes in
            TileRow(zoomLevel: id.z, tileColumn: id.x, tileRow: (1 << id.z) - 1 - id.y, tileData: Data(try Gzip.compress(bytes)))
        }
        try database.write { db in for row in rows { try row.insert(db) } }
        tileCount += rows.count
    }
}
