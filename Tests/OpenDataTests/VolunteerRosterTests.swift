import GeometryKit
import OpenData
import Territory
import XCTest

final class VolunteerRosterTests: XCTestCase {
    private typealias F = PractitionerFixtures
    private let header = "rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le"

    private func activities() throws -> [PractitionerActivity] {
        let lines = [F.rppsHeader, F.rppsLine(rpps: F.gpLille, mode: "S", commune: "59351"), F.rppsLine(rpps: F.gpLille, commune: "59350"),
                     F.rppsLine(rpps: F.gpParis, commune: "75056"),
                     F.rppsLine(rpps: F.nurse, profession: "60", professionLabel: "Infirmier", savoirFaire: "", commune: "59350")]
        return try RPPSExtract(text: lines.joined(separator: "\n"), file: "ps.txt", communes: F.layer).activities
    }

    private func roster(_ rows: [String]) throws -> VolunteerRoster {
        try VolunteerRoster(text: ([header] + rows).joined(separator: "\r\n") + "\r\n", file: "roster.csv",
                            activities: activities(), communes: F.layer)
    }

    func testCoordinatesOrTheCommunePointOfTheMainSite() throws {
        let result = try roster(["\(F.gpLille);oui;7;non;50.628;3.063;2026-08-17", "\(F.gpParis);NON;0;Oui;;;2026-07-01"])
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.counts.imported, 2)
        XCTAssertEqual(result.counts.atCommunePoint, 1)
        let lille = result.volunteers[0]
        XCTAssertEqual(lille.position, Coordinate(longitude: 3.063, latitude: 50.628))
        XCTAssertEqual(lille.precision, .address)
        XCTAssertEqual(lille.communeCode, "59350")
        XCTAssertTrue(lille.acceptsNewPatients && !lille.homeVisits && lille.placesRemaining == 7 && lille.isAvailable)
        XCTAssertEqual(lille.updatedOn, "2026-08-17")
        let paris = result.volunteers[1]
        XCTAssertEqual(paris.precision, .commune)
        XCTAssertEqual(paris.position, F.layer.commune("75056")?.representativePoint)
        XCTAssertFalse(paris.acceptsNewPatients)
        XCTAssertTrue(paris.homeVisits)
    }

    func testWithoutCoordinatesTheLiberalGPSiteIsUsed() throws {
        let result = try roster(["\(F.gpLille);oui;3;oui;;;2026-08-17"])
        XCTAssertEqual(result.volunteers.first?.communeCode, "59350", "the libéral site, not the salaried one listed first")
        XCTAssertEqual(result.volunteers.first?.position, F.layer.commune("59350")?.representativePoint)
    }

    func testRejectionsAndReplacedCoordinatesAreReportedWithTheirLine() throws {
        let result = try roster([
            "\(F.gpLille);oui;7;non;50.628;3.063;2026-01-10",     // line 2: superseded by line 9
            "10000000008;oui;1;non;;;2026-08-17",                 // 3: wrong key
            "10388744723;oui;1;non;;;2026-08-17",                 // 4: not in the activities
            "\(F.nurse);oui;1;non;;;2026-08-17",                  // 5: not a GP
            "\(F.gpParis);peut-être;1;non;;;2026-08-17",          // 6: not oui/non
            "\(F.gpParis);oui;-1;non;;;2026-08-17",               // 7: not a count
            "\(F.gpParis);oui;1;non;;;2026/08/17",                // 8: neither AAAA-MM-JJ nor JJ/MM/AAAA
            "\(F.gpLille);oui;5;non;abc;3.063;2026-09-01",        // 9: coordinates not numbers → commune point
            "\(F.gpParis);oui;2;non;3.063;50.628;2026-08-17",     // 10: swapped: in no commune → commune point
            "\(F.gpParis);oui;2;non;;",                           // 11: field count
        ])
        XCTAssertEqual(result.counts.rowsRead, 10)
        XCTAssertEqual(result.counts.imported, 2)
        XCTAssertEqual(result.counts.rejected, 8)
        XCTAssertEqual(result.counts.invalidRPPS, 1)
        XCTAssertEqual(result.counts.unknownRPPS, 1)
        XCTAssertEqual(result.counts.notGeneralPractitioner, 1)
        XCTAssertEqual(result.counts.invalidField, 3)
        XCTAssertEqual(result.counts.superseded, 1)
        XCTAssertEqual(result.counts.wrongFieldCount, 1)
        XCTAssertEqual(result.counts.coordinatesReplaced, 2)
        XCTAssertEqual(result.counts.atCommunePoint, 0)
        XCTAssertEqual(result.volunteers.map(\.rpps), [F.gpLille, F.gpParis])
        XCTAssertEqual(result.volunteers.map(\.placesRemaining), [5, 2], "the most recent entry of an RPPS listed twice")
        XCTAssertEqual(result.volunteers.map(\.precision), [.commune, .commune])
        XCTAssertEqual(result.issues.map(\.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        let reason = { (line: Int) in result.issues.first { $0.line == line }?.reason ?? "" }
        XCTAssertTrue(reason(2).contains("de nouveau ligne 9"), reason(2))
        XCTAssertTrue(reason(4).contains("aucune activité localisée"), reason(4))
        XCTAssertTrue(reason(5).contains("pas médecin généraliste"), reason(5))
        XCTAssertTrue(reason(9).contains("n'est pas un nombre"), reason(9))
        XCTAssertTrue(reason(10).contains("aucune commune"), reason(10))
    }

    func testCoordinatesAwayFromEverySiteAreKeptAndReported() throws {
        // gpParis practises in 75056 only; the roster puts them in Lille.
        let result = try roster(["\(F.gpParis);oui;4;non;50.628;3.063;2026-08-17"])
        XCTAssertEqual(result.counts.imported, 1)
        XCTAssertEqual(result.counts.awayFromPractice, 1)
        XCTAssertEqual(result.volunteers.first?.communeCode, "59350")
        XCTAssertEqual(result.volunteers.first?.precision, .address)
        XCTAssertEqual(result.issues.map(\.line), [2])
        XCTAssertTrue(result.issues[0].reason.contains("où le médecin n'a aucun site"), result.issues[0].reason)
    }

    func testOutOfRangeCoordinatesAreReplaced() throws {
        let result = try roster(["\(F.gpLille);oui;7;non;95.0;3.06;2026-08-17"])
        XCTAssertEqual(result.counts.coordinatesReplaced, 1)
        XCTAssertTrue(result.issues.first?.reason.contains("hors limites") == true, "\(result.issues)")
    }

    /// What an async store is asked between reading the rows and joining them: the well-formed RPPS numbers of rows with
    /// every field, each once, in file order; the rows joined to their activities are the roster read against all of them.
    func testTheRPPSNumbersAskedOfAStoreAreTheRowsOnes() throws {
        let rows = ["\(F.gpParis);oui;1;non;;;2026-08-17", "10000000008;oui;1;non;;;2026-08-17", "\(F.nurse);oui;1;non;;;2026-08-17",
                    "\(F.gpLille);oui;1;non;;", "\(F.gpParis);oui;2;non;;;2026-09-01", "\(F.gpLille);oui;3;non;;;2026-08-17"]
        let source = DelimitedSource.text(([header] + rows).joined(separator: "\n"), name: "roster.csv")
        let read = try VolunteerRoster.rows(source, communes: F.layer)
        XCTAssertEqual(read.rppsNumbers, [F.gpParis, F.nurse, F.gpLille], "the wrong key and the short row are asked for nothing")
        let all = try activities()
        let ofRoster = VolunteerRoster.lookup(all.filter { read.rppsNumbers.contains($0.rpps) })
        XCTAssertEqual(ofRoster([F.gpLille]), all.filter { $0.rpps == F.gpLille }, "a GP's activities, in file order")
        let joined = try VolunteerRoster(read, activities: all.filter { read.rppsNumbers.contains($0.rpps) })
        let expected = try VolunteerRoster(source, activities: all, communes: F.layer)
        XCTAssertEqual(joined.volunteers, expected.volunteers)
        XCTAssertEqual(joined.lines, expected.lines)
        XCTAssertEqual(joined.counts, expected.counts)
        XCTAssertEqual(joined.issues, expected.issues)
        XCTAssertThrowsError(try VolunteerRoster.rows(.text("rpps;places\n1;2", name: "roster.csv"), communes: F.layer),
                             "a header the read refuses is refused here too")
    }
}
