import Foundation
import XCTest
@testable import OpenData
import Territory

final class CPTSPerimeterFileTests: XCTestCase {
    func testRowsAreCheckedAndFormerCodesTranslated() throws {
        let text = """
            cpts_id;cpts_nom;statut;code_commune;nom_commune
            C1;CPTS Un;aci-signe;59350;Lille
            C1;CPTS Un;aci-signe;59350;Lille
            C1;CPTS Un;aci-signe;25134;Ancienne commune
            C2;CPTS Deux;signee;59009;Villeneuve
            C2;CPTS Deux;pre-projet;99999;Nulle part
            C2;CPTS Deux;pre-projet;59009;Villeneuve
            C2;CPTS Autre;aci-signe;59017;Armentières
            """
        let path = NSTemporaryDirectory() + "cpts-\(UUID().uuidString).csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try CPTSPerimeterFile(path: path, isCurrentCommune: { ["59350", "59009", "59017", "25185"].contains($0) },
                                         formerCodes: ["25134": "25185"])
        XCTAssertEqual(file.perimeters, [CPTSPerimeter(id: "C1", name: "CPTS Un", status: .aciSigne, communeCodes: ["25185", "59350"]),
                                         CPTSPerimeter(id: "C2", name: "CPTS Deux", status: .preProjet, communeCodes: ["59009"])])
        XCTAssertEqual(file.issues.map(\.line), [3, 5, 6, 8])
        XCTAssertTrue(file.issues[0].reason.contains("doublon"))
        XCTAssertTrue(file.issues[1].reason.contains("statut 'signee' inconnu"))
        XCTAssertTrue(file.issues[2].reason.contains("code commune '99999' inconnu"))
        XCTAssertTrue(file.issues[3].reason.contains("depuis la ligne 7"))
        XCTAssertEqual(file.translations.map(\.line), [4])
        XCTAssertEqual(file.translatedCodes, ["25134": "25185"])
        XCTAssertEqual(file.unknownCodes, ["99999"])
        XCTAssertEqual(file.rowsRead, 7)
        XCTAssertTrue(file.issues[1].description.hasPrefix(path + ":5: "))
    }
}
