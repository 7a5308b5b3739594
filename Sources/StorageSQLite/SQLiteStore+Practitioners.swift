import Foundation
import GeometryKit
import GRDB
import Storage
import Territory

extension SQLiteStore {
    public func replacePractitionerActivities(_ produce: (_ write: ([PractitionerActivity]) throws -> Void) throws -> String) async throws {
        // Synchronous: `produce` (the caller's, not Sendable) runs inside the transaction, which GRDB's async write cannot take.
        try synchronousWrite { db in
            try db.execute(sql: "DELETE FROM practitioner_activity")
            let summary = try db.withIndexesRebuilt(on: "practitioner_activity") {
                let insert = try SQLiteBulkInsert(db, table: "practitioner_activity", columns: [
                    "rpps", "profession_code", "profession_label", "savoir_faire_code", "savoir_faire_label", "mode_code", "mode_label",
                    "commune_code", "departement", "lon", "lat", "precision", "name", "address"])
                return try produce { batch in
                    try insert.insert(batch) { a, row in
                        row.bind(a.rpps); row.bind(a.professionCode); row.bind(a.professionLabel); row.bind(a.savoirFaireCode)
                        row.bind(a.savoirFaireLabel); row.bind(a.modeCode); row.bind(a.modeLabel); row.bind(a.communeCode)
                        row.bind(a.departementCode); row.bind(a.position.longitude); row.bind(a.position.latitude); row.bind(a.precision.rawValue)
                        row.bind(a.name); row.bind(a.practiceAddress)
                    }
                }
            }
            try logImport(db, kind: "rpps", summary: summary)
        }
    }

    public func practitionerActivities() async throws -> [PractitionerActivity] {
        try await database.read { db in
            try PractitionerActivityRecord.fetchAll(db, sql: "SELECT * FROM practitioner_activity ORDER BY id")
        }
    }

