import GeometryKit
import Territory
import XCTest

/// The E2SFCA on three communes along a meridian whose index is computed by hand below.
final class AccessibilityIndexTests: XCTestCase {
    /// A at 48.00° N, B at 48.05° N (5.6 km from A), C at 48.20° N (22.2 km from A, 16.7 km from B), all on 2° E.
    static func layer() -> CommuneLayer {
        func commune(_ code: String, latitude: Double, population: Int?) -> Commune {
            Commune(code: code, name: code, departement: "99", region: "99", population: population,
                    representativePoint: Coordinate(longitude: 2, latitude: latitude))
        }
        return CommuneLayer([commune("A", latitude: 48.00, population: 10_000), commune("B", latitude: 48.05, population: 5_000),
                             commune("C", latitude: 48.20, population: 20_000)])
    }

    /// Four GPs: two in A, one in C, one practising in B and C (half in each).
    static func activities() -> [PractitionerActivity] {
        func gp(_ rpps: String, _ commune: String, savoirFaire: String = "SM54", profession: String = "10") -> PractitionerActivity {
            PractitionerActivity(rpps: rpps, professionCode: profession, professionLabel: "", savoirFaireCode: savoirFaire, savoirFaireLabel: "",
                                 modeCode: "L", modeLabel: "", communeCode: commune, departementCode: "99",
                                 position: Coordinate(longitude: 2, latitude: 48), precision: .commune)
        }
        return [gp("1", "A"), gp("2", "A"), gp("2", "A"), gp("3", "C"), gp("4", "B"), gp("4", "C"),
                gp("5", "B", savoirFaire: "SM02"), gp("6", "B", profession: "40")]   // a specialist and a dentist: not GPs
    }

    func testSupplyCountsEachGPOnce() {
        let supply = GPSupply(activities: Self.activities())
        XCTAssertEqual(supply.practitioners, 4)
        XCTAssertEqual(supply.byCommune, ["A": 2, "B": 0.5, "C": 1.5])
    }

    func testIndexByHand() throws {
        let distances = (ab: Geodesic.distanceKm(Coordinate(longitude: 2, latitude: 48), Coordinate(longitude: 2, latitude: 48.05)),
                         ac: Geodesic.distanceKm(Coordinate(longitude: 2, latitude: 48), Coordinate(longitude: 2, latitude: 48.2)),
                         bc: Geodesic.distanceKm(Coordinate(longitude: 2, latitude: 48.05), Coordinate(longitude: 2, latitude: 48.2)))
        XCTAssertEqual(distances.ab, 5.6, accuracy: 0.1)    // W = 1
        XCTAssertEqual(distances.ac, 22.2, accuracy: 0.1)   // W = 0.2
        XCTAssertEqual(distances.bc, 16.7, accuracy: 0.1)   // W = 0.5
        // R_j = S_j / Σ_k W(d_kj) P_k, then A_i = Σ_j W(d_ij) R_j.
        let demandA: Double = 1 * 10_000 + 1 * 5_000 + 0.2 * 20_000
        let demandB: Double = 1 * 10_000 + 1 * 5_000 + 0.5 * 20_000
        let demandC: Double = 0.2 * 10_000 + 0.5 * 5_000 + 1 * 20_000
        let rA: Double = 2 / demandA, rB: Double = 0.5 / demandB, rC: Double = 1.5 / demandC
        let accessA: Double = rA + rB + 0.2 * rC
        let accessB: Double = rA + rB + 0.5 * rC
        let accessC: Double = 0.2 * rA + 0.5 * rB + rC
        let expected: [String: Double] = ["A": accessA * 100_000, "B": accessB * 100_000, "C": accessC * 100_000]
        let index = AccessibilityIndex(layer: Self.layer(), supply: GPSupply(activities: Self.activities()))
        for row in index.communes {
            XCTAssertEqual(try XCTUnwrap(row.indexPer100k), expected[row.code]!, accuracy: 1e-12, row.code)
        }
        XCTAssertEqual(index.pairs, 9, "every commune reaches the two others within 30 km, and itself")
        XCTAssertEqual(index.communes.map(\.supplyGPs), [2, 0.5, 1.5])
        // The population-weighted mean of the three.
        let area = try XCTUnwrap(index.areas([(code: "X", name: "X", communes: ["A", "B", "C"])]).first)
        let weighted: Double = 10_000 * expected["A"]! + 5_000 * expected["B"]! + 20_000 * expected["C"]!
        XCTAssertEqual(try XCTUnwrap(area.indexPer100k), weighted / 35_000, accuracy: 1e-12)
        XCTAssertEqual(area.population, 35_000)
    }

