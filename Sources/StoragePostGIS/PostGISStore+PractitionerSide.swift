import Foundation
import PostgresNIO
import Storage
import Territory

/// The practitioner's own side: his declines, his roster entry.
extension PostGISStore {
    public func declineRequest(_ key: PatientRequestKey, rpps: String, reason: String, audit: AuditEvent?) async throws {
        try await transaction(change: .audit) { db in
            // The request row locked: an orientation committed meanwhile waits, or is seen.
            let pending = try await db.rows("""
                SELECT commune_code FROM patient_request WHERE cpts_id = \(key.cpts) AND reference = \(key.reference) AND assigned_rpps IS NULL FOR UPDATE
                """)
            guard let row = pending.first else { throw StorageError.requestNotWaiting(reference: key.reference) }
            let decline = RequestDecline(key, communeCode: try row.value("commune_code"), rpps: rpps, reason: reason, at: audit?.at ?? AuditEvent.timestamp(Date()))
            try await db.execute("""
                INSERT INTO request_decline (cpts_id, reference, commune_code, rpps, reason, declined_at)
                VALUES (\(decline.cpts), \(decline.reference), \(decline.communeCode), \(decline.rpps), \(decline.reason), \(decline.declinedAt))
                ON CONFLICT (cpts_id, reference, rpps) DO UPDATE SET reason = excluded.reason, declined_at = excluded.declined_at
                """)
            try await Self.append(audit, db)
        }
    }

    public func declinedRequests(rpps: String) async throws -> Set<PatientRequestKey> {
        Set(try await rows("SELECT cpts_id, reference FROM request_decline WHERE rpps = \(rpps)").map {
            PatientRequestKey(cpts: try $0.value("cpts_id"), reference: try $0.value("reference"))
        })
    }

    public func updateVolunteer(rpps: String, _ update: VolunteerUpdate, updatedOn: String, audit: AuditEvent?) async throws -> Volunteer {
        try await transaction(change: .roster) { db in
            let updated = try await db.rows("""
                UPDATE volunteer SET places_remaining = coalesce(\(update.placesRemaining), places_remaining),
                    home_visits = coalesce(\(update.homeVisits), home_visits),
                    accepts_new_patients = coalesce(\(update.acceptsNewPatients), accepts_new_patients), updated_on = \(updatedOn)
                WHERE rpps = \(rpps) RETURNING \(unescaped: Self.volunteerColumns)
                """)
            guard let row = updated.first else { throw StorageError.notInRoster(rpps: rpps) }
            try await Self.append(audit, db)
            try await Self.logDesk(.rows(volunteers: [rpps], requests: []), db)
            return try Self.volunteer(row)
        }
    }
}

/// What the indicators count.
extension PostGISStore {
    public func requestHistory(cpts: String?, registeredOnOrBefore day: String) async throws -> [HistoricRequest] {
        let live = try await rows("""
            SELECT cpts_id, reference, commune_code, priority, registered_on, assigned_at, assigned_distance_km
            FROM patient_request WHERE registered_on <= \(day) AND (\(cpts)::text IS NULL OR cpts_id = \(cpts))
            """).map { row in
            let reference: String = try row.value("reference")
            return HistoricRequest(cpts: try row.value("cpts_id"), reference: reference, communeCode: try row.value("commune_code"),
                                   priority: try OrientationRules.priority(try row.value("priority"), reference: reference),
                                   registeredOn: try row.value("registered_on"), assignedAt: try row.value("assigned_at", String?.self),
                                   distanceKm: try row.value("assigned_distance_km", Double?.self))
        }
        let purged = try await rows("""
            SELECT cpts_id, commune_code, priority, registered_on, purged_at FROM purged_request
            WHERE registered_on <= \(day) AND (\(cpts)::text IS NULL OR cpts_id = \(cpts))
            """).map { row in
            HistoricRequest(cpts: try row.value("cpts_id"), reference: nil, communeCode: try row.value("commune_code"),
                            priority: try OrientationRules.priority(try row.value("priority"), reference: "(purgée)"),
                            registeredOn: try row.value("registered_on"), purgedAt: try row.value("purged_at", String?.self))
        }
        return live + purged
    }

    public func declines(cpts: String?, from: String, to: String) async throws -> [RequestDecline] {
        // Timestamps compared by their day: `to` included whole.
        try await rows("""
            SELECT cpts_id, reference, commune_code, rpps, reason, declined_at FROM request_decline
            WHERE declined_at >= \(from) AND declined_at < \(to + "T99") AND (\(cpts)::text IS NULL OR cpts_id = \(cpts))
            """).map { row in
            RequestDecline(PatientRequestKey(cpts: try row.value("cpts_id"), reference: try row.value("reference")), communeCode: try row.value("commune_code"),
                           rpps: try row.value("rpps"), reason: try row.value("reason"), at: try row.value("declined_at"))
        }
    }
}
