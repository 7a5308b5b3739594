import PostgresNIO
import Storage
import Territory

/// The desk's change log (`desk_change`): each write to the rosters or waiting lists logs the rows it touched under the
/// next desk sequence, so that the other instances read those rows again, not the 35 000 of the national desk.
extension PostGISStore {
    /// The last statements of a desk write. The sequence's row lock, taken here and held to the commit, orders the writes
    /// as they commit: a reader that sees sequence n sees every write numbered n or less, and none of them commits later.
    static func logDesk(_ log: DeskLog, _ db: PostGISTransaction) async throws {
        let (everything, volunteers, requests) = log.logged
        // One statement: the sequence taken, the rows logged under it (a row with no key for everything).
        let sequence = try await db.rows("""
            WITH next AS (UPDATE store_change SET counter = counter + 1 WHERE kind = 'desk' RETURNING counter),
                 gps AS (INSERT INTO desk_change (sequence, rpps) SELECT next.counter, r FROM next, unnest(\(volunteers)::text[]) AS r),
                 requests AS (INSERT INTO desk_change (sequence, cpts_id, reference)
                              SELECT next.counter, k.cpts, k.reference
                              FROM next, unnest(\(requests.map(\.cpts))::text[], \(requests.map(\.reference))::text[]) AS k(cpts, reference)),
                 whole AS (INSERT INTO desk_change (sequence) SELECT counter FROM next WHERE \(everything))
            SELECT counter FROM next
            """).first.map { try $0.value("counter", Int.self) } ?? 0
        if let horizon = DeskLog.pruned(at: sequence) {
            try await db.execute("DELETE FROM desk_change WHERE sequence <= \(horizon)")
            try await db.execute("UPDATE store_change SET counter = \(horizon) WHERE kind = 'desk-pruned'")
        }
    }

    public func deskSequence() async throws -> Int {
        try await rows("SELECT counter FROM store_change WHERE kind = 'desk'").first.map { try $0.value("counter", Int.self) } ?? 0
    }

    /// The counters and the log in one statement (one snapshot), then the rows: those are as new as the log or newer, and
    /// a row read newer is read again with the next changes — applying a row as it is now twice changes nothing.
    public func deskChanges(since: Int) async throws -> DeskChanges? {
        let log = try await rows("""
            SELECT (SELECT counter FROM store_change WHERE kind = 'desk') AS current,
                   (SELECT counter FROM store_change WHERE kind = 'desk-pruned') AS pruned, d.sequence, d.rpps, d.cpts_id, d.reference
            FROM (SELECT 1) AS one LEFT JOIN (SELECT * FROM desk_change WHERE sequence > \(since) LIMIT \(DeskLog.mostRowsApplied + 1)) AS d ON true
            """)
        guard let first = log.first else { return nil }
        let current = try first.value("current", Int.self)
        guard DeskChanges.readable(since: since, current: current, pruned: try first.value("pruned", Int.self)) else { return nil }
        var changes = DeskChanges(sequence: current)
        for row in log where try row.value("sequence", Int?.self) != nil {
            guard changes.record(rpps: try row.value("rpps"), cpts: try row.value("cpts_id"), reference: try row.value("reference")) else { return nil }
        }
        guard log.count <= DeskLog.mostRowsApplied else { return nil }
        if !changes.touchedVolunteers.isEmpty {
            var binds = PostgresBindings()
            binds.append(changes.touchedVolunteers.sorted())
            changes.volunteers = try await volunteers(where: "WHERE rpps = ANY($1)", binds: binds)
        }
        if !changes.touchedRequests.isEmpty {
            let keys = changes.touchedRequests.sorted()
            var binds = PostgresBindings()
            binds.append(keys.map(\.cpts))
            binds.append(keys.map(\.reference))
            changes.pending = try await pending(where: "AND (cpts_id, reference) IN (SELECT * FROM unnest($1::text[], $2::text[]))", binds: binds)
        }
        return changes
    }
}
