import Foundation
import GeometryKit
import GRDB
import OpenData
import Storage
import StorageSQLite
import StoreTestSupport
import Territory
import XCTest

/// The streamed imports into a real SQLite store, on the Hauts-de-France sample: all or nothing in one transaction
/// (an extract that breaks midway leaves the previous activities, their index and the import log as they were), and
/// the roster joined to the activities the store gives for its RPPS numbers, batch by batch, as it is to all the activities in memory.
final class StreamingStoreImportTests: XCTestCase {
    static let sample = DataFolder.path("sample-hauts-de-france")

    func temporaryStore() throws -> (store: SQLiteStore, path: String) {
        let directory = NSTemporaryDirectory() + "maillage-streaming-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/maillage.sqlite"
        return (try SQLiteStore(path: path), path)
    }

    func lookup() throws -> CommuneLookup {
        CommuneLookup(communes: try SampleScenarioCoverageTests.regionalLayer.get(), formerCodes: try DataFolder.nationalImport.get().report.formerCodes)
    }

    /// Imports an extract as `maillage import rpps` does; returns its report.
    @discardableResult
    func importRPPS(_ path: String, into store: SQLiteStore, batchSize: Int = 1_000, batches: inout Int) async throws -> RPPSExtract.Report {
        let lookup = try lookup()
        var report: RPPSExtract.Report?
        var written = 0
        try await store.replacePractitionerActivities { write in
            let read = try RPPSExtract.read(.file(path), communes: lookup, batchSize: batchSize) { batch in
                try write(batch)
                written += 1
            }
            report = read
            return try ImportSummary(counts: read.counts, issues: read.issues).text
        }
        batches = written
        return try XCTUnwrap(report)
    }

    func testAnExtractThatBreaksMidwayLeavesThePreviousActivitiesIntact() async throws {
        let (store, path) = try temporaryStore()
        let extract = Self.sample + "/PS_LibreAcces_Personne_activite.txt.gz"
        var batches = 0
        let report = try await importRPPS(extract, into: store, batches: &batches)
        XCTAssertEqual(report.counts.imported, 27_527)
        XCTAssertEqual(batches, 28)
        let before = try await store.practitionerActivities()
        XCTAssertEqual(before.count, 27_527)
        XCTAssertEqual(before, try RPPSExtract(path: extract, communes: lookup().communes, formerCodes: lookup().formerCodes).activities,
                       "the store gives back the activities in file order")
        let history = try await store.importHistory()

        // The same extract cut in the middle, as an interrupted download: batches are written before zlib notices.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: extract))
        let truncated = (path as NSString).deletingLastPathComponent + "/PS_LibreAcces_Personne_activite-cut.txt.gz"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        var writtenBeforeFailure = 0
        await assertThrowsError(try await importRPPS(truncated, into: store, batches: &writtenBeforeFailure)) { error in
            XCTAssertEqual((error as? ImportError)?.file, truncated, "\(error)")
        }
        let afterFailure = try await store.practitionerActivities()
        XCTAssertEqual(afterFailure, before)
        let historyAfterFailure = try await store.importHistory()
        XCTAssertEqual(historyAfterFailure.map(\.summary), history.map(\.summary), "no import logged")
        let gp = try XCTUnwrap(before.first(where: \.isGeneralPractitioner))
        let ofGP = try await store.practitionerActivities(rpps: [gp.rpps])
        XCTAssertEqual(ofGP, before.filter { $0.rpps == gp.rpps })
        let queue = try DatabaseQueue(path: path)
        let indexes = try await queue.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'practitioner_activity' AND type = 'index'")
        }
        XCTAssertEqual(indexes, ["practitioner_activity_rpps"], "the index dropped for the load is back")

        // A pipeline that gives up after its first batches (a check of its own) changes nothing either.
        struct Refused: Error {}
        await assertThrowsError(try await store.replacePractitionerActivities { write in
            try write(Array(before.prefix(10)))
            throw Refused()
        }) { XCTAssertTrue($0 is Refused) }
        let afterRefusal = try await store.practitionerActivities()
        XCTAssertEqual(afterRefusal.count, 27_527)
    }

    func testTheRosterReadAgainstTheStoreIsTheRosterReadAgainstTheActivitiesInMemory() async throws {
        let (store, _) = try temporaryStore()
        var batches = 0
        try await importRPPS(Self.sample + "/PS_LibreAcces_Personne_activite.txt.gz", into: store, batchSize: 10_000, batches: &batches)
        let layer = try lookup().communes
        let roster = DelimitedSource.file(Self.sample + "/medecins-volontaires.csv.gz")
        let all = try await store.practitionerActivities()
        let inMemory = try VolunteerRoster(roster, activities: all, communes: layer)
        // The activities of the roster's GPs only, read from the store by RPPS number, as `import volunteers` does.
        let rows = try VolunteerRoster.rows(roster, communes: layer)
        let numbers = rows.rppsNumbers
        XCTAssertEqual(numbers.count, Set(numbers).count, "each number once")
        XCTAssertLessThan(numbers.count, Set(all.map(\.rpps)).count, "not every practitioner")
        let ofRoster = VolunteerRoster.lookup(try await store.practitionerActivities(rpps: numbers))
        var lookups = 0
        let fromStore = try VolunteerRoster(roster, activities: { numbers in
            lookups += 1
            return ofRoster(numbers)
        }, communes: layer)
        XCTAssertEqual(fromStore.volunteers, inMemory.volunteers)
        XCTAssertEqual(fromStore.lines, inMemory.lines)
        XCTAssertEqual(fromStore.counts, inMemory.counts)
        XCTAssertEqual(fromStore.issues, inMemory.issues)
        XCTAssertEqual(lookups, (inMemory.counts.rowsRead + 499) / 500, "one query per 500 roster rows")

        let read = try VolunteerRoster(rows, activities: try await store.practitionerActivities(rpps: numbers))
        XCTAssertEqual(read.volunteers, inMemory.volunteers, "the file read once, joined to what the store gave")
        XCTAssertEqual(read.counts, inMemory.counts)
        try await store.replaceVolunteers { write in
            let report = try VolunteerRoster.read(rows, activities: ofRoster(numbers), batchSize: 100) { try write($0.map(\.volunteer)) }
            return try ImportSummary(counts: report.counts, issues: report.issues).text
        }
        let stored = try await store.volunteers()
        XCTAssertEqual(stored, inMemory.volunteers.sorted { $0.rpps < $1.rpps })
    }

    func testAWaitingListStreamedTwiceIsInsertedThenUpdated() async throws {
        let (store, _) = try temporaryStore()
        let file = DelimitedSource.file(Self.sample + "/patients-sans-medecin-traitant.csv.gz")
        let lookup = try lookup()
        func merge() async throws -> PatientMerge {
            try await store.mergePatientRequests { write in
                let report = try PatientRequestFile.read(file, communes: lookup, batchSize: 500) { try write($0.map(\.request)) }
                return try ImportSummary(counts: report.counts, issues: report.issues).text
            }
        }
        let expected = try PatientRequestFile(file, communes: lookup)
        let first = try await merge()
        XCTAssertEqual(first.inserted, expected.counts.imported)
        let pending = try await store.pendingPatientRequests()
        XCTAssertEqual(pending, expected.requests.sorted { $0.reference < $1.reference })
        let second = try await merge()
        XCTAssertEqual([second.inserted, second.updated], [0, expected.counts.imported])
    }
}
