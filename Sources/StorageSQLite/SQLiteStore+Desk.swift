import Foundation
import GRDB
import Storage
import Territory

/// The desk's change log on SQLite (`desk_change`), as on PostGIS: each write to the rosters or waiting lists logs the
/// rows it touched under the next desk sequence; another `serve` on the same file reads those rows again.
extension SQLiteStore {
    static func registerDeskLog(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-desk-log") { db in
            // A row with no key: everything (the operator's roster import).
            try db.execute(sql: "CREATE TABLE desk_change (sequence INTEGER NOT NULL, rpps TEXT, cpts_id TEXT, reference TEXT)")
            try db.execute(sql: "CREATE INDEX desk_change_sequence ON desk_change (sequence)")
            try db.execute(sql: "INSERT INTO store_change (kind, counter) VALUES ('desk', 0), ('desk-pruned', 0)")
        }
    }

    /// Inside the write's transaction (SQLite writes one at a time: the sequence is the commit order).
    static func logDesk(_ log: DeskLog, _ db: Database) throws {
        let sequence = try Int.fetchOne(db, sql: "UPDATE store_change SET counter = counter + 1 WHERE kind = 'desk' RETURNING counter") ?? 0
        let (everything, volunteers, requests) = log.logged
        if everything { try db.execute(sql: "INSERT INTO desk_change (sequence) VALUES (?)", arguments: [sequence]) }
        let volunteer = try db.makeStatement(sql: "INSERT INTO desk_change (sequence, rpps) VALUES (?, ?)")
        for rpps in volunteers { try volunteer.execute(arguments: [sequence, rpps]) }
        let request = try db.makeStatement(sql: "INSERT INTO desk_change (sequence, cpts_id, reference) VALUES (?, ?, ?)")
        for key in requests { try request.execute(arguments: [sequence, key.cpts, key.reference]) }
        if let horizon = DeskLog.pruned(at: sequence) {
            try db.execute(sql: "DELETE FROM desk_change WHERE sequence <= ?", arguments: [horizon])
            try db.execute(sql: "UPDATE store_change SET counter = ? WHERE kind = 'desk-pruned'", arguments: [horizon])
        }
    }

    public func deskSequence() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT counter FROM store_change WHERE kind = 'desk'") ?? 0 }
    }

    /// In one read transaction: the log and the rows as of one commit.
    public func deskChanges(since: Int) async throws -> DeskChanges? {
        try await database.read { db -> DeskChanges? in
            var counters: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, counter FROM store_change WHERE kind IN ('desk', 'desk-pruned')") {
                counters[row["kind"]] = row["counter"]
            }
            let current = counters["desk"] ?? 0
            guard DeskChanges.readable(since: since, current: current, pruned: counters["desk-pruned"] ?? 0) else { return nil }
            var changes = DeskChanges(sequence: current)
            guard since < current else { return changes }
            let rows = try Row.fetchCursor(db, sql: "SELECT rpps, cpts_id, reference FROM desk_change WHERE sequence > ? AND sequence <= ?",
                                           arguments: [since, current])
            while let row = try rows.next() {
                guard changes.record(rpps: row["rpps"], cpts: row["cpts_id"], reference: row["reference"]) else { return nil }
            }
            guard changes.touchedVolunteers.count + changes.touchedRequests.count <= DeskLog.mostRowsApplied else { return nil }
            changes.volunteers = try VolunteerRecord.fetchAll(db, sql: "SELECT * FROM volunteer WHERE rpps IN (SELECT value FROM json_each(?))",
                                                              arguments: [try SQLiteStore.jsonArray(changes.touchedVolunteers.sorted())])
            let keys = changes.touchedRequests.sorted().map { [$0.cpts, $0.reference] }
            changes.pending = try PatientRequestRecord.fetchAll(db, sql: """
                SELECT p.* FROM json_each(?) AS k CROSS JOIN patient_request AS p
                WHERE p.cpts_id = json_extract(k.value, '$[0]') AND p.reference = json_extract(k.value, '$[1]') AND p.assigned_rpps IS NULL
                """, arguments: [try SQLiteStore.jsonArray(keys)])
            return changes
        }
    }

    static func jsonArray<T: Encodable>(_ values: T) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
