import GeometryKit
import Territory
import XCTest

/// CSP L.5125-4 at the thresholds, in and out of Alsace-Moselle.
final class PharmacyQuotaTests: XCTestCase {
    func testLicencesAtTheThresholds() {
        // Elsewhere: 1 for the first 2 500 inhabitants, then 1 per further 4 500.
        for (population, licences) in [(0, 0), (2_499, 0), (2_500, 1), (6_999, 1), (7_000, 2), (11_499, 2), (11_500, 3)] {
            XCTAssertEqual(PharmacyQuota.licencesAllowed(population: population, departement: "59"), licences, "\(population) in 59")
        }
        // Moselle, Bas-Rhin, Haut-Rhin: 1 per further 3 500.
        for departement in ["57", "67", "68"] {
            for (population, licences) in [(2_499, 0), (2_500, 1), (5_999, 1), (6_000, 2), (6_999, 2), (7_000, 2), (9_500, 3)] {
                XCTAssertEqual(PharmacyQuota.licencesAllowed(population: population, departement: departement), licences, "\(population) in \(departement)")
            }
        }
    }

    func testCommuneRowsAndSummary() {
        func commune(_ code: String, _ departement: String, _ population: Int?) -> Commune {
            Commune(code: code, name: code, departement: departement, region: "00", population: population)
        }
        func officine(_ finess: String, in commune: String) -> Pharmacy {
            Pharmacy(finess: finess, finessEJ: "", name: "", communeCode: commune, position: Coordinate(longitude: 0, latitude: 0),
                     precision: .commune, sourceCRS: nil)
        }
        let layer = CommuneLayer([commune("59001", "59", 2_499), commune("59002", "59", 7_000), commune("67001", "67", 6_999),
                                  commune("67002", "67", 2_500), commune("97601", "976", nil)])
        let pharmacies = [officine("1", in: "59001"), officine("2", in: "59002"), officine("3", in: "67001"), officine("4", in: "67001"),
                          officine("5", in: "67001"), officine("6", in: "97601")]
        let rows = PharmacyQuota.communes(layer, pharmacies: pharmacies)
        XCTAssertEqual(rows.map(\.officines), [1, 1, 3, 0, 1])
        XCTAssertEqual(rows.map(\.licencesAllowed), [0, 2, 2, 1, nil])
        XCTAssertEqual(rows.map(\.difference), [-1, 1, -1, 1, nil])
        XCTAssertEqual(rows.map(\.withoutOfficineAboveThreshold), [false, false, false, true, false])
        let summary = PharmacyQuotaSummary(rows)
        XCTAssertEqual([summary.communes, summary.officines, summary.licencesAllowed, summary.openingPossible, summary.aboveQuota,
                        summary.withoutOfficineAboveThreshold], [5, 6, 5, 2, 2, 1])
        XCTAssertEqual(PharmacyQuota.communes(layer, pharmacies: pharmacies, departement: "67").map(\.code), ["67001", "67002"])
    }
}
