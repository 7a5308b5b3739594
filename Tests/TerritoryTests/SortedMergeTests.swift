@testable import Territory
import XCTest

/// `merging(removing:adding:by:)`: how an instance applies the desk rows other writes touched to its sorted roster and
/// waiting lists, in one pass.
final class SortedMergeTests: XCTestCase {
    func testRemovedKeysLeaveAndAddedElementsTakeTheirPlacesInOrder() {
        let base = [1, 3, 5, 7, 9]
        XCTAssertEqual(base.merging(removing: [3, 9], adding: [], by: { $0 }), [1, 5, 7])
        XCTAssertEqual(base.merging(removing: [], adding: [0, 4, 10], by: { $0 }), [0, 1, 3, 4, 5, 7, 9, 10])
        // A touched key both removed and added: the new element replaces the old one, once.
        XCTAssertEqual(base.merging(removing: [5], adding: [5], by: { $0 }), [1, 3, 5, 7, 9])
        XCTAssertEqual(base.merging(removing: [2, 5, 8], adding: [2, 6], by: { $0 }), [1, 2, 3, 6, 7, 9])
        XCTAssertEqual([Int]().merging(removing: [1], adding: [1, 2], by: { $0 }), [1, 2])
        XCTAssertEqual(base.merging(removing: base, adding: [], by: { $0 }), [])
    }

    func testTheElementsAreKeptByKeyNotByValue() {
        let base = [(1, "a"), (2, "b"), (3, "c")]
        let merged = base.merging(removing: [2], adding: [(2, "B")], by: \.0)
        XCTAssertEqual(merged.map(\.1), ["a", "B", "c"])
    }
}
