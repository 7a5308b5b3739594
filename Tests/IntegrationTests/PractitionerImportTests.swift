import Foundation
import GeometryKit
import OpenData
import Territory
import XCTest

/// The practitioner, pharmacy, roster and patient files of `sample-hauts-de-france`, imported against
/// the national commune layer (as the command line does), with expected figures derived by plain
/// splitting of the files.
final class PractitionerImportTests: XCTestCase {
    static let sample = "sample-hauts-de-france/"

    static let national: Result<(layer: CommuneLayer, formerCodes: [String: String]), Error> = Result {
        let imported = try DataFolder.nationalImport.get()
        return (CommuneLayer(imported.communes), imported.report.formerCodes)
    }

    static let rpps: Result<RPPSExtract, Error> = Result {
        let layer = try PractitionerImportTests.national.get()
        return try RPPSExtract(path: DataFolder.path(sample + "PS_LibreAcces_Personne_activite.txt.gz"), communes: layer.layer,
                               formerCodes: layer.formerCodes)
    }

    /// The figures of `scenario-summary.json`.
    static func summary(_ key: String) throws -> Int {
        let json = try JSONParser.parse(try DataFolder.bytes(sample + "scenario-summary.json.gz"))
        return Int(try XCTUnwrap(json[key]?.doubleValue, key))
    }

    /// Current COG commune codes, read from the COG file itself.
    static func cogCommunes() throws -> Set<String> {
        Set(try DataFolder.plainRows("cog/communes-2026.csv.gz", separator: ",").filter { $0[0] == "COM" }.map { $0[1] })
    }

    /// Lines of the RPPS extract split on `|` (header first).
    static func practitionerLines() throws -> [[Substring]] {
        let text = String(decoding: try DataFolder.bytes(sample + "PS_LibreAcces_Personne_activite.txt.gz"), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).map { $0.split(separator: "|", omittingEmptySubsequences: false) }
    }

    static func isGeneralPractice(_ row: [Substring]) -> Bool { row[9] == "10" && ["SM54", "SM53", "SM26"].contains(row[15]) }

    func testRPPSExtract() throws {
        let extract = try Self.rpps.get()
        let lines = try Self.practitionerLines()
        let rows = lines.dropFirst()
        let cog = try Self.cogCommunes()
        XCTAssertEqual(lines[0].count, 57, "56 columns and the trailing |")
        let placeable = rows.filter { $0.count == 57 && $0[1].count == 11 && cog.contains(String($0[36])) }
        let generalPractice = rows.filter(Self.isGeneralPractice)

        XCTAssertEqual(rows.count, try Self.summary("practitioners"))
        XCTAssertEqual(rows.count, 27_527)
        XCTAssertEqual(extract.counts.rowsRead, rows.count)
        XCTAssertEqual(extract.counts.imported, placeable.count)
        XCTAssertEqual(extract.counts.imported, 27_527)
        XCTAssertEqual(extract.counts.rejected, rows.count - placeable.count)
        XCTAssertEqual(extract.issues, [])
        XCTAssertEqual(extract.counts.practitioners, Set(rows.map { $0[1] }).count)
        XCTAssertEqual(extract.counts.generalPractitionerActivities, generalPractice.count)
        XCTAssertEqual(extract.activities.filter(\.isGeneralPractitioner).count, generalPractice.count)
        XCTAssertTrue(extract.activities.allSatisfy { DataFolder.hautsDeFrance.contains($0.departementCode) && $0.precision == .commune })
        XCTAssertEqual(extract.activities.map(\.communeCode), rows.map { String($0[36]) }, "every row, in file order")
    }

    func testFINESSExtractAndPharmaciesInsideTheirCommune() throws {
        let national = try Self.national.get()
        let extract = try FINESSExtract(path: DataFolder.path(Self.sample + "etalab-cs1100507-stock.csv.gz"), communes: national.layer,
                                        formerCodes: national.formerCodes)
        let rows = try DataFolder.plainRows(Self.sample + "etalab-cs1100507-stock.csv.gz", separator: ";")   // the first line is dropped
        let structures = rows.filter { $0[0] == "structureet" }
        let officines = structures.filter { $0[18] == "620" }
        let geolocated = Set(rows.filter { $0[0] == "geolocalisation" && !$0[2].isEmpty && !$0[3].isEmpty }.map { $0[1] })

        XCTAssertEqual(officines.count, try Self.summary("pharmacies"))
        XCTAssertEqual(officines.count, 1_718)
        XCTAssertEqual(extract.encoding, .utf8)
        XCTAssertEqual(extract.extractDate, "2026-05-12")
        XCTAssertEqual(extract.counts.rowsRead, structures.count)
        XCTAssertEqual(extract.counts.officines, officines.count)
        XCTAssertEqual(extract.counts.otherCategories, structures.count - officines.count)
        XCTAssertEqual(extract.counts.imported, 1_718)
        XCTAssertEqual(extract.counts.rejected, 0)
        XCTAssertEqual(extract.counts.withoutCoordinates, officines.filter { !geolocated.contains($0[1]) }.count)
        XCTAssertEqual(extract.counts.withoutCoordinates, 0)
        XCTAssertEqual(extract.issues, [])
        XCTAssertEqual(Set(extract.pharmacies.compactMap(\.sourceCRS)), ["EPSG:2154"])
        // Commune = département + 3-digit commune field.
        let expectedCommune = Dictionary(uniqueKeysWithValues: officines.map { ($0[1], $0[13] + $0[12]) })
        XCTAssertTrue(extract.pharmacies.allSatisfy { expectedCommune[$0.finess] == $0.communeCode })
        XCTAssertEqual(extract.pharmacies.map(\.name), officines.map { $0[3] }, "the raison sociale (rs)")

        // Every pharmacy lies in (is covered by) its commune's polygon.
        var outside: [String] = []
        for pharmacy in extract.pharmacies {
            let polygon = try XCTUnwrap(national.layer.commune(pharmacy.communeCode)?.geometry, pharmacy.communeCode)
            if !polygon.covers(Geometry(point: pharmacy.position)) { outside.append("\(pharmacy.finess) \(pharmacy.communeCode)") }
        }
        XCTAssertEqual(outside, [])
        XCTAssertEqual(extract.counts.outsideCommune, outside.count)
    }

