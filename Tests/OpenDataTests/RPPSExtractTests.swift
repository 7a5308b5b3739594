import GeometryKit
import OpenData
import Territory
import XCTest

final class RPPSExtractTests: XCTestCase {
    private typealias F = PractitionerFixtures

    private func extract(_ lines: [String], formerCodes: [String: String] = [:]) throws -> RPPSExtract {
        try RPPSExtract(text: ([F.rppsHeader] + lines).joined(separator: "\n") + "\n", file: "ps.txt",
                        communes: F.layer, formerCodes: formerCodes)
    }

    func testActivitiesArePlacedAtTheirCommunePoint() throws {
        let result = try extract([F.rppsLine(rpps: F.gpLille, commune: "59350"),
                                  F.rppsLine(rpps: F.gpLille, mode: "S", commune: "59351"),
                                  F.rppsLine(rpps: F.nurse, profession: "60", professionLabel: "Infirmier", savoirFaire: "", commune: "59350")])
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.counts.imported, 3)
        XCTAssertEqual(result.counts.practitioners, 2)
        XCTAssertEqual(result.counts.generalPractitionerActivities, 2)
        let first = result.activities[0]
        XCTAssertEqual(first.rpps, F.gpLille)
        XCTAssertEqual(first.communeCode, "59350")
        XCTAssertEqual(first.departementCode, "59")
        XCTAssertEqual(first.position, F.layer.commune("59350")?.representativePoint)
        XCTAssertEqual(first.precision, .commune)
        XCTAssertEqual(first.modeLabel, "Libéral, indépendant, artisan, commerçant")
        XCTAssertTrue(first.isGeneralPractitioner)
        XCTAssertEqual(result.activities.map(\.communeCode), ["59350", "59351", "59350"], "every site is kept")
        XCTAssertFalse(result.activities[2].isGeneralPractitioner)
    }

    func testEveryRejectionHasItsLineAndReason() throws {
        let result = try extract([
            F.rppsLine(rpps: F.gpLille, commune: "59350"),                                  // line 2: fine
            F.rppsLine(rpps: "10000000008", commune: "59350"),                              // 3: wrong key
            F.rppsLine(rpps: "1000000000", commune: "59350"),                               // 4: 10 digits
            F.rppsLine(type: "0", rpps: "591012345", commune: "59350"),                     // 5: ADELI
            F.rppsLine(rpps: F.gpParis, commune: ""),                                        // 6: no commune
            F.rppsLine(rpps: F.gpParis, commune: "62999"),                                   // 7: unknown commune
            "8|\(F.gpParis)|8\(F.gpParis)|too|short|",                                       // 8: field count
            F.rppsLine(rpps: F.gpParis, commune: "75112"),                                   // 9: arrondissement → Paris
            F.rppsLine(rpps: F.gpParis, commune: "59999"),                                   // 10: former code → 59350
        ], formerCodes: ["59999": "59350"])
        XCTAssertEqual(result.counts.rowsRead, 9)
        XCTAssertEqual(result.counts.imported, 3)
        XCTAssertEqual(result.counts.rejected, 6)
        XCTAssertEqual(result.counts.rowsRead, result.counts.imported + result.counts.rejected)
        XCTAssertEqual(result.counts.invalidRPPS, 3)
        XCTAssertEqual(result.counts.withoutCommune, 1)
        XCTAssertEqual(result.counts.unknownCommune, 1)
        XCTAssertEqual(result.counts.wrongFieldCount, 1)
        XCTAssertEqual(result.counts.communeCodesTranslated, 2)
        XCTAssertEqual(result.activities.map(\.communeCode), ["59350", "75056", "59350"])
        XCTAssertEqual(result.issues.map(\.line), [3, 4, 5, 6, 7, 8])
        XCTAssertEqual(result.issues.map(\.file), Array(repeating: "ps.txt", count: 6))
        let reasons = result.issues.map(\.reason)
        XCTAssertTrue(reasons[0].contains("Luhn"), reasons[0])
        XCTAssertTrue(reasons[1].contains("pas 11 chiffres"), reasons[1])
        XCTAssertTrue(reasons[2].contains("ADELI"), reasons[2])
        XCTAssertTrue(reasons[3].contains("aucun code commune"), reasons[3])
        XCTAssertTrue(reasons[4].contains("62999"), reasons[4])
        XCTAssertTrue(reasons[5].contains("5 champs, l'en-tête en a 56"), reasons[5])
    }

    func testAHeaderWithAnotherColumnCountIsReportedAndMissingColumnsRefused() throws {
        let shorter = F.rppsHeader.replacingOccurrences(of: "|Libellé genre activité|", with: "|")
        let line = F.rppsLine(rpps: F.gpLille, commune: "59350").split(separator: "|", omittingEmptySubsequences: false).dropLast(2)
            .joined(separator: "|") + "|"
        let result = try RPPSExtract(text: shorter + "\n" + line + "\n", file: "ps.txt", communes: F.layer)
        XCTAssertEqual(result.counts.imported, 1, "columns are found by name")
        XCTAssertEqual(result.issues.map(\.line), [1])
        XCTAssertTrue(result.issues[0].reason.contains("55 colonnes"), result.issues[0].reason)

        let withoutCommune = F.rppsHeader.replacingOccurrences(of: "Code commune (coord. structure)", with: "Commune")
        XCTAssertThrowsError(try RPPSExtract(text: withoutCommune + "\n", file: "ps.txt", communes: F.layer)) { error in
            XCTAssertTrue("\(error)".contains("Code commune (coord. structure)"), "\(error)")
        }
    }
}
