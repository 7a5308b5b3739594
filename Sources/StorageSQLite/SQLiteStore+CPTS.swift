import Foundation
import GRDB
import Storage
import Territory

extension SQLiteStore {
    public func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) async throws {
        try await database.write { db in
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

    public func allCPTS() async throws -> [CPTSPerimeter] {
        try await database.read { db in try CPTSRecord.fetchAll(db) }
    }

    public func cpts(claimingAnyOf codes: Set<String>) async throws -> [CPTSPerimeter] {
        guard !codes.isEmpty else { return [] }
        // One JSON array bound, not a variable per code: a box of volunteers may hold thousands of communes.
        let list = String(decoding: try JSONEncoder().encode(codes.sorted()), as: UTF8.self)
        return try await database.read { db in
            try CPTSRecord.fetchAll(db, filter: "id IN (SELECT cpts_id FROM cpts_commune WHERE commune_code IN (SELECT value FROM json_each(?)))",
                                    arguments: [list])
        }
    }
}