    func testVolunteerRoster() throws {
        let national = try Self.national.get()
        let extract = try Self.rpps.get()
        let roster = try VolunteerRoster(path: DataFolder.path(Self.sample + "medecins-volontaires.csv.gz"), activities: extract.activities,
                                         communes: national.layer)
        let rows = try DataFolder.plainRows(Self.sample + "medecins-volontaires.csv.gz", separator: ";")
        let withoutCoordinates = rows.filter { $0[4].isEmpty && $0[5].isEmpty }
        let gps = Set(try Self.practitionerLines().dropFirst().filter(Self.isGeneralPractice).map { String($0[1]) })
        XCTAssertEqual(roster.counts.imported, Set(rows.map { $0[0] }).filter(gps.contains).count)

        XCTAssertEqual(rows.count, try Self.summary("volunteers"))
        XCTAssertEqual(rows.count, 1_185)
        XCTAssertEqual(roster.counts.rowsRead, rows.count)
        XCTAssertEqual(roster.counts.imported, 1_185)
        XCTAssertEqual(roster.counts.rejected, 0)
        XCTAssertEqual(roster.issues, [])
        XCTAssertEqual(roster.counts.atCommunePoint, withoutCoordinates.count)
        XCTAssertEqual(roster.volunteers.filter { $0.precision == .commune }.count, withoutCoordinates.count)
        XCTAssertEqual(roster.volunteers.filter(\.acceptsNewPatients).count, rows.filter { $0[1] == "oui" }.count)
        XCTAssertEqual(roster.volunteers.reduce(0) { $0 + $1.placesRemaining }, rows.reduce(0) { $0 + Int($1[2])! })
        // Where the roster gives coordinates, they lie in the commune of the GP's practice (RPPS extract).
        let practiceCommune = Dictionary(extract.activities.map { ($0.rpps, $0.communeCode) }, uniquingKeysWith: { a, _ in a })
        let elsewhere = roster.volunteers.filter { $0.precision == .address && practiceCommune[$0.rpps] != $0.communeCode }
        XCTAssertEqual(elsewhere.map(\.rpps), [])
        XCTAssertEqual(roster.counts.awayFromPractice, 0)
        XCTAssertTrue(roster.volunteers.allSatisfy { volunteer in
            let commune = national.layer.commune(volunteer.communeCode)
            return volunteer.precision == .commune ? volunteer.position == commune?.representativePoint
                : commune?.geometry?.covers(Geometry(point: volunteer.position)) == true
        })
    }

    func testPatientRequests() throws {
        let national = try Self.national.get()
        let file = try PatientRequestFile(path: DataFolder.path(Self.sample + "patients-sans-medecin-traitant.csv.gz"), communes: national.layer,
                                          formerCodes: national.formerCodes)
        let rows = try DataFolder.plainRows(Self.sample + "patients-sans-medecin-traitant.csv.gz", separator: ";")
        let cog = try Self.cogCommunes()
        let acceptable = rows.filter { cog.contains($0[1]) && ["ALD", "plus-de-70-ans", "C2S", "aucune"].contains($0[4]) }
        XCTAssertEqual(rows.count, 2_000)
        XCTAssertEqual(file.counts.rowsRead, rows.count)
        XCTAssertEqual(file.counts.imported, acceptable.count)
        XCTAssertEqual(file.counts.imported, 2_000)
        XCTAssertEqual(file.counts.rejected, 0)
        XCTAssertEqual(file.issues, [], "every position lies in its declared commune")
        XCTAssertEqual(file.requests.filter { $0.precision == .address }.count, rows.filter { !$0[2].isEmpty && !$0[3].isEmpty }.count)
        XCTAssertEqual(file.requests.filter { $0.priority == .ald }.count, rows.filter { $0[4] == "ALD" }.count)
        XCTAssertEqual(file.requests.filter(\.needsHomeVisit).count, rows.filter { $0[5] == "oui" }.count)
        XCTAssertEqual(Set(file.requests.map(\.reference)).count, 2_000)
    }
}
