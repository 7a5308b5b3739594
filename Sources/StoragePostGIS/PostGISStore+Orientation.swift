import Foundation
import GeometryKit
import PostgresNIO
import Storage
import Territory

/// `volunteer` and `patient_request`: the rosters, the waiting lists and the matchings committed against them, by
/// several instances at once.
extension PostGISStore {
    private struct VolunteerRow: Encodable {
        var rpps: String
        var acceptsNewPatients: Bool
        var placesRemaining: Int
        var homeVisits: Bool
        var lon, lat: Double
        var precision, updatedOn, communeCode: String
        enum CodingKeys: String, CodingKey {
            case rpps, acceptsNewPatients = "accepts_new_patients", placesRemaining = "places_remaining", homeVisits = "home_visits"
            case lon, lat, precision, updatedOn = "updated_on", communeCode = "commune_code"
        }
        init(_ v: Volunteer) {
            rpps = v.rpps; acceptsNewPatients = v.acceptsNewPatients; placesRemaining = v.placesRemaining; homeVisits = v.homeVisits
            lon = v.position.longitude; lat = v.position.latitude; precision = v.precision.rawValue; updatedOn = v.updatedOn
            communeCode = v.communeCode
        }
    }

    /// A roster's rows, each RPPS once: a volunteer written again (its more recent entry) replaces the earlier one.
    private static func latestEntries(_ volunteers: [Volunteer]) -> [VolunteerRow] {
        var index: [String: Int] = [:], rows: [VolunteerRow] = []
        for v in volunteers {
            if let known = index[v.rpps] { rows[known] = VolunteerRow(v) } else { index[v.rpps] = rows.count; rows.append(VolunteerRow(v)) }
        }
        return rows
    }

    /// Writes roster rows owned by `owner` (nil: the operator's import); a row of the same RPPS is taken over.
    private static func writeVolunteers(_ rows: [VolunteerRow], owner: String?, _ db: PostGISTransaction) async throws {
        try await PostGISRows.insert(rows, db) { json in
            var binds = try binds(json)
            binds.append(owner)
            return PostgresQuery(unsafeSQL: """
                INSERT INTO volunteer (rpps, accepts_new_patients, places_remaining, home_visits, position, precision, updated_on,
                                       commune_code, cpts_id)
                SELECT rpps, accepts_new_patients, places_remaining, home_visits, \(PostGISRows.point()), precision, updated_on,
                       commune_code, $2
                FROM jsonb_to_recordset($1::jsonb) AS r(rpps text, accepts_new_patients boolean, places_remaining integer,
                                                        home_visits boolean, lon float8, lat float8, precision text, updated_on text,
                                                        commune_code text)
                ON CONFLICT (rpps) DO UPDATE SET accepts_new_patients = excluded.accepts_new_patients,
                    places_remaining = excluded.places_remaining, home_visits = excluded.home_visits, position = excluded.position,
                    precision = excluded.precision, updated_on = excluded.updated_on, commune_code = excluded.commune_code,
                    cpts_id = excluded.cpts_id
                """, binds: binds)
        }
    }

    public func replaceVolunteers(_ produce: (_ write: ([Volunteer]) throws -> Void) throws -> String) async throws {
        let (volunteers, summary) = try Self.collect(produce)
        let rows = Self.latestEntries(volunteers)
        try await transaction(change: .roster) { db in
            try await db.execute("DELETE FROM volunteer")
            try await Self.writeVolunteers(rows, owner: nil, db)
            try await Self.logImport(db, kind: "volunteers", summary: summary)
            try await Self.logDesk(.everything, db)
        }
    }

    public func replaceRoster(ofCPTS cpts: String, _ volunteers: [Volunteer], sharedCommunes: Set<String>, importSummary: String,
                              audit: AuditEvent?) async throws {
        let rows = Self.latestEntries(volunteers)
        try await transaction(change: .roster) { db in
            // The rows listed are locked first: another CPTS's upload of the same GP waits, then sees the owner.
            let owners = try await Self.rosterOwners(db, rpps: rows.map(\.rpps), lock: true)
            try OrientationRules.checkRosterOwnership(of: volunteers, by: cpts, owners: owners, shared: sharedCommunes)
            let deleted = try await db.rows("""
                DELETE FROM volunteer WHERE cpts_id = \(cpts) AND NOT (commune_code = ANY(\(sharedCommunes.sorted()))) RETURNING rpps
                """).map { try $0.value("rpps", String.self) }
            try await Self.writeVolunteers(rows, owner: cpts, db)
            try await Self.logImport(db, kind: "volunteers", summary: importSummary)
            try await Self.append(audit, db)
            try await Self.logDesk(.rows(volunteers: deleted + rows.map(\.rpps), requests: []), db)
        }
    }

