import XCTest

/// `nearest`, `requests-near` and `match` on the sample's roster and waiting list. Nearest-first and radius answers
/// are checked against a haversine distance computed here from the roster and patient files (WGS84 geodesic and
/// sphere differ by < 0.5 %, hence the margins).
final class OrientationCommandTests: XCTestCase {
    struct Location: Decodable { var lat: Double, lon: Double, codeCommune: String?, precision: String, cpts: [String], whiteZone: Bool }
    struct Volunteer: Decodable { var rpps: String, distanceKm: Double, placesRestantes: Int, codeCommune: String, lat: Double, lon: Double }
    struct Nearest: Decodable { var location: Location, volunteers: [Volunteer] }

    /// Each GP answered accepts new patients with the places the roster gives, nearest first, and no GP of the
    /// roster with a position of its own is nearer than the last one answered.
    func assertNearestVolunteers(_ answer: Nearest, count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(answer.volunteers.count, count, file: file, line: line)
        let roster = Dictionary(try SampleData.rosterRows.get().map { ($0.rpps, $0) }, uniquingKeysWith: { a, _ in a })
        for volunteer in answer.volunteers {
            let row = try XCTUnwrap(roster[volunteer.rpps], "\(volunteer.rpps) is not in the roster", file: file, line: line)
            XCTAssertTrue(row.accepts, volunteer.rpps, file: file, line: line)
            XCTAssertEqual(volunteer.placesRestantes, row.places, volunteer.rpps, file: file, line: line)
            XCTAssertGreaterThan(volunteer.placesRestantes, 0, volunteer.rpps, file: file, line: line)
        }
        let distances = answer.volunteers.map(\.distanceKm)
        XCTAssertEqual(distances, distances.sorted(), "nearest first", file: file, line: line)
        let farthest = try XCTUnwrap(distances.last, file: file, line: line)
        let answered = Set(answer.volunteers.map(\.rpps))
        let origin = (answer.location.lat, answer.location.lon)
        for row in roster.values where row.accepts && row.places > 0 && !answered.contains(row.rpps) {
            guard let lat = row.lat, let lon = row.lon else { continue }
            XCTAssertGreaterThanOrEqual(haversineKm(origin, (lat, lon)), farthest * 0.995 - 0.01, "\(row.rpps) is nearer", file: file, line: line)
        }
    }

    /// The README's example: patients of Amiens, located at the commune's representative point, in CPTS-80-002.
    func testNearestByCommune() throws {
        let answer = try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--commune", "80021", "--k", "3"]).decode(Nearest.self)
        XCTAssertEqual(answer.location.codeCommune, "80021")
        XCTAssertEqual(answer.location.precision, "commune")
        XCTAssertEqual(answer.location.cpts, ["CPTS-80-002"])
        XCTAssertFalse(answer.location.whiteZone)
        try assertNearestVolunteers(answer, count: 3)
        XCTAssertLessThan(try XCTUnwrap(answer.volunteers.last).distanceKm, 5, "Amiens has volunteers in town")
    }

