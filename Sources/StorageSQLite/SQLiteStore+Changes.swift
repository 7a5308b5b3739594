import Foundation
import GRDB
import Storage

/// The change counters on SQLite (`store_change`), bumped in each write's transaction; another process (a second
/// `serve` on the same file, a CLI import) sees them as soon as it commits, and SQLite has no signal to send: the
/// readers poll, every 200 ms (one indexed read of seven rows).
extension SQLiteStore {
    static func registerChangeCounters(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-change-counters") { db in
            try db.execute(sql: "CREATE TABLE store_change (kind TEXT PRIMARY KEY NOT NULL, counter INTEGER NOT NULL)")
            for kind in StoreChange.allCases {
                try db.execute(sql: "INSERT INTO store_change (kind, counter) VALUES (?, 0)", arguments: [kind.rawValue])
            }
        }
    }

    /// Inside the write's transaction: both are committed, or neither.
    static func bump(_ kind: StoreChange, _ db: Database) throws {
        try db.execute(sql: "UPDATE store_change SET counter = counter + 1 WHERE kind = ?", arguments: [kind.rawValue])
    }

    /// The kind of change each import-log kind records (every import and commit logs itself).
    static func change(ofImport kind: String) -> StoreChange {
        switch kind {
        case "communes", "cpts": return .territory
        case "rpps", "finess": return .supply
        case "volunteers": return .roster
        default: return .waitingList   // patients, assignments
        }
    }

    public func changeCounters() async throws -> StoreChanges {
        try await database.read { db in
            var counters: [StoreChange: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, counter FROM store_change") {
                if let kind = StoreChange(rawValue: row["kind"]) { counters[kind] = row["counter"] }
            }
            return StoreChanges(counters)
        }
    }

    public func changeSignals() -> AsyncStream<Void> {
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let ticker = Task {
            while !Task.isCancelled {
                continuation.yield()
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        continuation.onTermination = { _ in ticker.cancel() }
        return signals
    }
}