    public func rosterOwners(rpps: [String]) async throws -> [String: String] {
        try await transaction(change: nil) { db in try await Self.rosterOwners(db, rpps: rpps, lock: false) }
    }

    private static func rosterOwners(_ db: PostGISTransaction, rpps: [String], lock: Bool) async throws -> [String: String] {
        var binds = PostgresBindings()
        binds.append(Array(Set(rpps)).sorted())
        let rows = try await db.rows(PostgresQuery(unsafeSQL: "SELECT rpps, cpts_id FROM volunteer WHERE rpps = ANY($1) ORDER BY rpps"
                                                       + (lock ? " FOR UPDATE" : ""), binds: binds))
        var owners: [String: String] = [:]
        for row in rows { if let owner = try row.value("cpts_id", String?.self) { owners[try row.value("rpps")] = owner } }
        return owners
    }

    static let volunteerColumns = """
        rpps, accepts_new_patients, places_remaining, home_visits, \(PostGISRows.coordinates()), precision, updated_on, commune_code
        """

    func volunteers(where condition: String, binds: PostgresBindings = PostgresBindings()) async throws -> [Volunteer] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.volunteerColumns) FROM volunteer \(condition) ORDER BY rpps", binds: binds)).map(Self.volunteer)
    }

    /// A row of `volunteerColumns`.
    static func volunteer(_ row: PostgresRandomAccessRow) throws -> Volunteer {
        Volunteer(rpps: try row.value("rpps"), acceptsNewPatients: try row.value("accepts_new_patients"),
                  placesRemaining: try row.value("places_remaining"), homeVisits: try row.value("home_visits"),
                  position: try Self.position(row), precision: try Self.precision(row), updatedOn: try row.value("updated_on"),
                  communeCode: try row.value("commune_code"))
    }

    public func volunteers() async throws -> [Volunteer] { try await volunteers(where: "") }

    public func volunteers(in envelope: Envelope?) async throws -> [Volunteer] {
        try await volunteers(where: envelope.map { "WHERE " + PostGISRows.inside($0) } ?? "")
    }

    /// The `count` volunteers nearest to `position` by the GIST index's KNN operator (`<->`, planar in degrees), by RPPS.
    public func volunteers(nearest position: Coordinate, count: Int) async throws -> [Volunteer] {
        var binds = PostgresBindings()
        binds.append(position.longitude)
        binds.append(position.latitude)
        binds.append(count)
        return try await volunteers(where: "WHERE rpps IN (SELECT rpps FROM volunteer ORDER BY position <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT $3)",
                                    binds: binds)
    }

    public func volunteers(inCommunes communes: Set<String>) async throws -> [Volunteer] {
        var binds = PostgresBindings()
        binds.append(communes.sorted())
        return try await volunteers(where: "WHERE commune_code = ANY($1)", binds: binds)
    }

    public func volunteer(rpps: String) async throws -> Volunteer? {
        var binds = PostgresBindings()
        binds.append(rpps)
        return try await volunteers(where: "WHERE rpps = $1", binds: binds).first
    }

    // MARK: - Waiting lists

    private struct RequestRow: Encodable {
        var cpts, reference, communeCode: String
        var lon, lat: Double
        var precision, priority: String
        var needsHomeVisit: Bool
        var registeredOn: String
        enum CodingKeys: String, CodingKey {
            case cpts, reference, communeCode = "commune_code", lon, lat, precision, priority, needsHomeVisit = "needs_home_visit"
            case registeredOn = "registered_on"
        }
        init(_ r: PatientRequest) {
            cpts = r.cpts; reference = r.reference; communeCode = r.communeCode; lon = r.position.longitude; lat = r.position.latitude
            precision = r.precision.rawValue; priority = r.priority.rawValue; needsHomeVisit = r.needsHomeVisit; registeredOn = r.registeredOn
        }
    }

    public func mergePatientRequests(_ produce: (_ write: ([PatientRequest]) throws -> Void) throws -> String,
                                     audit: (PatientMerge) -> AuditEvent?) async throws -> PatientMerge {
        let (requests, summary) = try Self.collect(produce)
        // The last row of a key is the one written; the counts are those of the rows in order, as the SQLite store's.
        var latest: [PatientRequestKey: RequestRow] = [:], order: [PatientRequestKey] = []
        for r in requests {
            let key = PatientRequestKey(cpts: r.cpts, reference: r.reference)
            if latest.updateValue(RequestRow(r), forKey: key) == nil { order.append(key) }
        }
        let event = audit   // evaluated inside the transaction, once the counts are known
        return try await transaction(change: .waitingList) { db in
            var binds = PostgresBindings()
            binds.append(order.map(\.cpts))
            binds.append(order.map(\.reference))
            // Locked: a matching committed meanwhile by another instance waits, or is seen.
            let existing = try await db.rows(PostgresQuery(unsafeSQL: """
                SELECT p.cpts_id, p.reference, p.assigned_rpps IS NOT NULL AS assigned
                FROM patient_request p JOIN unnest($1::text[], $2::text[]) AS k(cpts, reference)
                    ON p.cpts_id = k.cpts AND p.reference = k.reference
                ORDER BY p.cpts_id, p.reference FOR UPDATE OF p
                """, binds: binds))
            var assigned: Set<PatientRequestKey> = [], known: Set<PatientRequestKey> = []
            for row in existing {
                let key = PatientRequestKey(cpts: try row.value("cpts_id"), reference: try row.value("reference"))
                known.insert(key)
                if try row.value("assigned", Bool.self) { assigned.insert(key) }
            }
            var merge = PatientMerge()
            for r in requests {
                let key = PatientRequestKey(cpts: r.cpts, reference: r.reference)
                if assigned.contains(key) { merge.alreadyAssigned += 1 } else if known.insert(key).inserted { merge.inserted += 1 } else { merge.updated += 1 }
            }
            let rows = order.filter { !assigned.contains($0) }.map { latest[$0]! }
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO patient_request (cpts_id, reference, commune_code, position, precision, priority, needs_home_visit, registered_on)
                    SELECT cpts, reference, commune_code, \(PostGISRows.point()), precision, priority, needs_home_visit, registered_on
                    FROM jsonb_to_recordset($1::jsonb) AS r(cpts text, reference text, commune_code text, lon float8, lat float8,
                                                            precision text, priority text, needs_home_visit boolean, registered_on text)
                    ON CONFLICT (cpts_id, reference) DO UPDATE SET commune_code = excluded.commune_code, position = excluded.position,
                        precision = excluded.precision, priority = excluded.priority, needs_home_visit = excluded.needs_home_visit,
                        registered_on = excluded.registered_on
                    WHERE patient_request.assigned_rpps IS NULL
                    """, binds: try Self.binds(json))
            }
            try await Self.logImport(db, kind: "patients", summary: summary)
            try await Self.append(event(merge), db)
            try await Self.logDesk(.rows(volunteers: [], requests: order.filter { !assigned.contains($0) }), db)
            return merge
        }
    }

    private static let requestColumns = """
        cpts_id, reference, commune_code, \(PostGISRows.coordinates()), precision, priority, needs_home_visit, registered_on
        """

    func pending(where condition: String, binds: PostgresBindings = PostgresBindings()) async throws -> [PatientRequest] {
        try await rows(PostgresQuery(unsafeSQL: """
            SELECT \(Self.requestColumns) FROM patient_request WHERE assigned_rpps IS NULL \(condition) ORDER BY cpts_id, reference
            """, binds: binds)).map { row in
            let reference: String = try row.value("reference")
            return PatientRequest(reference: reference, communeCode: try row.value("commune_code"), position: try Self.position(row),
                                  precision: try Self.precision(row), priority: try OrientationRules.priority(try row.value("priority"), reference: reference),
                                  needsHomeVisit: try row.value("needs_home_visit"),
                                  registeredOn: try row.value("registered_on"), cpts: try row.value("cpts_id"))
        }
    }

    public func pendingPatientRequests() async throws -> [PatientRequest] { try await pending(where: "") }

    public func pendingPatientRequests(in envelope: Envelope?) async throws -> [PatientRequest] {
        try await pending(where: envelope.map { "AND " + PostGISRows.inside($0) } ?? "")
    }

    public func pendingPatientRequests(ofCPTS cpts: String) async throws -> [PatientRequest] {
        var binds = PostgresBindings()
        binds.append(cpts)
        return try await pending(where: "AND cpts_id = $1", binds: binds)
    }

    public func assignedPatientRequests(ofCPTS cpts: String, from: String?, to: String?) async throws -> [RecordedAssignment] {
        var binds = PostgresBindings()
        binds.append(cpts); binds.append(from ?? ""); binds.append(to ?? "9999-12-31")
        return try await rows(PostgresQuery(unsafeSQL: """
            SELECT cpts_id, reference, commune_code, priority, registered_on, assigned_rpps, assigned_distance_km, assigned_at
            FROM patient_request WHERE cpts_id = $1 AND assigned_rpps IS NOT NULL AND assigned_at >= $2 AND left(assigned_at, 10) <= $3
            ORDER BY assigned_at, reference
            """, binds: binds)).map { row in
            let reference: String = try row.value("reference")
            return RecordedAssignment(cpts: try row.value("cpts_id"), reference: reference, communeCode: try row.value("commune_code"),
                                      priority: try OrientationRules.priority(try row.value("priority"), reference: reference),
                                      registeredOn: try row.value("registered_on"), rpps: try row.value("assigned_rpps"),
                                      distanceKm: try row.value("assigned_distance_km"), assignedAt: try row.value("assigned_at"))
        }
    }

    /// `OrientationRules.placesTaken`; each update re-checks its condition once it holds the row: of two instances
    /// committing the same patient, or a GP's last place, the second finds the condition false and the whole commit is
    /// refused, changing nothing. One statement for the requests and one for the places, whatever their number.
    public func recordAssignments(_ assignments: [Assignment], audit: AuditEvent?) async throws {
        let now = audit?.at ?? AuditEvent.timestamp(Date())
        let gps = OrientationRules.placesTaken(by: assignments)
        try await transaction(change: .waitingList) { db in
            let placed = try await db.rows("""
                UPDATE patient_request AS p SET assigned_rpps = a.rpps, assigned_distance_km = a.km, assigned_at = \(now)
                FROM unnest(\(assignments.map(\.cpts))::text[], \(assignments.map(\.reference))::text[], \(assignments.map(\.rpps))::text[],
                            \(assignments.map(\.distanceKm))::float8[]) AS a(cpts, reference, rpps, km)
                WHERE p.cpts_id = a.cpts AND p.reference = a.reference AND p.assigned_rpps IS NULL
                RETURNING p.cpts_id, p.reference
                """).map { PatientRequestKey(cpts: try $0.value("cpts_id"), reference: try $0.value("reference")) }
            if let missing = Self.firstMissing(assignments.map(PatientRequestKey.init), in: placed) {
                throw StorageError.requestNotWaiting(reference: missing.reference)
            }
            let taken = try await db.rows("""
                UPDATE volunteer AS v SET places_remaining = v.places_remaining - t.n
                FROM unnest(\(gps.map(\.rpps))::text[], \(gps.map(\.count))::int8[]) AS t(rpps, n)
                WHERE v.rpps = t.rpps AND v.places_remaining >= t.n RETURNING v.rpps
                """).map { try $0.value("rpps", String.self) }
            if let missing = Self.firstMissing(gps.map(\.rpps), in: taken), let gp = gps.first(where: { $0.rpps == missing }) {
                throw StorageError.noPlaceLeft(rpps: gp.rpps, reference: gp.firstReference)
            }
            try await Self.logImport(db, kind: "assignments", summary: "{\"assignments\":\(assignments.count)}")
            try await Self.append(audit, db)
            try await Self.logDesk(.rows(volunteers: assignments.map(\.rpps), requests: assignments.map(PatientRequestKey.init)), db)
        }
    }

    /// The first of `wanted`, in its order, that `done` lacks (each of `done` answering one of `wanted`): what a statement
    /// over all of them left out, as the first failing statement of one per row would have named it.
    private static func firstMissing<Key: Hashable>(_ wanted: [Key], in done: [Key]) -> Key? {
        var left = Dictionary(done.map { ($0, 1) }, uniquingKeysWith: +)
        for key in wanted {
            guard let count = left[key], count > 0 else { return key }
            left[key] = count - 1
        }
        return nil
    }
}
