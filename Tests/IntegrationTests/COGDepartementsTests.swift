import Foundation
import XCTest
@testable import OpenData

/// The COG départements file: every département's name by code, from the published file and on bad rows.
final class COGDepartementsTests: XCTestCase {
    func testThePublishedFileNamesEveryDepartement() throws {
        let departements = try COGDepartements(path: DataFolder.path("cog/departements-2026.csv.gz"))
        XCTAssertEqual(departements.issues.count, 0)
        XCTAssertEqual(departements.names.count, 101, "96 of the Métropole, 5 overseas")
        XCTAssertEqual(departements.names["59"], "Nord")
        XCTAssertEqual(departements.names["2A"], "Corse-du-Sud")
        XCTAssertEqual(departements.names["22"], "Côtes-d'Armor")
        XCTAssertEqual(departements.names["976"], "Mayotte")
    }

    func testBadRowsAreReportedWithTheirLine() throws {
        let path = NSTemporaryDirectory() + "departements-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE\n59,32,59350,2,NORD,Nord,Nord\n5,93,05061,3,HAUTES ALPES,Hautes-Alpes,Hautes-Alpes\n62,32,62041,2,PAS DE CALAIS,Pas-de-Calais,\n59,32,59350,2,NORD,Nord,Nord\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let departements = try COGDepartements(path: path)
        XCTAssertEqual(departements.names, ["59": "Nord"])
        XCTAssertEqual(departements.issues.map(\.line), [3, 4, 5])
        XCTAssertEqual(departements.issues.map(\.reason), ["le code département '5' n'a pas 2 ou 3 caractères", "le département 62 n'a pas de LIBELLE",
                                                           "le département 59 figure deux fois"])
        XCTAssertThrowsError(try COGDepartements(path: path + ".absent"))
    }
}