    public func practitionerActivities(rpps: [String]) async throws -> [PractitionerActivity] {
        try await database.read { db in
            // Through the `rpps` index, a few hundred numbers per statement (SQLite's default limit on variables is 32 766).
            try stride(from: 0, to: rpps.count, by: 500).flatMap { start in
                let chunk = Array(rpps[start..<min(start + 500, rpps.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                return try PractitionerActivityRecord.fetchAll(db, sql: "SELECT * FROM practitioner_activity WHERE rpps IN (\(marks)) ORDER BY id",
                                                               arguments: StatementArguments(chunk))
            }
        }
    }

    public func generalPractitionerActivities() async throws -> [PractitionerActivity] {
        let savoirFaire = PractitionerActivity.generalPracticeSavoirFaire.sorted()
        return try await database.read { db in
            try PractitionerActivityRecord.fetchAll(db, sql: """
                SELECT * FROM practitioner_activity
                WHERE profession_code = ? AND savoir_faire_code IN (\(Array(repeating: "?", count: savoirFaire.count).joined(separator: ",")))
                ORDER BY id
                """, arguments: StatementArguments([PractitionerActivity.generalPractitionerProfession] + savoirFaire))
        }
    }

    public func replacePharmacies(_ produce: (_ write: ([Pharmacy]) throws -> Void) throws -> String) async throws {
        // Synchronous: `produce` (the caller's, not Sendable) runs inside the transaction, which GRDB's async write cannot take.
        try synchronousWrite { db in
            try db.execute(sql: "DELETE FROM pharmacy")
            let insert = try db.makeStatement(sql: """
                INSERT INTO pharmacy (finess, finess_ej, name, commune_code, lon, lat, precision, source_crs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let summary = try produce { batch in
                for p in batch {
                    try insert.execute(arguments: [p.finess, p.finessEJ, p.name, p.communeCode, p.position.longitude, p.position.latitude,
                                                   p.precision.rawValue, p.sourceCRS])
                }
            }
            try logImport(db, kind: "finess", summary: summary)
        }
    }

    public func pharmacies() async throws -> [Pharmacy] {
        try await database.read { db in try PharmacyRecord.fetchAll(db, sql: "SELECT * FROM pharmacy ORDER BY finess") }
    }

    public func replaceHealthFacilities(_ facilities: [HealthFacility]) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM health_facility")
            let insert = try db.makeStatement(sql: """
                INSERT INTO health_facility (finess, name, category, category_label, commune_code, lon, lat, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for f in facilities {
                try insert.execute(arguments: [f.finess, f.name, f.category, f.categoryLabel, f.communeCode, f.position.longitude, f.position.latitude,
                                               f.precision.rawValue])
            }
            try SQLiteStore.bump(.supply, db)
        }
    }

    public func healthFacilities() async throws -> [HealthFacility] {
        try await database.read { db in try HealthFacilityRecord.fetchAll(db, sql: "SELECT * FROM health_facility ORDER BY finess") }
    }

    public func replaceVolunteers(_ produce: (_ write: ([Volunteer]) throws -> Void) throws -> String) async throws {
        // Synchronous: `produce` (the caller's, not Sendable) runs inside the transaction, which GRDB's async write cannot take.
        try synchronousWrite { db in
            try db.execute(sql: "DELETE FROM volunteer")
            let summary = try produce(try SQLiteStore.volunteerWriter(db, owner: nil))
            try logImport(db, kind: "volunteers", summary: summary)
            try SQLiteStore.logDesk(.everything, db)
        }
    }

    public func replaceRoster(ofCPTS cpts: String, _ volunteers: [Volunteer], sharedCommunes: Set<String>, importSummary: String,
                              audit: AuditEvent?) async throws {
        try await database.write { db in
            let owners = try SQLiteStore.rosterOwners(db, rpps: volunteers.map(\.rpps))
            try OrientationRules.checkRosterOwnership(of: volunteers, by: cpts, owners: owners, shared: sharedCommunes)
            // Only this CPTS's rows in its own communes go; rows of the operator's import it lists become its own.
            let deleted = try String.fetchAll(db, sql: "DELETE FROM volunteer WHERE cpts_id = ? AND commune_code NOT IN (SELECT value FROM json_each(?)) RETURNING rpps",
                                              arguments: [cpts, try SQLiteStore.jsonArray(sharedCommunes.sorted())])
            try SQLiteStore.volunteerWriter(db, owner: cpts)(volunteers)
            try logImport(db, kind: "volunteers", summary: importSummary)
            try SQLiteStore.append(audit, db)
            try SQLiteStore.logDesk(.rows(volunteers: deleted + volunteers.map(\.rpps), requests: []), db)
        }
    }

    public func rosterOwners(rpps: [String]) async throws -> [String: String] {
        try await database.read { db in try SQLiteStore.rosterOwners(db, rpps: rpps) }
    }

    /// The CPTS owning each listed GP's roster row, for the rows a coordinator uploaded (not the operator's).
    static func rosterOwners(_ db: Database, rpps: [String]) throws -> [String: String] {
        var owners: [String: String] = [:]
        let statement = try db.makeStatement(sql: "SELECT cpts_id FROM volunteer WHERE rpps = ? AND cpts_id IS NOT NULL")
        for id in Set(rpps) {
            if let owner = try String.fetchOne(statement, arguments: [id]) { owners[id] = owner }
        }
        return owners
    }

    /// Writes volunteers, owned by a CPTS or by the operator (nil). REPLACE: the later write of an RPPS (its more
    /// recent roster entry) takes the place of the earlier one.
    static func volunteerWriter(_ db: Database, owner: String?) throws -> ([Volunteer]) throws -> Void {
        let insert = try db.makeStatement(sql: """
            INSERT OR REPLACE INTO volunteer (rpps, accepts_new_patients, places_remaining, home_visits, lon, lat, precision, updated_on,
                                              commune_code, cpts_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        return { batch in
            for v in batch {
                try insert.execute(arguments: [v.rpps, v.acceptsNewPatients, v.placesRemaining, v.homeVisits, v.position.longitude,
                                               v.position.latitude, v.precision.rawValue, v.updatedOn, v.communeCode, owner])
            }
        }
    }

    public func volunteers() async throws -> [Volunteer] { try await volunteers(in: nil) }

    public func volunteers(in envelope: Envelope?) async throws -> [Volunteer] {
        // Sorted here: `ORDER BY rpps` walks the key's index and fetches each row apart, three times the table scan.
        try await database.read { db in
            try VolunteerRecord.fetchAll(db, sql: "SELECT * FROM volunteer " + SQLiteStore.positionFilter(envelope, where: true),
                                         arguments: SQLiteStore.positionArguments(envelope))
        }.sorted { $0.rpps < $1.rpps }
    }

    public func volunteers(inCommunes communes: Set<String>) async throws -> [Volunteer] {
        guard !communes.isEmpty else { return [] }
        return try await database.read { db in
            try VolunteerRecord.fetchAll(db, sql: "SELECT * FROM volunteer WHERE commune_code IN (\(databaseQuestionMarks(count: communes.count)))",
                                         arguments: StatementArguments(communes.sorted()))
        }.sorted { $0.rpps < $1.rpps }
    }

    public func volunteer(rpps: String) async throws -> Volunteer? {
        try await database.read { db in try VolunteerRecord.fetchAll(db, sql: "SELECT * FROM volunteer WHERE rpps = ?", arguments: [rpps]) }.first
    }

    /// `lat`/`lon` inside a box, through the position indexes (nothing when there is no box).
    static func positionFilter(_ envelope: Envelope?, where first: Bool) -> String {
        envelope == nil ? "" : (first ? "WHERE" : "AND") + " lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
    }

    static func positionArguments(_ envelope: Envelope?) -> StatementArguments {
        envelope.map { StatementArguments([$0.minY, $0.maxY, $0.minX, $0.maxX]) } ?? StatementArguments()
    }

    public func mergePatientRequests(_ produce: (_ write: ([PatientRequest]) throws -> Void) throws -> String,
                                     audit: (PatientMerge) -> AuditEvent?) async throws -> PatientMerge {
        // Synchronous: `produce` (the caller's, not Sendable) runs inside the transaction, which GRDB's async write cannot take.
        try synchronousWrite { db in
            var merge = PatientMerge(), written: [PatientRequestKey] = []
            // By (cpts, reference): a CPTS's upload only ever meets its own requests, so its counts say nothing of others'.
            let assignedTo = try db.makeStatement(sql: "SELECT assigned_rpps FROM patient_request WHERE cpts_id = ? AND reference = ?")
            let upsert = try db.makeStatement(sql: """
                INSERT INTO patient_request (cpts_id, reference, commune_code, lon, lat, precision, priority, needs_home_visit, registered_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(cpts_id, reference) DO UPDATE SET commune_code = excluded.commune_code, lon = excluded.lon, lat = excluded.lat,
                    precision = excluded.precision, priority = excluded.priority, needs_home_visit = excluded.needs_home_visit,
                    registered_on = excluded.registered_on
                WHERE assigned_rpps IS NULL
                """)
            let summary = try produce { batch in
                for r in batch {
                    let existing = try Row.fetchOne(assignedTo, arguments: [r.cpts, r.reference])
                    if let existing, (existing["assigned_rpps"] as String?) != nil { merge.alreadyAssigned += 1; continue }
                    try upsert.execute(arguments: [r.cpts, r.reference, r.communeCode, r.position.longitude, r.position.latitude,
                                                   r.precision.rawValue, r.priority.rawValue, r.needsHomeVisit, r.registeredOn])
                    if existing == nil { merge.inserted += 1 } else { merge.updated += 1 }
                    written.append(PatientRequestKey(r))
                }
            }
            try logImport(db, kind: "patients", summary: summary)
            try SQLiteStore.append(audit(merge), db)
            try SQLiteStore.logDesk(.rows(volunteers: [], requests: written), db)
            return merge
        }
    }

    public func pendingPatientRequests() async throws -> [PatientRequest] { try await pendingPatientRequests(in: nil) }

    public func pendingPatientRequests(in envelope: Envelope?) async throws -> [PatientRequest] {
        try await database.read { db in
            try PatientRequestRecord.fetchAll(db, sql: "SELECT * FROM patient_request WHERE assigned_rpps IS NULL "
                                                  + SQLiteStore.positionFilter(envelope, where: false),
                                              arguments: SQLiteStore.positionArguments(envelope))
        }.sortedByKey()   // as the volunteers: sorted after the scan
    }

    public func pendingPatientRequests(ofCPTS cpts: String) async throws -> [PatientRequest] {
        try await database.read { db in
            try PatientRequestRecord.fetchAll(db, sql: "SELECT * FROM patient_request WHERE cpts_id = ? AND assigned_rpps IS NULL",
                                              arguments: [cpts])
        }.sortedByKey()
    }

    public func assignedPatientRequests(ofCPTS cpts: String, from: String?, to: String?) async throws -> [RecordedAssignment] {
        try await database.read { db in
            try RecordedAssignmentRecord.fetchAll(db, sql: """
                SELECT * FROM patient_request WHERE cpts_id = ? AND assigned_rpps IS NOT NULL AND assigned_at >= ?
                    AND substr(assigned_at, 1, 10) <= ? ORDER BY assigned_at, reference
                """, arguments: [cpts, from ?? "", to ?? "9999-12-31"])
        }
    }

    public func recordAssignments(_ assignments: [Assignment], audit: AuditEvent?) async throws {
        let now = audit?.at ?? AuditEvent.timestamp(Date())
        try await database.write { db in
            for a in assignments {
                try db.execute(sql: """
                    UPDATE patient_request SET assigned_rpps = ?, assigned_distance_km = ?, assigned_at = ?
                    WHERE cpts_id = ? AND reference = ? AND assigned_rpps IS NULL
                    """, arguments: [a.rpps, a.distanceKm, now, a.cpts, a.reference])
                guard db.changesCount == 1 else { throw StorageError.requestNotWaiting(reference: a.reference) }
            }
            for gp in OrientationRules.placesTaken(by: assignments) {
                try db.execute(sql: """
                    UPDATE volunteer SET places_remaining = places_remaining - ? WHERE rpps = ? AND places_remaining >= ?
                    """, arguments: [gp.count, gp.rpps, gp.count])
                guard db.changesCount == 1 else { throw StorageError.noPlaceLeft(rpps: gp.rpps, reference: gp.firstReference) }
            }
            try logImport(db, kind: "assignments", summary: "{\"assignments\":\(assignments.count)}")
            try SQLiteStore.append(audit, db)
            try SQLiteStore.logDesk(.rows(volunteers: assignments.map(\.rpps), requests: assignments.map(PatientRequestKey.init)), db)
        }
    }
}
