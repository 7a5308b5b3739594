import XCTest
@testable import OpenData
import Territory

final class COGMovementsTests: XCTestCase {
    private typealias D = COGMovements.Departure

    func testChainedMergesReachTheCurrentCommune() {
        // A merged into B in 2016, B merged into C in 2019: A's polygon belongs to C today.
        let movements = COGMovements(departures: ["A": [D(modification: 32, date: "2016-01-01", to: "B")],
                                                  "B": [D(modification: 32, date: "2019-01-01", to: "C")]])
        XCTAssertEqual(movements.currentCode(of: "A") { $0 == "C" }, "C")
        XCTAssertEqual(movements.currentCode(of: "C") { $0 == "C" }, "C", "a current code is its own answer")
        XCTAssertNil(movements.currentCode(of: "Z") { $0 == "C" }, "an unknown code is not guessed")
    }

    func testTheLastDepartureOfARestoredCommuneCounts() {
        // A merged into B in 1972, restored, then merged into C in 2017; B left for D in 2000.
        let movements = COGMovements(departures: ["A": [D(modification: 33, date: "1972-01-01", to: "B"),
                                                        D(modification: 32, date: "2017-01-01", to: "C")],
                                                  "B": [D(modification: 32, date: "2000-01-01", to: "D")]])
        XCTAssertEqual(movements.currentCode(of: "A") { ["C", "D"].contains($0) }, "C")
    }

    func testCyclesEndWithoutAnswer() {
        let movements = COGMovements(departures: ["A": [D(modification: 41, date: "2000-01-01", to: "B")],
                                                  "B": [D(modification: 41, date: "2001-01-01", to: "A")]])
        XCTAssertNil(movements.currentCode(of: "A") { _ in false })
    }

    func testParisLyonMarseillePopulationCountedOnce() {
        let rows: [(code: String, population: Int)] = [("75101", 10), ("75120", 5), ("75056", 15), ("69381", 7), ("01001", 860)]
        let byCommune = MunicipalArrondissements.populationByCommune(rows)
        XCTAssertEqual(byCommune["75056"], 15, "the commune row is not added on top of its arrondissements")
        XCTAssertEqual(byCommune["69123"], 7)
        XCTAssertEqual(byCommune["01001"], 860)
        XCTAssertNil(byCommune["75101"])
        XCTAssertEqual(MunicipalArrondissements.parentCommune(ofArrondissement: "13216"), "13055")
        XCTAssertNil(MunicipalArrondissements.parentCommune(ofArrondissement: "13217"))
    }
}