    func testRadiusCutsTheCatchment() throws {
        // At 20 km, A and C are out of each other's catchment; B–C (16.7 km) stays at 0.5.
        let weights = try CatchmentWeights(parsing: "10:1,20:0.5,30:0.2", radiusKm: 20)
        XCTAssertEqual(weights.steps.map(\.upToKm), [10, 20])
        let index = AccessibilityIndex(layer: Self.layer(), supply: GPSupply(activities: Self.activities()), weights: weights)
        let rA: Double = 2 / 15_000, rB: Double = 0.5 / 25_000, rC: Double = 1.5 / 22_500   // C's catchment: 0.5 × 5 000 + 20 000
        XCTAssertEqual(try XCTUnwrap(index.communes[0].indexPer100k), (rA + rB) * 100_000, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(index.communes[2].indexPer100k), (0.5 * rB + rC) * 100_000, accuracy: 1e-12)
        XCTAssertEqual(index.pairs, 7)
    }

    func testCommunesWithoutPopulationOrPointHaveNoIndex() {
        let layer = CommuneLayer([Commune(code: "M", name: "M", departement: "976", region: "06", population: nil,
                                          representativePoint: Coordinate(longitude: 45.2, latitude: -12.8)),
                                  Commune(code: "N", name: "N", departement: "99", region: "99", population: 100)])
        let index = AccessibilityIndex(layer: layer, supply: GPSupply(activities: []))
        XCTAssertNil(index.communes[0].indexPer100k, "no population figure (Mayotte)")
        XCTAssertNil(index.communes[1].indexPer100k, "no polygon, so no location")
    }

    func testWeightsParsingAndBands() throws {
        let weights = CatchmentWeights.standard
        XCTAssertEqual(weights.weight(km: 0), 1)
        XCTAssertEqual(weights.weight(km: 10), 1)
        XCTAssertEqual(weights.weight(km: 10.000001), 0.5)
        XCTAssertEqual(weights.weight(km: 20), 0.5)
        XCTAssertEqual(weights.weight(km: 30), 0.2)
        XCTAssertEqual(weights.weight(km: 30.000001), 0)
        XCTAssertEqual(weights.band(km: 31), 3)
        XCTAssertEqual(weights.description, "10:1,20:0.5,30:0.2")
        XCTAssertEqual(try CatchmentWeights(parsing: " 20:0.5, 10:1 ", radiusKm: 15).steps,
                       [.init(upToKm: 10, weight: 1), .init(upToKm: 15, weight: 0.5)])
        XCTAssertThrowsError(try CatchmentWeights(parsing: "10-1", radiusKm: 30)) { XCTAssertEqual($0 as? AccessibilityError, .badWeights("'10-1' is not BOUND_KM:WEIGHT")) }
        XCTAssertThrowsError(try CatchmentWeights(parsing: "10:1,10:0.5", radiusKm: 30)) { XCTAssertEqual($0 as? AccessibilityError, .badWeights("a bound is given twice")) }
        XCTAssertThrowsError(try CatchmentWeights(parsing: "10:1", radiusKm: -3)) { XCTAssertEqual($0 as? AccessibilityError, .badRadius(-3)) }
        XCTAssertThrowsError(try CatchmentWeights(parsing: "10:-1", radiusKm: 30))
    }
}
