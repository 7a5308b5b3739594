import Foundation
import GeometryKit
import OpenData
import Territory
import XCTest

/// The importers as row pipelines: a file larger than the reader's chunk (plain and gzip) gives the counts,
/// issues and records of the same text read in memory; records reach the sink in batches, in file order; the
/// issues kept are capped, their count is not.
final class StreamingImportTests: XCTestCase {
    private typealias F = PractitionerFixtures
    private let lookup = CommuneLookup(communes: PractitionerFixtures.layer, formerCodes: ["59999": "59350"])

    /// 30 000 activity rows (about 5 MB, several chunks): a reject every 1 000 rows, cycling through the causes.
    private static let rppsText: String = {
        var lines = [F.rppsHeader]
        for i in 0..<30_000 {
            switch i % 1_000 == 999 ? (i / 1_000) % 4 : -1 {
            case 0: lines.append(F.rppsLine(rpps: "10000000008", commune: "59350"))   // wrong Luhn key
            case 1: lines.append(F.rppsLine(rpps: F.gpParis, commune: ""))            // no commune
            case 2: lines.append(F.rppsLine(rpps: F.gpParis, commune: "62999"))       // unknown commune
            case 3: lines.append("8|\(F.gpParis)|too|short|")                          // field count
            default: lines.append(F.rppsLine(rpps: [F.gpLille, F.gpParis, F.nurse][i % 3], commune: ["59350", "75112", "59999"][i % 3]))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }()

    func testAnExtractLargerThanAChunkReadsAsTheSameTextInMemory() throws {
        let inMemory = try RPPSExtract(.text(Self.rppsText, name: "ps.txt"), communes: lookup)
        XCTAssertEqual(inMemory.counts.rowsRead, 30_000)
        XCTAssertEqual(inMemory.counts.rejected, 30)
        XCTAssertEqual(inMemory.counts.imported, 29_970)
        XCTAssertEqual([inMemory.counts.invalidRPPS, inMemory.counts.withoutCommune, inMemory.counts.unknownCommune,
                        inMemory.counts.wrongFieldCount], [8, 8, 7, 7])
        XCTAssertEqual(inMemory.counts.practitioners, 3)
        XCTAssertEqual(inMemory.counts.communeCodesTranslated, 2 * 29_970 / 3)
        XCTAssertEqual(inMemory.issues.map(\.line), (0..<30).map { 1_000 * $0 + 1_001 }, "row i is on line i + 2")

        let plain = try F.temporaryFile("PS_LibreAcces_Personne_activite.txt", bytes: Array(Self.rppsText.utf8))
        XCTAssertGreaterThan(Self.rppsText.utf8.count, 4 * DelimitedRowReader.defaultChunkSize)
        for path in [plain, try FileBytesTests.gzip(plain)] {
            var batches: [Int] = [], activities: [PractitionerActivity] = []
            let report = try RPPSExtract.read(.file(path), communes: lookup, batchSize: 4_000) { batch in
                batches.append(batch.count)
                activities += batch
            }
            XCTAssertEqual(report.counts, inMemory.counts, path)
            XCTAssertEqual(report.issues.kept.map(\.line), inMemory.issues.map(\.line), path)
            XCTAssertEqual(report.issues.kept.map(\.reason), inMemory.issues.map(\.reason), path)
            XCTAssertTrue(report.issues.kept.allSatisfy { $0.file == path }, "a reject names the file")
            XCTAssertEqual(batches, Array(repeating: 4_000, count: 7) + [1_970])
            XCTAssertEqual(activities, inMemory.activities, "in file order")
        }
    }

    func testIssuesKeptAreCappedButAllCounted() throws {
        let report = try RPPSExtract.read(.text(Self.rppsText, name: "ps.txt"), communes: lookup, issueLimit: 5) { _ in }
        XCTAssertEqual(report.issues.count, 30)
        XCTAssertEqual(report.issues.kept.map(\.line), [1_001, 2_001, 3_001, 4_001, 5_001])
        XCTAssertEqual(report.issues.unlisted, 25)
        XCTAssertEqual(report.counts.rejected, 30)
        let summary = try JSONValueEncoder.members(ImportSummary(counts: report.counts, issues: report.issues))
        XCTAssertEqual(summary.last?.0, "issues")
        XCTAssertEqual(summary.last?.1, .number(30))
    }

    func testASinkThatThrowsStopsTheRead() throws {
        struct Full: Error {}
        var batches = 0
        XCTAssertThrowsError(try RPPSExtract.read(.text(Self.rppsText, name: "ps.txt"), communes: lookup, batchSize: 1_000) { _ in
            batches += 1
            if batches == 3 { throw Full() }
        }) { XCTAssertTrue($0 is Full) }
        XCTAssertEqual(batches, 3)
    }

    func testWaitingListAndRosterStreamInBatchesWithTheirLines() throws {
        let patients = ["reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"]
            + (1...2_500).map { "P\($0);\($0 % 10 == 0 ? "62999" : "59350");;;ALD;non;2026-01-0\($0 % 9 + 1)" }
        var entries: [PatientRequestFile.Entry] = []
        let report = try PatientRequestFile.read(.text(patients.joined(separator: "\n"), name: "patients.csv"), communes: lookup,
                                                 batchSize: 1_000) { entries += $0 }
        XCTAssertEqual(report.counts.rowsRead, 2_500)
        XCTAssertEqual(report.counts.unknownCommune, 250)
        XCTAssertEqual(entries.count, 2_250)
        XCTAssertEqual(entries.first?.line, 2)
        XCTAssertEqual(entries.last?.request.reference, "P2499")
        XCTAssertEqual(entries.last?.line, 2_500)

        // The roster asks for the activities of each batch of rows' RPPS numbers, not of every practitioner.
        let activities = try RPPSExtract(.text([F.rppsHeader, F.rppsLine(rpps: F.gpLille, commune: "59350"),
                                                F.rppsLine(rpps: F.gpParis, commune: "75056")].joined(separator: "\n"), name: "ps.txt"),
                                         communes: lookup).activities
        let roster = ["rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le"]
            + (1...1_200).map { "\($0 % 2 == 0 ? F.gpLille : F.gpParis);oui;\($0);non;;;2026-01-01" }
        var asked: [[String]] = []
        var written: [VolunteerRoster.Entry] = []
        let rosterReport = try VolunteerRoster.read(.text(roster.joined(separator: "\n"), name: "roster.csv"), activities: { numbers in
            asked.append(numbers)
            return activities.filter { numbers.contains($0.rpps) }
        }, communes: F.layer) { written += $0 }
        XCTAssertEqual(asked.count, 3, "one lookup per 500 roster rows")
        XCTAssertTrue(asked.allSatisfy { Set($0) == [F.gpLille, F.gpParis] && $0.count == 2 })
        XCTAssertEqual(rosterReport.counts.imported, 2)
        XCTAssertEqual(rosterReport.counts.superseded, 1_198)
        XCTAssertEqual(written.count, 1_200, "each more recent entry (a later line on a tie) is sent again, to replace the earlier one")
        XCTAssertEqual(written.suffix(2).map(\.line), [1_200, 1_201])
    }
}
