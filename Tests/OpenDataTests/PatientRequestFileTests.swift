import GeometryKit
import OpenData
import Territory
import XCTest

final class PatientRequestFileTests: XCTestCase {
    private typealias F = PractitionerFixtures
    private let header = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"

    private func file(_ rows: [String]) throws -> PatientRequestFile {
        try PatientRequestFile(text: ([header] + rows).joined(separator: "\n") + "\n", file: "patients.csv", communes: F.layer)
    }

    func testRequestsWithAndWithoutCoordinates() throws {
        let result = try file(["P1;59350;50.628;3.063;ALD;oui;2026-01-05", "P2;59350;;;plus-de-70-ans;non;2026-02-29"])
        XCTAssertEqual(result.issues.map(\.description), ["patients.csv:3: P2 : inscrit_le '2026-02-29' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA"])
        let second = try file(["P1;59350;50.628;3.063;ALD;oui;2026-01-05", "P2;59350;;;plus-de-70-ans;non;2028-02-29"])
        XCTAssertEqual(second.issues, [])
        XCTAssertEqual(second.requests.map(\.priority), [.ald, .over70])
        XCTAssertEqual(second.requests[0].position, Coordinate(longitude: 3.063, latitude: 50.628))
        XCTAssertEqual(second.requests[0].precision, .address)
        XCTAssertTrue(second.requests[0].needsHomeVisit)
        XCTAssertEqual(second.requests[1].position, F.layer.commune("59350")?.representativePoint)
        XCTAssertEqual(second.requests[1].precision, .commune)
        XCTAssertEqual(second.requests[1].registeredOn, "2028-02-29")
        XCTAssertEqual(second.counts.atCommunePoint, 1)
    }

    /// As a French office's spreadsheet writes them: Windows-1252, `JJ/MM/AAAA`, decimal comma.
    func testExcelWaitingListReadsAsTheISOOne() throws {
        let text = header + "\r\nDEMANDE-\u{C9}-1;59350;50,628;3,063;ALD;oui;03/11/2026\r\nP2;59350;;;aucune;non;29/02/2028\r\n"
            + "P3;59350;;;aucune;non;31/04/2026\r\nP4;59350;;;aucune;non;3/11/2026\r\n"
        let bytes = text.unicodeScalars.map { UInt8($0.value) }   // every scalar < 256: the Windows-1252 bytes
        let decoded = TextDecoding.decode(bytes)
        XCTAssertEqual(decoded.encoding, .windows1252)
        let result = try PatientRequestFile(text: decoded.text, file: "attente.csv", communes: F.layer)
        XCTAssertEqual(result.requests.map(\.reference), ["DEMANDE-É-1", "P2"])
        XCTAssertEqual(result.requests.map(\.registeredOn), ["2026-11-03", "2028-02-29"])
        XCTAssertEqual(result.requests[0].position, Coordinate(longitude: 3.063, latitude: 50.628))
        XCTAssertEqual(result.issues.map(\.description), [
            "attente.csv:4: P3 : inscrit_le '31/04/2026' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA",
            "attente.csv:5: P4 : inscrit_le '3/11/2026' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA"])
        XCTAssertEqual(CalendarDate.iso("07/12/2026"), "2026-12-07")
        XCTAssertNil(CalendarDate.iso("2026/12/07"))
    }

    func testEveryProblemIsReportedWithItsLine() throws {
        let result = try file([
            "P1;59350;50.628;3.063;aucune;non;2026-01-05",     // line 2: fine
            "P1;59350;50.628;3.063;C2S;non;2026-01-05",        // 3: duplicate reference
            "P3;62999;;;C2S;non;2026-01-05",                   // 4: unknown commune
            "P4;59350;;;urgent;non;2026-01-05",                // 5: unknown priority
            "P5;59350;;;c2s;peut-être;2026-01-05",             // 6: not oui/non
            "P6;59350;50,628;;C2S;non;2026-01-05",             // 7: one coordinate only → commune point
            "P7;59350;50.628;200;C2S;non;2026-01-05",          // 8: out of range → commune point
            "P8;59350;50.628;3.103;C2S;non;2026-01-05",        // 9: in 59351, kept
            "P9;59350;10;10;C2S;non;2026-01-05",               // 10: in no commune → commune point
            ";59350;;;C2S;non;2026-01-05",                     // 11: no reference
            "P11;59350;;;C2S;non",                             // 12: field count
        ])
        XCTAssertEqual(result.counts.rowsRead, 11)
        XCTAssertEqual(result.counts.imported, 5)
        XCTAssertEqual(result.counts.rejected, 6)
        XCTAssertEqual(result.counts.duplicateReference, 1)
        XCTAssertEqual(result.counts.unknownCommune, 1)
        XCTAssertEqual(result.counts.unknownPriority, 1)
        XCTAssertEqual(result.counts.invalidField, 1)
        XCTAssertEqual(result.counts.missingReference, 1)
        XCTAssertEqual(result.counts.wrongFieldCount, 1)
        XCTAssertEqual(result.counts.coordinatesReplaced, 3)
        XCTAssertEqual(result.counts.positionOutsideCommune, 1)
        XCTAssertEqual(result.requests.map(\.reference), ["P1", "P6", "P7", "P8", "P9"])
        XCTAssertEqual(result.requests.map(\.precision), [.address, .commune, .commune, .address, .commune])
        XCTAssertEqual(result.requests.first { $0.reference == "P8" }?.communeCode, "59350", "the declared commune is kept")
        XCTAssertEqual(result.issues.map(\.line), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        let reason = { (line: Int) in result.issues.first { $0.line == line }?.reason ?? "" }
        XCTAssertTrue(reason(3).contains("déjà employée ligne 2"), reason(3))
        XCTAssertTrue(reason(4).contains("62999"), reason(4))
        XCTAssertTrue(reason(5).contains("'urgent'"), reason(5))
        XCTAssertTrue(reason(7).contains("l'une est vide"), reason(7))
        XCTAssertTrue(reason(8).contains("hors limites"), reason(8))
        XCTAssertTrue(reason(9).contains("tombent dans la commune 59351"), reason(9))
        XCTAssertTrue(reason(10).contains("aucune commune"), reason(10))
    }

    func testMissingColumnIsRefused() {
        XCTAssertThrowsError(try PatientRequestFile(text: "reference;code_commune\nP1;59350\n", file: "patients.csv", communes: F.layer)) { error in
            XCTAssertTrue("\(error)".contains("priorite"), "\(error)")
        }
    }
}
