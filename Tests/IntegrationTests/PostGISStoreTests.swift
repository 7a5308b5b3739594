import Foundation
import GeometryKit
import PostgresNIO
import Storage
@testable import StoragePostGIS
@testable import StorageSQLite
import StoreTestSupport
import Territory
import UseCases
import XCTest

/// The PostGIS store itself, on the database `MAILLAGE_TEST_DB` names (`.ci/run` starts a throw-away cluster and runs
/// the suite a second time with it): its schema as an analyst sees it, the same reads as the SQLite store after the same
/// writes, and commits of ten coordinators through two stores (two connection pools, as two instances) at once.
final class PostGISStoreTests: XCTestCase {
    func postGISStore(_ name: String) async throws -> PostGISStore {
        guard let database = ProcessInfo.processInfo.environment["MAILLAGE_TEST_DB"], !database.isEmpty else {
            throw XCTSkip("MAILLAGE_TEST_DB is not set: the PostGIS tier runs in .ci/run's second pass")
        }
        let store = try await PostGISStore(url: try ScratchStore.location(named: name, database: database))
        addTeardownBlock { try await store.dropSchema() }
        return store
    }

    static func commune(_ code: String, wkt: String, population: Int) throws -> Commune {
        var commune = Commune(code: code, name: "Commune \(code)", departement: "80", region: "32", epci: code == "80002" ? nil : "248000000",
                              population: population, areaKm2: 12.5, representativePoint: Coordinate(longitude: 2.25, latitude: 49.95))
        try commune.attach(geometry: Geometry(wkt: wkt))
        return commune
    }

    /// A polygon, a multipolygon of two parts, and a commune without polygon.
    static func layer() throws -> CommuneLayer {
        var bare = Commune(code: "80003", name: "Sans polygone", departement: "80", region: "32")
        bare.population = nil
        return CommuneLayer([
            try commune("80001", wkt: "POLYGON ((2 49.9, 2.1 49.9, 2.1 50, 2 50, 2 49.9))", population: 1200),
            try commune("80002", wkt: "MULTIPOLYGON (((2.1 49.9, 2.2 49.9, 2.2 50, 2.1 50, 2.1 49.9)), ((2.3 49.9, 2.4 49.9, 2.4 50, 2.3 50, 2.3 49.9)))",
                        population: 800),
            bare,
        ], touching: [("80001", "80002")])
    }

    /// The RPPS import goes through `COPY … FROM STDIN`: labels with COPY's special characters, accents and a CRLF, and
    /// coordinates Swift prints in exponent form, read back exactly, in the order written.
    func testActivitiesCopiedInReadBackExactlyInOrder() async throws {
        let store = try await postGISStore("copy_activities")
        func activity(_ rpps: String, label: String, _ longitude: Double, _ latitude: Double) -> PractitionerActivity {
            PractitionerActivity(rpps: rpps, professionCode: "10", professionLabel: label, savoirFaireCode: "SM54",
                                 savoirFaireLabel: "Médecine générale", modeCode: "L", modeLabel: "Libéral", communeCode: "80021",
                                 departementCode: "80", position: Coordinate(longitude: longitude, latitude: latitude), precision: .address)
        }
        let written = [
            activity("10000000009", label: "tab\there, back\\slash", 1e-05, 49.894_066_999_999_999),
            activity("10000000001", label: "line\nfeed and CR\r\nLF", -3.5e-07, -21.115_141),
            activity("10000000005", label: "Médecin « généraliste »\\N", 2.295_753_4, 49.894_067),
            activity("10000000001", label: "", 0, 0),
        ]
        try await store.replacePractitionerActivities(written, importSummary: "{}")
        let read = try await store.practitionerActivities()
        XCTAssertEqual(read, written)
        XCTAssertEqual(read.map(\.position.longitude), [1e-05, -3.5e-07, 2.295_753_4, 0], "bit for bit")
        let again = try await store.practitionerActivities(rpps: ["10000000001"])
        XCTAssertEqual(again.map(\.professionLabel), ["line\nfeed and CR\r\nLF", ""])
        XCTAssertEqual(PostGISRows.copyText("a\tb\\c\r\nd"), "a\\tb\\\\c\\r\\nd")
    }

