import XCTest

/// `accessibility` and `pharmacies quota` on the sample store, as typed.
final class AccessibilityCommandTests: XCTestCase {
    struct Commune: Decodable { var code: String, departement: String, population: Int?, supplyGps: Double, indexPer100K: Double? }
    struct Area: Decodable { var departement: String, communes: Int, population: Int, supplyGps: Double, indexPer100K: Double? }
    struct Quota: Decodable { var code: String, population: Int?, officines: Int, licencesAllowed: Int?, difference: Int? }

    func testAccessibilityByCommuneAndDepartement() throws {
        let result = try SampleStore.run(["accessibility"])
        let communes = try result.decode([Commune].self)
        XCTAssertEqual(communes.count, try SampleData.cogCommuneCount(departements: SampleData.hautsDeFrance + [SampleData.guadeloupe]))
        XCTAssertTrue(result.stderr.contains("E2SFCA (poids 10:1,20:0.5,30:0.2, rayon 30 km)"), result.transcript)
        // Guadeloupe has no GP in the sample's RPPS extract: nobody there reaches one.
        XCTAssertTrue(communes.filter { $0.departement == SampleData.guadeloupe }.allSatisfy { $0.indexPer100K == 0 })
        let amiens = try XCTUnwrap(communes.first { $0.code == "80021" })
        XCTAssertGreaterThan(amiens.supplyGps, 50)
        XCTAssertGreaterThan(try XCTUnwrap(amiens.indexPer100K), 60)

        let areas = try SampleStore.run(["accessibility", "--by", "departement"]).decode([Area].self)
        XCTAssertEqual(areas.map(\.departement), SampleData.hautsDeFrance + [SampleData.guadeloupe])
        for area in areas {
            let members = communes.filter { $0.departement == area.departement }
            XCTAssertEqual(area.communes, members.count)
            XCTAssertEqual(area.population, members.reduce(0) { $0 + ($1.population ?? 0) })
            // The population-weighted mean of the communes (JSON rounds each index to 3 decimals).
            let mean = members.reduce(0.0) { $0 + Double($1.population ?? 0) * ($1.indexPer100K ?? 0) } / Double(area.population)
            XCTAssertEqual(try XCTUnwrap(area.indexPer100K), mean, accuracy: 0.001, area.departement)
        }
        let csv = try SampleStore.run(["accessibility", "--by", "cpts", "--format", "csv"]).succeeded()
        XCTAssertTrue(csv.stdoutText.hasPrefix("id;name;communes;population;supply_gps;index_per_100k\n"), csv.stdoutText)
        XCTAssertEqual(csv.stdoutText.split(separator: "\n").count, 64, "a header and the 63 CPTS")
    }

    func testBadCatchmentIsRefused() throws {
        for arguments in [["--radius-km", "-5"], ["--weights", "10=1"], ["--by", "region"]] {
            let result = try SampleStore.run(["accessibility"] + arguments)
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stdoutText.isEmpty, result.transcript)
        }
        XCTAssertTrue(try SampleStore.run(["accessibility", "--radius-km", "-5"]).stderr.contains("radius"))
    }

    func testPharmacyQuotaOfTheSomme() throws {
        let result = try SampleStore.run(["pharmacies", "quota", "--departement", "80"])
        struct Answer: Decodable { var communes: [Quota] }
        let rows = try result.decode(Answer.self).communes
        XCTAssertEqual(rows.count, try SampleData.cogCommuneCount(departements: ["80"]))
        for row in rows {
            let population = try XCTUnwrap(row.population)
            XCTAssertEqual(row.licencesAllowed, population < 2_500 ? 0 : 1 + (population - 2_500) / 4_500, row.code)
            XCTAssertEqual(row.difference, row.licencesAllowed.map { $0 - row.officines })
        }
        let opening = rows.filter { ($0.difference ?? 0) > 0 }.count, above = rows.filter { ($0.difference ?? 0) < 0 }.count
        XCTAssertTrue(result.stderr.contains("\"communes_opening_possible\":\(opening),\"communes_above_quota\":\(above)"), result.stderr)
        XCTAssertNotEqual(try SampleStore.run(["pharmacies", "quota", "--departement", "99"]).status, 0)
    }
}
