import GRDB
import Territory

extension SQLiteStore {
    public func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM cpts_commune")
            try db.execute(sql: "DELETE FROM cpts")
            let insertCPTS = try db.makeStatement(sql: "INSERT INTO cpts (id, name, status) VALUES (?, ?, ?)")
            let insertCommune = try db.makeStatement(sql: "INSERT INTO cpts_commune (cpts_id, commune_code) VALUES (?, ?)")
            for perimeter in perimeters {
                try insertCPTS.execute(arguments: [perimeter.id, perimeter.name, perimeter.status.rawValue])
                for code in perimeter.communeCodes { try insertCommune.execute(arguments: [perimeter.id, code]) }
            }
            try bumpTerritoryGeneration(db)
            try logImport(db, kind: "cpts", summary: importSummary)
        }
    }

    public func allCPTS() throws -> [CPTSPerimeter] {
        try database.read { db in
            var codes: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT cpts_id, commune_code FROM cpts_commune") {
                codes[row["cpts_id"], default: []].append(row["commune_code"])
            }
            return try Row.fetchAll(db, sql: "SELECT id, name, status FROM cpts ORDER BY id").map { row in
                let id: String = row["id"]
                let statusText: String = row["status"]
                guard let status = CPTSStatus(rawValue: statusText) else {
                    throw StorageError.corrupt("cpts \(id) has unknown status '\(statusText)'")
                }
                return CPTSPerimeter(id: id, name: row["name"], status: status, communeCodes: codes[id] ?? [])
            }
        }
    }
}

/// The store holds something the code cannot read back.
public enum StorageError: Error, CustomStringConvertible {
    case corrupt(String)
    /// A write that contradicts the stored state (a patient already oriented, a GP without places).
    case conflict(String)
    /// The store lacks what the operation needs (no commune imported yet).
    case empty(String)
    /// zlib refused to compress (an MBTiles tile).
    case compression(String)
    public var description: String {
        switch self {
        case .compression(let message): return "gzip: \(message)"
        case .empty(let message): return message
        case .corrupt(let message): return "store content unreadable: \(message)"
        case .conflict(let message): return "refused: \(message)"
        }
    }
}
