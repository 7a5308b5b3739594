import GeometryKit
import TestSupport
import XCTest

final class WeightedDrawTests: XCTestCase {
    func testTicketsFallInTheirIndexShare() {
        let draw = WeightedDraw(weights: [1, 0, 3, 2])
        XCTAssertEqual(draw.total, 6)
        XCTAssertEqual((0..<6).map(draw.index(ofTicket:)), [0, 2, 2, 2, 3, 3], "a zero weight is never drawn")
        XCTAssertEqual(WeightedDraw(weights: [0, 5]).index(ofTicket: 0), 1)
    }

    func testDrawsFollowTheWeights() {
        let draw = WeightedDraw(weights: [1, 3])
        var random = SeededRandom(seed: 1)
        let second = (0..<40_000).filter { _ in draw.draw(using: &random) == 1 }.count
        XCTAssertEqual(Double(second) / 40_000, 0.75, accuracy: 0.01)
    }
}
