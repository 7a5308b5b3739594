import Foundation
import PostgresNIO
import Storage
import Territory

/// The audit trail (`audit_event`, append-only: a trigger refuses UPDATE, DELETE and TRUNCATE) and the purge.
extension PostGISStore {
    public func appendAudit(_ event: AuditEvent) async throws {
        try await transaction(change: .audit) { db in try await Self.append(event, db) }
    }

    /// Inside the transaction of the change the event records: both are kept, or neither.
    static func append(_ event: AuditEvent?, _ db: PostGISTransaction) async throws {
        guard let event else { return }
        try await db.execute("""
            INSERT INTO audit_event (at, who, role, action, cpts, patients, outcome)
            VALUES (\(event.at), \(event.who), \(event.role), \(event.action.rawValue), \(event.cpts), \(event.patients), \(event.outcome))
            """)
    }

    public func auditTrail(since: String?, cpts: String?) async throws -> [AuditEvent] {
        try await rows("""
            SELECT id, at, who, role, action, cpts, patients, outcome FROM audit_event
            WHERE (\(since)::text IS NULL OR at >= \(since)) AND (\(cpts)::text IS NULL OR cpts = \(cpts)) ORDER BY id
            """).map { row in
            let actionText: String = try row.value("action")
            guard let action = AuditEvent.Action(rawValue: actionText) else { throw StorageError.corrupt("audit event with action '\(actionText)'") }
            var event = AuditEvent(who: try row.value("who"), role: try row.value("role"), action: action, cpts: try row.value("cpts", String?.self),
                                   patients: try row.value("patients"), outcome: try row.value("outcome"))
            event.id = try row.value("id", Int64.self)
            event.at = try row.value("at")
            return event
        }
    }

    public func purgePatientData(assignedBefore: String?, pendingRegisteredBefore: String?, audit: AuditEvent) async throws -> PurgeCounts {
        try await transaction(change: .waitingList) { db in
            var counts = PurgeCounts()
            if let assignedBefore {
                // The assignment stays (which GP, how far, when): only where the patient lives is erased.
                counts.assignedPositionsErased = try await db.count("""
                    UPDATE patient_request SET position = NULL, precision = 'purged'
                    WHERE assigned_rpps IS NOT NULL AND assigned_at < \(assignedBefore) AND position IS NOT NULL RETURNING 1
                    """)
            }
            if let pendingRegisteredBefore {
                // What the indicators count of each stays (`purged_request`), dated by the purge's audit event.
                let deleted = try await db.rows("""
                    WITH gone AS (DELETE FROM patient_request WHERE assigned_rpps IS NULL AND registered_on < \(pendingRegisteredBefore)
                                  RETURNING cpts_id, reference, commune_code, priority, registered_on),
                         kept AS (INSERT INTO purged_request (cpts_id, commune_code, priority, registered_on, purged_at)
                                  SELECT cpts_id, commune_code, priority, registered_on, \(audit.at) FROM gone)
                    SELECT cpts_id, reference FROM gone
                    """).map { PatientRequestKey(cpts: try $0.value("cpts_id"), reference: try $0.value("reference")) }
                counts.pendingDeleted = deleted.count
                try await Self.logDesk(.rows(volunteers: [], requests: deleted), db)
            }
            var event = audit
            event.patients = counts.assignedPositionsErased + counts.pendingDeleted
            event.outcome = "\(counts.assignedPositionsErased) assigned positions erased, \(counts.pendingDeleted) pending requests deleted"
            try await Self.append(event, db)
            return counts
        }
    }
}
