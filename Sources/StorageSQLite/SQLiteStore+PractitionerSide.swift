import Foundation
import GRDB
import Storage
import Territory

/// The practitioner's own side: his declines, his roster entry.
extension SQLiteStore {
    public func declineRequest(_ key: PatientRequestKey, rpps: String, reason: String, audit: AuditEvent?) async throws {
        try await database.write { db in
            let commune = try String.fetchOne(db, sql: "SELECT commune_code FROM patient_request WHERE cpts_id = ? AND reference = ? AND assigned_rpps IS NULL",
                                              arguments: [key.cpts, key.reference])
            guard let commune else { throw StorageError.requestNotWaiting(reference: key.reference) }
            try RequestDecline(key, communeCode: commune, rpps: rpps, reason: reason, at: audit?.at ?? AuditEvent.timestamp(Date())).insert(db)
            try SQLiteStore.append(audit, db)
        }
    }

    public func declinedRequests(rpps: String) async throws -> Set<PatientRequestKey> {
        try await database.read { db in
            Set(try RequestDecline.filter(RequestDecline.Columns.rpps == rpps).fetchAll(db).map(\.key))
        }
    }

    public func updateVolunteer(rpps: String, _ update: VolunteerUpdate, updatedOn: String, audit: AuditEvent?) async throws -> Volunteer {
        try await database.write { db in
            guard let entry = try VolunteerRecord.fetchAll(db, sql: "SELECT * FROM volunteer WHERE rpps = ?", arguments: [rpps]).first else {
                throw StorageError.notInRoster(rpps: rpps)
            }
            let updated = update.applied(to: entry, on: updatedOn)
            try db.execute(sql: """
                UPDATE volunteer SET places_remaining = ?, home_visits = ?, accepts_new_patients = ?, updated_on = ? WHERE rpps = ?
                """, arguments: [updated.placesRemaining, updated.homeVisits, updated.acceptsNewPatients, updated.updatedOn, rpps])
            try SQLiteStore.bump(.roster, db)
            try SQLiteStore.append(audit, db)
            try SQLiteStore.logDesk(.rows(volunteers: [rpps], requests: []), db)
            return updated
        }
    }
}

/// What the indicators count.
extension SQLiteStore {
    public func requestHistory(cpts: String?, registeredOnOrBefore day: String) async throws -> [HistoricRequest] {
        try await database.read { db in
            let scope = cpts == nil ? "" : " AND cpts_id = ?"
            var arguments: StatementArguments = [day]
            if let cpts { arguments += [cpts] }
            let live = try Row.fetchAll(db, sql: """
                SELECT cpts_id, reference, commune_code, priority, registered_on, assigned_at, assigned_distance_km
                FROM patient_request WHERE registered_on <= ?\(scope)
                """, arguments: arguments).map { row in
                HistoricRequest(cpts: row["cpts_id"], reference: row["reference"], communeCode: row["commune_code"],
                                priority: try OrientationRules.priority(row["priority"], reference: row["reference"]), registeredOn: row["registered_on"],
                                assignedAt: row["assigned_at"], distanceKm: row["assigned_distance_km"])
            }
            let purged = try Row.fetchAll(db, sql: """
                SELECT cpts_id, commune_code, priority, registered_on, purged_at FROM purged_request WHERE registered_on <= ?\(scope)
                """, arguments: arguments).map { row in
                HistoricRequest(cpts: row["cpts_id"], reference: nil, communeCode: row["commune_code"],
                                priority: try OrientationRules.priority(row["priority"], reference: "(purgée)"), registeredOn: row["registered_on"],
                                purgedAt: row["purged_at"])
            }
            return live + purged
        }
    }

    public func declines(cpts: String?, from: String, to: String) async throws -> [RequestDecline] {
        try await database.read { db in
            // Timestamps compared by their day: `to` included whole.
            var request = RequestDecline.filter(RequestDecline.Columns.declinedAt >= from && RequestDecline.Columns.declinedAt < to + "T99")
            if let cpts { request = request.filter(RequestDecline.Columns.cpts == cpts) }
            return try request.fetchAll(db)
        }
    }
}
