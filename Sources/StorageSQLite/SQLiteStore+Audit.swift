import Foundation
import GRDB
import Storage
import Territory

/// The audit trail (`audit_event`) and the purge of patient positions.
extension SQLiteStore {
    public func appendAudit(_ event: AuditEvent) async throws {
        try await database.write { db in try SQLiteStore.append(event, db) }
    }

    /// Inside the transaction of the change the event records: both are kept, or neither.
    static func append(_ event: AuditEvent?, _ db: Database) throws {
        guard var event else { return }
        try event.insert(db)
    }

    public func auditTrail(since: String?, cpts: String?) async throws -> [AuditEvent] {
        try await database.read { db in
            var request = AuditEvent.order(AuditEvent.Columns.id)
            if let since { request = request.filter(AuditEvent.Columns.at >= since) }
            if let cpts { request = request.filter(AuditEvent.Columns.cpts == cpts) }
            return try request.fetchAll(db)
        }
    }

    public func purgePatientData(assignedBefore: String?, pendingRegisteredBefore: String?, audit: AuditEvent) async throws -> PurgeCounts {
        try await database.write { db in
            var counts = PurgeCounts()
            if let assignedBefore {
                // The assignment stays (which GP, how far, when): only where the patient lives is erased.
                try db.execute(sql: """
                    UPDATE patient_request SET lon = NULL, lat = NULL, precision = 'purged'
                    WHERE assigned_rpps IS NOT NULL AND assigned_at < ? AND lon IS NOT NULL
                    """, arguments: [assignedBefore])
                counts.assignedPositionsErased = db.changesCount
            }
            if let pendingRegisteredBefore {
                let rows = try Row.fetchAll(db, sql: """
                    DELETE FROM patient_request WHERE assigned_rpps IS NULL AND registered_on < ?
                    RETURNING cpts_id, reference, commune_code, priority, registered_on
                    """, arguments: [pendingRegisteredBefore])
                let deleted = rows.map { PatientRequestKey(cpts: $0["cpts_id"], reference: $0["reference"]) }
                let kept = try db.makeStatement(sql: "INSERT INTO purged_request (cpts_id, commune_code, priority, registered_on, purged_at) VALUES (?, ?, ?, ?, ?)")
                for row in rows {
                    try kept.execute(arguments: [row["cpts_id"], row["commune_code"], row["priority"], row["registered_on"], audit.at] as StatementArguments)
                }
                counts.pendingDeleted = deleted.count
                try SQLiteStore.logDesk(.rows(volunteers: [], requests: deleted), db)
            }
            var event = audit
            event.patients = counts.assignedPositionsErased + counts.pendingDeleted
            event.outcome = "\(counts.assignedPositionsErased) assigned positions erased, \(counts.pendingDeleted) pending requests deleted"
            try SQLiteStore.append(event, db)
            try SQLiteStore.bump(.waitingList, db)
            return counts
        }
    }
}