    func testTheSchemaIsWhatAnAnalystQueries() async throws {
        let store = try await postGISStore("schema")
        let columns = try await store.rows("""
            SELECT f_table_name AS name, f_geometry_column AS col, type, srid FROM geometry_columns
            WHERE f_table_schema = current_schema() ORDER BY 1, 2
            """).map { "\(try $0.value("name", String.self)).\(try $0.value("col", String.self)) \(try $0.value("type", String.self)) \(try $0.value("srid", Int.self))" }
        XCTAssertEqual(columns, ["commune.geometry MULTIPOLYGON 4326", "commune.point POINT 4326", "cpts_dissolved.geometry MULTIPOLYGON 4326",
                                 "health_facility.position POINT 4326", "patient_request.position POINT 4326", "pharmacy.position POINT 4326",
                                 "practitioner_activity.position POINT 4326", "volunteer.position POINT 4326",
                                 "white_zone.geometry MULTIPOLYGON 4326"])
        let gist = try await store.rows("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexdef LIKE '%USING gist%' ORDER BY 1")
            .map { try $0.value("indexname", String.self) }
        XCTAssertEqual(gist, ["commune_geometry", "health_facility_position", "patient_request_position", "pharmacy_position", "practitioner_activity_position", "volunteer_position"])
        let versions = try await store.rows("SELECT version FROM schema_migration ORDER BY version").map { try $0.value("version", String.self) }
        XCTAssertEqual(versions, PostGISSchema.migrations.map(\.version).sorted(), "every migration applied (sorted as text: v10 before v2)")
        // Opening again migrates nothing; the audit trail refuses changes.
        let again = try await PostGISStore(url: store.location.urlString)
        let recorded = try await again.rows("SELECT count(*) AS n FROM schema_migration").first?.value("n", Int.self)
        XCTAssertEqual(recorded, versions.count)
        try await store.appendAudit(AuditEvent(who: "cli", role: "operator", action: .purge, cpts: nil, patients: 0, outcome: "nothing"))
        do {
            try await store.execute("UPDATE audit_event SET outcome = 'changed'")
            XCTFail("an audit event was changed")
        } catch let error as PostGISError {
            XCTAssertTrue(error.message.contains("append-only"), error.description)
        }
    }

