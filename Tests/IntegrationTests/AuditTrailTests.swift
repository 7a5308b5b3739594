import Foundation
import GeometryKit
import GRDB
import PostgresNIO
import Storage
@testable import StoragePostGIS
@testable import StorageSQLite
import StoreTestSupport
import Territory
import XCTest

/// The tenancy migration, the audit trail and the purge, on hand-made rows: exact values.
final class AuditTrailTests: XCTestCase {
    func temporaryPath() -> String {
        let path = NSTemporaryDirectory() + "maillage-audit-\(UUID().uuidString).sqlite"
        addTeardownBlock { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        return path
    }

    static func request(_ reference: String, _ commune: String, cpts: String = "", registeredOn: String = "2026-11-01") -> PatientRequest {
        PatientRequest(reference: reference, communeCode: commune, position: Coordinate(longitude: 2.3, latitude: 49.9), precision: .address,
                       priority: .ald, needsHomeVisit: false, registeredOn: registeredOn, cpts: cpts)
    }

    /// The trail's timestamps are `ISO8601DateFormatter`'s text, to the second, in UTC (written without one: see
    /// `AuditEvent.timestamp`), and sort as they read.
    func testTimestampsAreISO8601InUTC() {
        let formatter = ISO8601DateFormatter()
        let dates = [0, 951_782_399, 951_868_800, 1_767_225_599.9, 1_796_600_686, 4_102_444_800].map { Date(timeIntervalSince1970: $0) }
        for date in dates { XCTAssertEqual(AuditEvent.timestamp(date), formatter.string(from: date), "\(date)") }
        XCTAssertEqual(AuditEvent.timestamp(Date(timeIntervalSince1970: 1_796_600_686)), "2026-12-06T23:44:46Z")
        XCTAssertEqual(dates.map(AuditEvent.timestamp), dates.map(AuditEvent.timestamp).sorted())
    }

    /// A store of the previous schema: its requests go to the one CPTS claiming their commune, else to none.
    func testTheMigrationGivesEachRequestTheOneCPTSClaimingItsCommune() async throws {
        let path = temporaryPath()
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore.migrator.migrate(pool, upTo: "v5-figures")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO cpts (id, name, status) VALUES ('CPTS-A', 'A', 'fonctionnement'), ('CPTS-B', 'B', 'fonctionnement');
                    INSERT INTO cpts_commune VALUES ('CPTS-A', '10001'), ('CPTS-A', '10002'), ('CPTS-B', '10002'), ('CPTS-B', '10003');
                    """)
                for (reference, commune) in [("P-1", "10001"), ("P-2", "10002"), ("P-3", "10003"), ("P-4", "10004")] {
                    try db.execute(sql: """
                        INSERT INTO patient_request (reference, commune_code, lon, lat, precision, priority, needs_home_visit, registered_on)
                        VALUES (?, ?, 2.3, 49.9, 'address', 'ALD', 0, '2026-11-01')
                        """, arguments: [reference, commune])
                }
            }
        }
        let store = try SQLiteStore(path: path)
        let owners = try await store.pendingPatientRequests().map { "\($0.reference)=\($0.cpts)" }
        XCTAssertEqual(owners, ["P-2=", "P-4=", "P-1=CPTS-A", "P-3=CPTS-B"], "by (cpts, reference)")
        let ofA = try await store.pendingPatientRequests(ofCPTS: "CPTS-A")
        XCTAssertEqual(ofA.map(\.reference), ["P-1"])
    }

    func testTheTrailIsAppendOnlyAndWrittenWithTheChange() async throws {
        let (store, location) = try await scratchStore("audit_trail")
        let upload = AuditEvent(who: "coordinator:CPTS-A#00000001", role: "coordinator", action: .waitingListUpload, cpts: "CPTS-A",
                                patients: 2, outcome: "2 inserted")
        let merge = try await store.mergePatientRequests([Self.request("P-1", "10001", cpts: "CPTS-A"), Self.request("P-1", "10003", cpts: "CPTS-B")],
                                                   importSummary: "{}") { merge in
            var event = upload
            event.outcome = "\(merge.inserted) inserted"
            return event
        }
        XCTAssertEqual(merge.inserted, 2, "one reference, two CPTS: two patients")
        try await store.appendAudit(AuditEvent(who: "anonymous", role: "anonymous", action: .denied, cpts: nil, patients: 0, outcome: "401 POST /api/v1/match"))
        let trail = try await store.auditTrail(since: nil, cpts: nil)
        XCTAssertEqual(trail.map(\.action), [.waitingListUpload, .denied])
        XCTAssertEqual(trail.map(\.id), [1, 2])
        XCTAssertEqual(trail[0].outcome, "2 inserted")
        let ofA = try await store.auditTrail(since: nil, cpts: "CPTS-A")
        XCTAssertEqual(ofA.count, 1)
        let future = try await store.auditTrail(since: "2999-01-01", cpts: nil)
        XCTAssertEqual(future.count, 0)
        let today = try await store.auditTrail(since: String(trail[0].at.prefix(10)), cpts: nil)
        XCTAssertEqual(today.count, 2)

        // Neither an UPDATE nor a DELETE gets through, whoever opens the file or connects to the database.
        if let postgis = store as? PostGISStore {
            await assertThrowsError(try await postgis.execute("UPDATE audit_event SET who = 'someone else'"))
            await assertThrowsError(try await postgis.execute("DELETE FROM audit_event"))
            await assertThrowsError(try await postgis.execute("TRUNCATE audit_event"))
        } else {
            let queue = try DatabaseQueue(path: location)
            await assertThrowsError(try await queue.write { try $0.execute(sql: "UPDATE audit_event SET who = 'someone else'") })
            await assertThrowsError(try await queue.write { try $0.execute(sql: "DELETE FROM audit_event") })
        }
        let unchanged = try await store.auditTrail(since: nil, cpts: nil)
        XCTAssertEqual(unchanged, trail)

        // A commit that fails leaves no event: the event is part of the transaction.
        let failing = AuditEvent(who: "x", role: "coordinator", action: .matchCommit, cpts: "CPTS-A", patients: 1, outcome: "1 placed")
        await assertThrowsError(try await store.recordAssignments([Assignment(cpts: "CPTS-A", reference: "P-9", rpps: "10000000001", distanceKm: 1)],
                                                                  audit: failing))
        let afterFailure = try await store.auditTrail(since: nil, cpts: nil)
        XCTAssertEqual(afterFailure.count, 2)
    }

    func testPurgeErasesAssignedPositionsAndOldPendingRequests() async throws {
        let (store, location) = try await scratchStore("purge")
        try await store.replaceVolunteers([Volunteer(rpps: "10000000001", acceptsNewPatients: true, placesRemaining: 5, homeVisits: false,
                                               position: Coordinate(longitude: 2.31, latitude: 49.9), precision: .address,
                                               updatedOn: "2026-10-01", communeCode: "10001")], importSummary: "{}")
        _ = try await store.mergePatientRequests([Self.request("P-1", "10001", cpts: "CPTS-A"), Self.request("P-2", "10001", cpts: "CPTS-A"),
                                            Self.request("P-3", "10001", cpts: "CPTS-A", registeredOn: "2025-01-15"),
                                            Self.request("P-4", "10001", cpts: "CPTS-B", registeredOn: "2026-11-20")], importSummary: "{}")
        try await store.recordAssignments([Assignment(cpts: "CPTS-A", reference: "P-1", rpps: "10000000001", distanceKm: 0.7)])
        let counts = try await store.purgePatientData(assignedBefore: "2999-01-01", pendingRegisteredBefore: "2026-06-01",
                                                audit: AuditEvent(who: "cli", role: "operator", action: .purge, cpts: nil, patients: 0, outcome: ""))
        XCTAssertEqual(counts.assignedPositionsErased, 1)
        XCTAssertEqual(counts.pendingDeleted, 1)
        let pending = try await store.pendingPatientRequests()
        XCTAssertEqual(pending.map(\.reference), ["P-2", "P-4"])
        // The row as stored: no position, the assignment kept.
        let erased: (position: Bool, rpps: String?, km: Double?)
        if let postgis = store as? PostGISStore {
            let row = try await postgis.rows("SELECT position IS NULL AS erased, assigned_rpps, assigned_distance_km FROM patient_request WHERE reference = 'P-1'")[0]
            erased = (try row.value("erased"), try row.value("assigned_rpps"), try row.value("assigned_distance_km"))
        } else {
            let row = try DatabaseQueue(path: location).read {
                try Row.fetchOne($0, sql: "SELECT lon, lat, assigned_rpps, assigned_distance_km FROM patient_request WHERE reference = 'P-1'")
            }
            erased = ((row?["lon"] as Double?) == nil && (row?["lat"] as Double?) == nil, row?["assigned_rpps"], row?["assigned_distance_km"])
        }
        XCTAssertTrue(erased.position, "the position is erased")
        XCTAssertEqual(erased.rpps, "10000000001", "the assignment is kept")
        XCTAssertEqual(erased.km, 0.7)
        let last = try await store.auditTrail(since: nil, cpts: nil).last
        let event = try XCTUnwrap(last)
        XCTAssertEqual(event.action, .purge)
        XCTAssertEqual(event.patients, 2)
        XCTAssertEqual(event.outcome, "1 assigned positions erased, 1 pending requests deleted")
        // Again: nothing left to erase.
        let again = try await store.purgePatientData(assignedBefore: "2999-01-01", pendingRegisteredBefore: "2026-06-01",
                                               audit: AuditEvent(who: "cli", role: "operator", action: .purge, cpts: nil, patients: 0, outcome: ""))
        XCTAssertEqual(again, PurgeCounts())
    }
}