    /// Caen, west of Greenwich (`--lon -0.4635`, a negative value after a space): outside the imported layer, the
    /// position is kept as given and the nearest GPs are across the regional border, more than 100 km away.
    func testNearestWithNegativeLongitude() throws {
        let result = try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--lat", "49.187", "--lon", "-0.4635", "--k", "2"])
        let answer = try result.decode(Nearest.self)
        XCTAssertEqual(answer.location.lat, 49.187)
        XCTAssertEqual(answer.location.lon, -0.4635)
        XCTAssertNil(answer.location.codeCommune, "Calvados is not imported")
        try assertNearestVolunteers(answer, count: 2)
        XCTAssertGreaterThan(answer.volunteers[0].distanceKm, 100)
        XCTAssertEqual(try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--lat", "49.187", "--lon=-0.4635", "--k", "2"]).stdoutText, result.stdoutText)
    }

    /// Pointe-à-Pitre: the position falls in commune 97120, a white zone (no CPTS in Guadeloupe); the roster's GPs
    /// are all in Hauts-de-France, across the Atlantic.
    func testNearestInGuadeloupe() throws {
        let answer = try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--lat", "16.241", "--lon", "-61.533", "--k", "3"]).decode(Nearest.self)
        XCTAssertEqual(answer.location.codeCommune, "97120")
        XCTAssertEqual(answer.location.cpts, [])
        XCTAssertTrue(answer.location.whiteZone)
        try assertNearestVolunteers(answer, count: 3)
        XCTAssertGreaterThan(answer.volunteers[0].distanceKm, 6000)
    }

    /// A negative latitude, in both spellings (`--lat=-21.1` and `--lat -21.1`): La Réunion, not imported; the
    /// default k of 5 GPs.
    func testNearestWithNegativeLatitude() throws {
        let joined = try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--lat=-21.1", "--lon", "55.5"])
        let answer = try joined.decode(Nearest.self)
        XCTAssertEqual(answer.location.lat, -21.1)
        XCTAssertEqual(answer.location.lon, 55.5)
        XCTAssertNil(answer.location.codeCommune)
        try assertNearestVolunteers(answer, count: 5)
        XCTAssertGreaterThan(answer.volunteers[0].distanceKm, 9000)
        XCTAssertEqual(try SampleStore.run(["nearest", "--as-of", "2026-12-07", "--lat", "-21.1", "--lon", "55.5"]).stdoutText, joined.stdoutText)
    }

    struct Request: Decodable { var reference: String, codeCommune: String, distanceKm: Double }

    /// The GP of the roster (with a position of its own) with the most waiting patients within 10 km: `requests-near`
    /// lists exactly those patients, nearest first, each with its commune and without its address.
    func testRequestsNear() throws {
        let patients = try SampleData.patientRows.get()
        func near(_ gp: (lat: Double, lon: Double), _ km: Double) -> Set<String> {
            Set(patients.filter { haversineKm(gp, ($0.lat, $0.lon)) <= km }.map(\.reference))
        }
        var best: (rpps: String, practice: (lat: Double, lon: Double), count: Int)?
        for row in try SampleData.rosterRows.get() {
            guard let lat = row.lat, let lon = row.lon else { continue }
            let count = near((lat, lon), 9.95).count
            if count > best?.count ?? -1 { best = (row.rpps, (lat, lon), count) }
        }
        let (rpps, practice, _) = try XCTUnwrap(best)
        let result = try SampleStore.run(["requests-near", "--rpps", rpps, "--km", "10"])
        let requests = try result.decode([Request].self)
        let listed = Set(requests.map(\.reference))
        XCTAssertFalse(near(practice, 9.95).isEmpty)
        XCTAssertTrue(near(practice, 9.95).isSubset(of: listed), "patients surely within 10 km are listed")
        XCTAssertTrue(listed.isSubset(of: near(practice, 10.05)), "no patient surely beyond 10 km is listed")
        XCTAssertEqual(requests.map(\.distanceKm), requests.map(\.distanceKm).sorted())
        let communeOf = Dictionary(uniqueKeysWithValues: patients.map { ($0.reference, $0.commune) })
        for request in requests { XCTAssertEqual(request.codeCommune, communeOf[request.reference], request.reference) }
        XCTAssertFalse(result.stdoutText.contains("\"lat\""), "never the patient's address")
    }

    struct Assignment: Decodable { var reference: String, rpps: String, distanceKm: Double }
    struct Unassigned: Decodable { var reference: String, reason: String }
    struct PriorityRow: Decodable { var priorite: String, waiting: Int, placed: Int }
    struct Match: Decodable { var committed: Bool, maxKm: Double, byPriority: [PriorityRow], assignments: [Assignment], unassigned: [Unassigned] }

    /// The dry-run matching: every one of the 2 000 patients is either assigned (within 30 km, to a GP of the roster
    /// who accepts, no GP given more patients than its places) or listed with a reason.
    func testMatchDryRun() throws {
        let match = try SampleStore.run(["match", "--as-of", "2026-12-07", "--max-km", "30"]).decode(Match.self)
        XCTAssertFalse(match.committed)
        XCTAssertEqual(match.maxKm, 30)
        let references = match.assignments.map(\.reference) + match.unassigned.map(\.reference)
        XCTAssertEqual(references.count, 2000)
        XCTAssertEqual(Set(references), Set(try SampleData.patientRows.get().map(\.reference)))
        XCTAssertEqual(match.byPriority.map(\.waiting).reduce(0, +), 2000)
        XCTAssertEqual(match.byPriority.map(\.placed).reduce(0, +), match.assignments.count)
        let roster = Dictionary(try SampleData.rosterRows.get().map { ($0.rpps, $0) }, uniquingKeysWith: { a, _ in a })
        for (rpps, given) in Dictionary(grouping: match.assignments, by: \.rpps) {
            let row = try XCTUnwrap(roster[rpps], "\(rpps) is not in the roster")
            XCTAssertTrue(row.accepts, rpps)
            XCTAssertLessThanOrEqual(given.count, row.places, "\(rpps) is given more patients than its places")
        }
        for assignment in match.assignments { XCTAssertLessThanOrEqual(assignment.distanceKm, 30, assignment.reference) }
        for patient in match.unassigned {
            XCTAssertTrue(["aucun médecin volontaire avec des places à moins de la distance maximale", "places épuisées par des patients prioritaires ou sans autre choix"].contains(patient.reason), patient.reason)
        }
        // A dry run records nothing: a second run gives the same answer.
        XCTAssertEqual(try SampleStore.run(["match", "--as-of", "2026-12-07", "--max-km", "30"]).decode(Match.self).assignments.count, match.assignments.count)
    }

    struct ScopedRow: Decodable { var cpts: String, reference: String }
    struct ScopedMatch: Decodable { var assignments: [ScopedRow], unassigned: [ScopedRow] }

    /// `import patients --cpts` gives the rows to that CPTS (and rejects, by line, those outside its communes); the same
    /// reference imported for another CPTS is another patient; `match --cpts` matches that CPTS's list alone.
    func testPatientsBelongToTheirCPTS() async throws {
        let db = try await SampleStore.scratchCopy()
        let file = try SampleStore.temporaryFile("waiting.csv", contents: """
            reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le
            CLI-0001;80021;;;ALD;non;2026-11-01
            CLI-0002;59350;;;aucune;non;2026-11-02
            """)
        struct Merge: Decodable { var inserted: Int, updated: Int, rejectedOutsideCpts: Int }
        let amiens = try MaillageProcess.run(["import", "patients", "--cpts", "CPTS-80-002", file], db: db)
        XCTAssertEqual(amiens.status, 0, amiens.transcript)
        let merged = try amiens.decode(Merge.self)
        XCTAssertEqual([merged.inserted, merged.updated, merged.rejectedOutsideCpts], [1, 0, 1])
        XCTAssertTrue(amiens.stderr.contains("waiting.csv:3: CLI-0002: commune 59350 hors de CPTS-80-002 : ligne refusée"), amiens.transcript)
        let lille = try MaillageProcess.run(["import", "patients", "--cpts", "CPTS-59-001", file], db: db).decode(Merge.self)
        XCTAssertEqual([lille.inserted, lille.updated, lille.rejectedOutsideCpts], [1, 0, 1], "CLI-0002 of Lille is not CLI-0002 of Amiens")
        let unknown = try MaillageProcess.run(["import", "patients", "--cpts", "CPTS-00-000", file], db: db)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("aucune CPTS CPTS-00-000 dans la base"), unknown.transcript)

        let match = try MaillageProcess.run(["match", "--as-of", "2026-12-07", "--cpts", "CPTS-80-002"], db: db).decode(ScopedMatch.self)
        let rows = match.assignments + match.unassigned
        XCTAssertTrue(rows.allSatisfy { $0.cpts == "CPTS-80-002" })
        XCTAssertEqual(rows.filter { $0.reference.hasPrefix("CLI-") }.map(\.reference), ["CLI-0001"])
        let everyone = try MaillageProcess.run(["match", "--as-of", "2026-12-07"], db: db).decode(ScopedMatch.self)
        XCTAssertEqual(Set((everyone.assignments + everyone.unassigned).filter { $0.reference.hasPrefix("CLI-") }.map { "\($0.cpts) \($0.reference)" }),
                       ["CPTS-80-002 CLI-0001", "CPTS-59-001 CLI-0002"])
    }