    func testTheSameWritesGiveTheSameReadsAsSQLite() async throws {
        let postgis = try await postGISStore("parity")
        let sqlitePath = try ScratchStore.location(named: "parity", database: nil)
        addTeardownBlock { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqlitePath + suffix) } }
        let sqlite = try SQLiteStore(path: sqlitePath)
        let layer = try Self.layer()
        let perimeters = [CPTSPerimeter(id: "CPTS-A", name: "A", status: .aciSigne, communeCodes: ["80001", "80002"]),
                          CPTSPerimeter(id: "CPTS-B", name: "B", status: .preProjet, communeCodes: ["80002"])]
        let volunteers = [Volunteer(rpps: "10000000002", acceptsNewPatients: true, placesRemaining: 3, homeVisits: false,
                                    position: Coordinate(longitude: 2.05, latitude: 49.95), precision: .address, updatedOn: "2026-11-02", communeCode: "80001"),
                          Volunteer(rpps: "10000000001", acceptsNewPatients: true, placesRemaining: 1, homeVisits: true,
                                    position: Coordinate(longitude: 2.15, latitude: 49.95), precision: .commune, updatedOn: "2026-11-01", communeCode: "80002")]
        let requests = ["P-2", "P-1", "P-3"].enumerated().map { i, reference in
            PatientRequest(reference: reference, communeCode: "80001", position: Coordinate(longitude: 2.01 + Double(i) / 100, latitude: 49.91),
                           precision: .address, priority: .ald, needsHomeVisit: i == 1, registeredOn: "2026-11-0\(i + 1)", cpts: "CPTS-A")
        }
        for store in [sqlite, postgis] as [any MaillageStore] {
            try await store.replaceCommunes(layer, formerCodes: ["80999": "80001"], importSummary: "{}")
            try await store.replaceCPTS(perimeters, importSummary: "{}")
            try await store.replaceVolunteers(volunteers, importSummary: "{}")
            let merge = try await store.mergePatientRequests(requests + [requests[0]], importSummary: "{}")
            XCTAssertEqual([merge.inserted, merge.updated, merge.alreadyAssigned], [3, 1, 0], "the repeated row counts as an update")
            try await store.recordAssignments([Assignment(cpts: "CPTS-A", reference: "P-1", rpps: "10000000001", distanceKm: 10.5)])
            do {
                try await store.recordAssignments([Assignment(cpts: "CPTS-A", reference: "P-2", rpps: "10000000001", distanceKm: 1)])
                XCTFail("a GP without places took a patient")
            } catch let error as StorageError {
                XCTAssertEqual(error, .noPlaceLeft(rpps: "10000000001", reference: "P-2"))
            }
            try await store.refreshDerivedTerritory()
        }
        func communes(_ store: any MaillageStore) async throws -> [String] {
            try await store.allCommunes().map { c in
                "\(c.code) \(c.name) \(c.epci ?? "-") \(c.population ?? -1) \(c.areaKm2 ?? -1) \(c.representativePoint.map { "\($0.longitude),\($0.latitude)" } ?? "-") "
                    + (try c.geometry?.wkt(decimals: 6) ?? "no polygon")
            }
        }
        /// One read on both stores: the same answer, returned for the exact checks.
        func same<Value: Equatable>(_ read: (any MaillageStore) async throws -> Value, line: UInt = #line) async throws -> Value {
            let expected = try await read(sqlite), actual = try await read(postgis)
            XCTAssertEqual(actual, expected, "PostGIS and SQLite read differently", line: line)
            return actual
        }
        let communeRows = try await same { try await communes($0) }
        XCTAssertTrue(communeRows[0].hasSuffix("POLYGON ((2 49.9, 2.1 49.9, 2.1 50, 2 50, 2 49.9))"), "a polygon reads back as a polygon: \(communeRows[0])")
        XCTAssertTrue(communeRows[1].hasSuffix("MULTIPOLYGON (((2.1 49.9, 2.2 49.9, 2.2 50, 2.1 50, 2.1 49.9)), ((2.3 49.9, 2.4 49.9, 2.4 50, 2.3 50, 2.3 49.9)))"),
                      communeRows[1])
        XCTAssertTrue(communeRows[2].hasSuffix("no polygon"), communeRows[2])
        let touching = try await same { try await $0.communeLayer().touchingPairs.map { "\($0.0)-\($0.1)" } }
        XCTAssertEqual(touching, ["80001-80002"])
        let former = try await same { try await $0.formerCommuneCodes() }
        XCTAssertEqual(former, ["80999": "80001"])
        _ = try await same { try await $0.communeStats() }
        _ = try await same { try await $0.allCPTS() }
        let claiming = try await same { try await $0.cpts(claimingAnyOf: ["80002"]).map(\.id) }
        XCTAssertEqual(claiming, ["CPTS-A", "CPTS-B"])
        let remaining = try await same { try await $0.volunteers().map { "\($0.rpps)=\($0.placesRemaining)" } }
        XCTAssertEqual(remaining, ["10000000001=0", "10000000002=3"], "by RPPS; the commit took the one place")
        _ = try await same { try await $0.volunteers() }
        let pending = try await same { try await $0.pendingPatientRequests() }
        XCTAssertEqual(pending.map(\.reference), ["P-2", "P-3"])
        let inBox = try await same { try await $0.pendingPatientRequests(in: Envelope(minX: 2.0, minY: 49.9, maxX: 2.025, maxY: 49.92)).map(\.reference) }
        XCTAssertEqual(inBox, ["P-2"])
        let nearby = try await same { try await $0.volunteers(in: Envelope(minX: 2.1, minY: 49.9, maxX: 2.2, maxY: 50)).map(\.rpps) }
        XCTAssertEqual(nearby, ["10000000001"])
        let around = try await same { try await $0.orientationCommunes(around: Coordinate(longitude: 2.15, latitude: 49.95), commune: "80003").communes.map(\.code) }
        XCTAssertEqual(around.sorted(), ["80002", "80003"])
        let generation = try await same { try await $0.territoryGeneration() }
        XCTAssertEqual(generation, 3, "two imports after the first generation")
        for statuses in [Set(CPTSStatus.allCases), [.aciSigne]] as [Set<CPTSStatus>] {
          for cut in WhiteZoneCut.allCases {
            let zones = try await same { try await $0.whiteZones(coveringStatuses: statuses, cut: cut, generation: generation, withGeometry: true).map {
                try $0.map { "\($0.communeCodes) \($0.population) \(try $0.geometry?.wkt(decimals: 6) ?? "-")" }
            } }
            XCTAssertNotNil(zones)
          }
            _ = try await same { try await $0.coverageFigures(coveringStatuses: statuses, level: .departement, generation: generation) }
        }
        let dissolved = try await same { try await $0.dissolvedPerimeters(generation: generation, withGeometry: true).map {
            try $0.mapValues { "\($0.parts) \(try $0.geometry?.wkt(decimals: 6) ?? "-")" }
        } }
        XCTAssertEqual(dissolved?.keys.sorted(), ["CPTS-A", "CPTS-B"])
        let overlaps = try await same { try await $0.overlaps(generation: generation) }
        XCTAssertEqual(overlaps?.map(\.communeCodes), [["80002"]])
        let stale = try await postgis.overlaps(generation: generation - 1)
        XCTAssertNil(stale, "figures of another generation are not served")
        _ = try await same { try await $0.importHistory().map(\.kind) }
    }

    /// Ten coordinators, each of its own CPTS, place their patients with the same five GPs through two stores at once,
    /// each from what it read, retrying when its commit is refused. No GP ends with more patients than places, no
    /// patient is placed twice, and every place is used.
    func testTenCoordinatorsCommittingAtOnceThroughTwoStores() async throws {
        let first = try await postGISStore("concurrent")
        let second = try await PostGISStore(url: first.location.urlString)
        let gps = (1...5).map { i in
            Volunteer(rpps: "1000000000\(i)", acceptsNewPatients: true, placesRemaining: 15, homeVisits: false,
                      position: Coordinate(longitude: 2 + Double(i) / 100, latitude: 49.9), precision: .address, updatedOn: "2026-11-01",
                      communeCode: "80001")
        }
        try await first.replaceVolunteers(gps, importSummary: "{}")
        let cpts = (0..<10).map { "CPTS-\($0)" }
        let requests = cpts.flatMap { id in
            (0..<20).map { n in
                PatientRequest(reference: "P-\(n)", communeCode: "80001", position: Coordinate(longitude: 2, latitude: 49.9), precision: .address,
                               priority: .ald, needsHomeVisit: false, registeredOn: "2026-11-01", cpts: id)
            }
        }
        _ = try await first.mergePatientRequests(requests, importSummary: "{}")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, id) in cpts.enumerated() {
                let store = i % 2 == 0 ? first : second
                group.addTask {
                    while true {
                        let waiting = try await store.pendingPatientRequests(ofCPTS: id)
                        var places = try await store.volunteers().filter { $0.placesRemaining > 0 }.map { ($0.rpps, $0.placesRemaining) }
                        var batch: [Assignment] = []
                        for request in waiting.prefix(4) {
                            guard let slot = places.indices.first(where: { places[$0].1 > 0 }) else { break }
                            places[slot].1 -= 1
                            batch.append(Assignment(cpts: id, reference: request.reference, rpps: places[slot].0, distanceKm: 1))
                        }
                        if batch.isEmpty { return }
                        // Refused when another coordinator took the places read: read again and retry.
                        do { try await store.recordAssignments(batch) } catch let error as StorageError where error.isConflict {}
                    }
                }
            }
            try await group.waitForAll()
        }
        let assigned = try await first.rows("""
            SELECT assigned_rpps AS rpps, count(*) AS n FROM patient_request WHERE assigned_rpps IS NOT NULL GROUP BY 1 ORDER BY 1
            """).map { "\(try $0.value("rpps", String.self))=\(try $0.value("n", Int.self))" }
        XCTAssertEqual(assigned, gps.map { "\($0.rpps)=15" }, "every place used once, none twice")
        let remaining = try await second.volunteers().map(\.placesRemaining)
        XCTAssertEqual(remaining, [0, 0, 0, 0, 0])
        let stillWaiting = try await first.pendingPatientRequests().count
        XCTAssertEqual(stillWaiting, 200 - 75)
    }
}
