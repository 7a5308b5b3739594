import GeometryKit
import OpenData
import Territory
import XCTest

final class FINESSExtractTests: XCTestCase {
    /// A `structureet` row in the etalab layout (32 fields).
    private func structure(_ finess: String, name: String = "PHARMACIE DU CENTRE", commune: String, departement: String,
                           category: String = "620", label: String? = nil) -> String {
        var fields = Array(repeating: "", count: 32)
        fields[0] = "structureet"; fields[1] = finess; fields[2] = "590000055"; fields[3] = name
        fields[12] = commune; fields[13] = departement; fields[15] = "00000 \(name)"
        fields[18] = category; fields[19] = label ?? (category == "620" ? "Pharmacie d'Officine" : "Autre")
        fields[28] = "1990-01-01"; fields[29] = "1990-01-01"; fields[30] = "2025-06-30"
        return fields.joined(separator: ";")
    }

    private func geolocation(_ finess: String, _ x: String, _ y: String, _ source: String) -> String {
        "geolocalisation;\(finess);\(x);\(y);\(source);2026-05-04"
    }

    private func extract(_ lines: [String], file: String = "finess.csv") throws -> FINESSExtract {
        try FINESSExtract(text: (["finess;etalab;98;2026-05-12"] + lines).joined(separator: "\n") + "\n", file: file,
                          communes: PractitionerFixtures.layer)
    }