    struct Pending: Decodable { var reference: String, codeCommune: String, nomCommune: String?, inscritLe: String }
    struct Oriented: Decodable { var reference: String, rpps: String, nom: String?, adresse: String?, distanceKm: Double, orienteLe: String }
    struct Named: Decodable { var reference: String, rpps: String, nom: String?, adresse: String?, distanceKm: Double }
    struct NamedMatch: Decodable { var assignments: [Named] }

    /// `waiting-list` and `assignments` read what `match --commit` recorded, the GPs by name and practice address from the
    /// RPPS extract; every read is audited.
    func testWaitingListAndAssignmentsAfterACommit() async throws {
        let db = try await SampleStore.scratchCopy()
        let before = try MaillageProcess.run(["waiting-list", "--cpts", "CPTS-80-002"], db: db).decode([Pending].self)
        XCTAssertGreaterThan(before.count, 0)
        XCTAssertTrue(before.allSatisfy { $0.nomCommune != nil })
        let committed = try MaillageProcess.run(["match", "--as-of", "2026-12-07", "--cpts", "CPTS-80-002", "--commit"], db: db).decode(NamedMatch.self)
        XCTAssertGreaterThan(committed.assignments.count, 0)
        // The names as the RPPS file spells them: "Prénom NOM" d'exercice of the GP's activity.
        var names: [String: Set<String>] = [:]
        for row in try SampleData.table(SampleData.rpps, separator: "|") {
            names[row["Identifiant PP"] ?? "", default: []].insert("\(row["Prénom d'exercice"] ?? "") \(row["Nom d'exercice"] ?? "")")
        }
        for row in committed.assignments { XCTAssertTrue(names[row.rpps]?.contains(row.nom ?? "") == true, "\(row.rpps): \(row.nom ?? "nil")") }
        XCTAssertTrue(committed.assignments.allSatisfy { !($0.adresse ?? "").isEmpty })

        let after = try MaillageProcess.run(["waiting-list", "--cpts", "CPTS-80-002"], db: db).decode([Pending].self)
        XCTAssertEqual(after.count, before.count - committed.assignments.count)
        let history = try MaillageProcess.run(["assignments", "--cpts", "CPTS-80-002"], db: db).decode([Oriented].self)
        XCTAssertEqual(Set(history.map(\.reference)), Set(committed.assignments.map(\.reference)))
        let byReference = Dictionary(uniqueKeysWithValues: committed.assignments.map { ($0.reference, $0) })
        for row in history {
            XCTAssertEqual(row.rpps, byReference[row.reference]?.rpps)
            XCTAssertEqual(row.nom, byReference[row.reference]?.nom)
            XCTAssertEqual(row.distanceKm, byReference[row.reference]?.distanceKm ?? -1, accuracy: 0.0005)
        }
        let none = try MaillageProcess.run(["assignments", "--cpts", "CPTS-80-002", "--to", "31/12/2025"], db: db).decode([Oriented].self)
        XCTAssertEqual(none.count, 0)
        let bad = try MaillageProcess.run(["assignments", "--cpts", "CPTS-80-002", "--from", "2026-13-01"], db: db)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--from : '2026-13-01' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA"), bad.transcript)

        let excel = try MaillageProcess.run(["assignments", "--cpts", "CPTS-80-002", "--format", "csv-excel"], db: db).succeeded()
        XCTAssertEqual(Array(excel.stdout.prefix(3)), [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: excel.stdout.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        XCTAssertEqual(lines.count, history.count + 2)
        XCTAssertEqual(lines[0], "reference;priorite;code_commune;nom_commune;rpps;nom;adresse;distance_km;oriente_le")

        let audit = try MaillageProcess.run(["audit", "--cpts", "CPTS-80-002"], db: db).decode([AuditRow].self).map(\.action)
        XCTAssertEqual(audit.filter { $0 == "waiting-list-read" }.count, 2)
        XCTAssertEqual(audit.filter { $0 == "assignments-read" }.count, 3)
    }

    struct AuditRow: Decodable { var action: String }
}

/// `roster stale` and the freshness options of `nearest`, against the roster file read here.
final class RosterFreshnessCommandTests: XCTestCase {
    struct Entry: Decodable { var rpps: String, nom: String?, codeCommune: String, cpts: [String], misAJourLe: String, mois: Int, etat: String }
    static let options = ["--as-of", "20/11/2026", "--stale-after", "3", "--exclude-after", "6"]

    /// Every entry updated before 20 August 2026, oldest first; before 20 May 2026, excluded.
    func testRosterStaleListsTheOldEntries() throws {
        let rows = try SampleData.rosterRows.get()
        let listed = try SampleStore.run(["roster", "stale"] + Self.options).decode([Entry].self)
        let expected = rows.filter { $0.updatedOn < "2026-08-20" }.sorted { ($0.updatedOn, $0.rpps) < ($1.updatedOn, $1.rpps) }
        XCTAssertEqual(listed.map(\.rpps), expected.map(\.rpps))
        XCTAssertEqual(listed.map(\.etat), expected.map { $0.updatedOn < "2026-05-20" ? "excluded" : "stale" })
        XCTAssertTrue(listed.contains { $0.etat == "excluded" } && listed.contains { $0.etat == "stale" })
        XCTAssertTrue(listed.allSatisfy { $0.nom != nil }, "the operator sees the names")
        let amiens = try SampleStore.run(["roster", "stale", "--cpts", "CPTS-80-002", "--format", "csv"] + Self.options)
        let lines = amiens.stdoutText.split(separator: "\n")
        XCTAssertEqual(lines.first, "rpps;nom;adresse;code_commune;nom_commune;cpts;accepte_nouveaux_patients;places_restantes;mis_a_jour_le;mois;etat")
        XCTAssertEqual(lines.count - 1, listed.filter { $0.cpts.contains("CPTS-80-002") }.count)
    }

    struct Found: Decodable { var rpps: String, misAJourLe: String, stale: Bool }
    struct Nearest: Decodable { var volunteers: [Found], leftOutStale: Int }

    /// The same question a day apart in the roster's history: with the ages of November, the excluded entries go.
    func testNearestLeavesOutTheExcluded() throws {
        let updated = Dictionary(try SampleData.rosterRows.get().map { ($0.rpps, $0.updatedOn) }, uniquingKeysWith: { a, _ in a })
        var leftOut = 0
        for commune in ["80021", "02691", "60057"] {
            let answer = try SampleStore.run(["nearest", "--commune", commune, "--k", "10"] + Self.options).decode(Nearest.self)
            XCTAssertEqual(answer.volunteers.count, 10)
            for v in answer.volunteers {
                XCTAssertEqual(v.misAJourLe, updated[v.rpps])
                XCTAssertGreaterThanOrEqual(v.misAJourLe, "2026-05-20", v.rpps)
                XCTAssertEqual(v.stale, v.misAJourLe < "2026-08-20", v.rpps)
            }
            leftOut += answer.leftOutStale
        }
        XCTAssertGreaterThan(leftOut, 0)
        let early = try SampleStore.run(["nearest", "--commune", "80021", "--k", "10", "--as-of", "2026-05-01"]).decode(Nearest.self)
        XCTAssertEqual(early.leftOutStale, 0)
        XCTAssertFalse(early.volunteers.contains(where: \.stale), "on 1 May 2026 no entry is six months old")
    }
}

/// `maillage indicators` on the sample: its 2 000 requests, none oriented yet, in one région.
final class IndicatorsCommandTests: XCTestCase {
    struct Row: Decodable { var key: String, name: String?, registered: Int, oriented: Int, waiting: Int, byMonth: [Month] }
    struct Month: Decodable { var month: String, registered: Int }
    struct Answer: Decodable { var from: String, to: String, by: String, rows: [Row] }

    func testIndicatorsByRegionAndRefusals() throws {
        let answer = try SampleStore.run(["indicators", "--from", "01/01/2020", "--to", "2026-12-07", "--by", "region"]).decode(Answer.self)
        XCTAssertEqual(answer.from, "2020-01-01")
        XCTAssertEqual(answer.rows.map(\.key), ["32"])
        XCTAssertEqual(answer.rows[0].name, "Hauts-de-France")
        XCTAssertEqual(answer.rows[0].registered, try SampleData.patientRows.get().count)
        XCTAssertEqual(answer.rows[0].waiting, answer.rows[0].registered, "nothing oriented in the sample")
        XCTAssertEqual(answer.rows[0].oriented, 0)
        XCTAssertEqual(answer.rows[0].byMonth.count, 7 * 12 - 1 + 1)
        XCTAssertEqual(answer.rows[0].byMonth.map(\.registered).reduce(0, +), answer.rows[0].registered)
        let csv = try SampleStore.run(["indicators", "--from", "2026-01-01", "--to", "2026-12-07", "--by", "departement", "--format", "csv"])
        XCTAssertEqual(csv.stdoutText.split(separator: "\n").count, 1 + 5, "a header and the sample's five départements")
        for (arguments, message) in [(["--from", "2026-12-08", "--to", "2026-12-01"], "--from : 2026-12-08 est après le dernier jour 2026-12-01"),
                                     (["--from", "2026-02-30", "--to", "2026-12-01"], "--from : '2026-02-30' n'est pas une date"),
                                     (["--from", "2026-01-01", "--to", "2026-12-01", "--cpts", "CPTS-00-404"], "aucune CPTS CPTS-00-404")] {
            let refused = try SampleStore.run(["indicators"] + arguments)
            XCTAssertNotEqual(refused.status, 0)
            XCTAssertTrue(refused.stderr.contains(message), refused.transcript)
        }
    }
}