    func testOverseasCRSLandInTheirCommunes() throws {
        let cases: [(finess: String, dep: String, commune: String, x: String, y: String, source: String, code: String, expected: Coordinate)] = [
            ("970100012", "9A", "120", "657242.9", "1795384.4", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N20", "97120", PractitionerFixtures.guadeloupe),
            ("970300018", "9C", "302", "353672.8", "544349.1", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N22", "97302", PractitionerFixtures.guyane),
            ("970400016", "9D", "407", "323086.6", "7679599.8", "1,ATLASANTE,100,BAN,EPSG:2975 RGR92 / UTM zone 40S", "97407", PractitionerFixtures.reunion),
            ("980500011", "9F", "611", "524819.9", "8587194.7", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_S38", "97611", PractitionerFixtures.mayotte),
            ("010000016", "01", "053", "870262.2", "6571540.8", "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93", "01053", PractitionerFixtures.bourg),
        ]
        let result = try extract(cases.map { structure($0.finess, commune: $0.commune, departement: $0.dep) }
                                 + cases.map { geolocation($0.finess, $0.x, $0.y, $0.source) })
        XCTAssertEqual(result.issues, [])
        XCTAssertEqual(result.counts.imported, 5)
        for expected in cases {
            let pharmacy = try XCTUnwrap(result.pharmacies.first { $0.finess == expected.finess })
            XCTAssertEqual(pharmacy.communeCode, expected.code)
            XCTAssertEqual(pharmacy.precision, .address)
            XCTAssertEqual(pharmacy.position.longitude, expected.expected.longitude, accuracy: 5e-6, expected.code)
            XCTAssertEqual(pharmacy.position.latitude, expected.expected.latitude, accuracy: 5e-6, expected.code)
            let commune = try XCTUnwrap(PractitionerFixtures.layer.commune(expected.code))
            XCTAssertTrue(try XCTUnwrap(commune.geometry).covers(Geometry(point: pharmacy.position)), expected.code)
            XCTAssertEqual(PractitionerFixtures.layer.communeContaining(pharmacy.position)?.code, expected.code)
        }
        XCTAssertEqual(Set(result.pharmacies.compactMap(\.sourceCRS)), ["EPSG:5490", "EPSG:2972", "EPSG:2975", "EPSG:4471", "EPSG:2154"])
    }

    func testCRSNamesOfTheSourceField() {
        XCTAssertEqual(FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93"), "EPSG:2154")
        XCTAssertEqual(FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)"), "EPSG:2154")
        XCTAssertEqual(FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N21"), "EPSG:4467")
        XCTAssertEqual(FINESSCoordinateSystem.crs(fromSource: "epsg:5490"), "EPSG:5490")
        XCTAssertNil(FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,BAN"))
        XCTAssertNil(FINESSCoordinateSystem.crs(fromSource: ""))
    }

    /// UTM_N20 is read as RGAF09 (EPSG:5490, the Antilles' CRS); RRAF 1991 and WGS 84 / UTM 20N give the
    /// same point with PROJ (no datum shift between them), so the choice cannot move an officine.
    func testAntillesCRSAreEquivalent() throws {
        let point = Coordinate(x: 657242.9, y: 1795384.4)
        let rgaf09 = try CoordinateTransform(from: "EPSG:5490", to: "EPSG:4326").transform(point)
        for other in ["EPSG:4559", "EPSG:32620"] {
            let transformed = try CoordinateTransform(from: other, to: "EPSG:4326").transform(point)
            XCTAssertEqual(Geodesic.distance(rgaf09, transformed), 0, accuracy: 0.01, other)
        }
    }

    func testFINESSDepartementsAndCommuneCodes() {
        XCTAssertEqual(FINESSGeography.communeCode(departement: "9A", commune: "105"), "97105")
        XCTAssertEqual(FINESSGeography.communeCode(departement: "9F", commune: "606"), "97606")
        XCTAssertEqual(FINESSGeography.communeCode(departement: "2A", commune: "004"), "2A004")
        XCTAssertEqual(FINESSGeography.communeCode(departement: "1", commune: "53"), "01053", "zeros a spreadsheet dropped")
        XCTAssertNil(FINESSGeography.communeCode(departement: "9A", commune: "205"), "a Guadeloupe commune field starts with 1")
        XCTAssertNil(FINESSGeography.communeCode(departement: "59", commune: ""))
        XCTAssertEqual(FINESSGeography.inseeDepartement("9E"), "975")
    }

    func testLatin1AndUTF8GiveTheSameNames() throws {
        let text = ["finess;etalab;98;2026-05-12", structure("590000014", name: "PHARMACIE DE L'ÉGLISE", commune: "350", departement: "59"),
                    geolocation("590000014", "704000.0", "7059000.0", "1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)")]
            .joined(separator: "\n") + "\n"
        let utf8 = try PractitionerFixtures.temporaryFile("utf8.csv", bytes: Array(text.utf8))
        let latin1Bytes = text.unicodeScalars.map { UInt8($0.value) }   // every character of the snippet is below U+0100
        XCTAssertTrue(latin1Bytes.contains(0xC9), "É is one byte in Latin-1")
        let latin1 = try PractitionerFixtures.temporaryFile("latin1.csv", bytes: latin1Bytes)
        let fromUTF8 = try FINESSExtract(path: utf8, communes: PractitionerFixtures.layer)
        let fromLatin1 = try FINESSExtract(path: latin1, communes: PractitionerFixtures.layer)
        XCTAssertEqual(fromUTF8.encoding, .utf8)
        XCTAssertEqual(fromLatin1.encoding, .windows1252)
        XCTAssertEqual(fromUTF8.pharmacies.map(\.name), ["PHARMACIE DE L'ÉGLISE"])
        XCTAssertEqual(fromLatin1.pharmacies.map(\.name), ["PHARMACIE DE L'ÉGLISE"])
        XCTAssertEqual(fromUTF8.pharmacies, fromLatin1.pharmacies)
    }

    func testRejectionsFallbacksAndLineNumbers() throws {
        let lambert = "1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)"
        let result = try extract([
            structure("590000014", commune: "350", departement: "59"),                      // line 2: fine, no geolocalisation → commune point
            structure("590000015", commune: "350", departement: "59"),                      // 3: wrong key
            structure("590000022", commune: "999", departement: "59"),                      // 4: unknown commune, no coordinates
            structure("590000030", commune: "350", departement: "59", category: "355"),     // 5: a hospital, kept apart
            "structureet;590000048;too;short",                                               // 6: malformed
            structure("590000055", commune: "350", departement: "59"),                      // 7: x is not a number → commune point
            structure("590000063", commune: "350", departement: "59"),                      // 8: unknown CRS → commune point
            structure("590000071", commune: "999", departement: "59"),                      // 9: unknown commune, placed by coordinates
            structure("590000014", commune: "350", departement: "59"),                      // 10: duplicate
            "autre;x",                                                                       // 11: unknown record
            geolocation("590000055", "abc", "7059000", lambert),                            // 12
            geolocation("590000063", "704000", "7059000", "1,ATLASANTE,100,BAN"),            // 13
            geolocation("590000071", "704000", "7059000", lambert),                          // 14: in 59350 by its coordinates
            geolocation("970100012", "1", "2", lambert),                                     // 15: no such establishment
        ])
        XCTAssertEqual(result.counts.rowsRead, 9)
        XCTAssertEqual(result.counts.officines, 7)
        XCTAssertEqual(result.counts.otherCategories, 0)
        XCTAssertEqual(result.counts.facilities, 1)
        XCTAssertEqual(result.facilities.map(\.finess), ["590000030"])
        XCTAssertEqual(result.counts.wrongFieldCount, 1)
        XCTAssertEqual(result.counts.imported, 4)
        XCTAssertEqual(result.counts.rejected, 4)
        XCTAssertEqual(result.counts.officines + result.counts.wrongFieldCount, result.counts.imported + result.counts.rejected)
        XCTAssertEqual(result.counts.invalidFINESS, 1)
        XCTAssertEqual(result.counts.unknownCommune, 1)
        XCTAssertEqual(result.counts.duplicateFINESS, 1)
        XCTAssertEqual(result.counts.withoutCoordinates, 3)
        XCTAssertEqual(result.counts.placedByCoordinates, 1)
        XCTAssertEqual(result.counts.unknownRows, 1)
        XCTAssertEqual(result.pharmacies.map(\.finess), ["590000014", "590000055", "590000063", "590000071"])
        XCTAssertEqual(result.pharmacies.map(\.precision), [.commune, .commune, .commune, .address])
        XCTAssertEqual(result.pharmacies[0].position, PractitionerFixtures.layer.commune("59350")?.representativePoint)
        XCTAssertEqual(result.pharmacies[3].communeCode, "59350")
        XCTAssertEqual(result.issues.map(\.line), [3, 4, 6, 9, 10, 11, 12, 13, 15])
        XCTAssertTrue(result.issues.allSatisfy { $0.file == "finess.csv" })
        let reason = { (line: Int) in result.issues.first { $0.line == line }?.reason ?? "" }
        XCTAssertTrue(reason(3).contains("Luhn"), reason(3))
        XCTAssertTrue(reason(4).contains("59999"), reason(4))
        XCTAssertTrue(reason(6).contains("4 champs"), reason(6))
        XCTAssertTrue(reason(9).contains("placé dans 59350"), reason(9))
        XCTAssertTrue(reason(10).contains("déjà lu ligne 2"), reason(10))
        XCTAssertTrue(reason(12).contains("ne sont pas des nombres"), reason(12))
        XCTAssertTrue(reason(13).contains("aucun système de coordonnées connu"), reason(13))
        XCTAssertTrue(reason(15).contains("pas de ligne structureet"), reason(15))
    }

    /// Hospitals, centres and maisons de santé, EHPAD are kept apart from the officines, placed as they are; their
    /// rejections are reported with their line, and the officines' counts are the officines' alone.
    func testFacilitiesOfTheDiagnosticCategoriesAreKeptApart() throws {
        let lambert = "1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)"
        let result = try extract([
            structure("590000014", commune: "350", departement: "59"),                                                       // 2: officine
            structure("590000022", name: "MSP DU CENTRE", commune: "350", departement: "59", category: "603",
                      label: "Maison de santé (L.6223-3)"),                                                                   // 3: MSP, located
            structure("590000030", name: "EHPAD LES TILLEULS", commune: "350", departement: "59", category: "500",
                      label: "Etablissement d'hébergement pour personnes âgées dépendantes"),                                  // 4: EHPAD, commune point
            structure("590000031", name: "CENTRE DE SANTE", commune: "350", departement: "59", category: "124"),           // 5: wrong key
            structure("590000048", name: "FOYER", commune: "350", departement: "59", category: "252"),                     // 6: skipped
            structure("590000022", name: "MSP DU CENTRE", commune: "350", departement: "59", category: "603"),              // 7: duplicate
            geolocation("590000022", "704000", "7059000", lambert),                                                          // 8
        ])
        XCTAssertEqual(result.counts.rowsRead, 6)
        XCTAssertEqual([result.counts.officines, result.counts.imported, result.counts.rejected], [1, 1, 0])
        XCTAssertEqual([result.counts.facilities, result.counts.facilitiesImported, result.counts.otherCategories], [4, 2, 1])
        XCTAssertEqual(result.facilities.map(\.finess), ["590000022", "590000030"])
        XCTAssertEqual(result.facilities.map(\.kind), [.maisonDeSante, .ehpad])
        XCTAssertEqual(result.facilities.map(\.categoryLabel), ["Maison de santé (L.6223-3)", "Etablissement d'hébergement pour personnes âgées dépendantes"])
        XCTAssertEqual(result.facilities.map(\.precision), [.address, .commune])
        XCTAssertEqual(result.facilities.map(\.communeCode), ["59350", "59350"])
        XCTAssertEqual(result.facilities[1].position, PractitionerFixtures.layer.commune("59350")?.representativePoint)
        XCTAssertEqual(result.issues.map(\.line), [5, 7])
        XCTAssertTrue(result.issues[0].reason.contains("Luhn"), result.issues[0].reason)
        XCTAssertTrue(result.issues[1].reason.contains("déjà lu ligne 3"), result.issues[1].reason)
    }

    func testPositionOutsideItsCommuneIsKeptAndReported() throws {
        // Bourg-en-Bresse's control point, filed under the neighbouring square commune 01054.
        let result = try extract([structure("010000016", commune: "054", departement: "01"),
                                  geolocation("010000016", "870262.2", "6571540.8", "LAMBERT_93")])
        XCTAssertEqual(result.counts.outsideCommune, 1)
        XCTAssertEqual(result.pharmacies.first?.communeCode, "01054")
        XCTAssertEqual(result.pharmacies.first?.precision, .address)
        XCTAssertEqual(result.issues.map(\.line), [3])
        XCTAssertTrue(result.issues[0].reason.contains("hors de sa commune 01054"), result.issues[0].reason)
    }

    func testAFileThatIsNotAFINESSExtractIsRefused() {
        XCTAssertThrowsError(try FINESSExtract(text: "rpps;nom\n1;2\n", file: "other.csv", communes: PractitionerFixtures.layer)) { error in
            XCTAssertTrue("\(error)".contains("other.csv:1"), "\(error)")
        }
    }
}
