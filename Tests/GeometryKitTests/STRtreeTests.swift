import XCTest
@testable import GeometryKit

/// The packed R-tree must return exactly what a brute-force envelope scan returns.
final class STRtreeTests: XCTestCase {
    /// 100 boxes on a 10 × 10 grid, 0.8 wide with 0.2 gaps.
    private static let boxes: [Envelope] = (0..<100).map { i in
        let x = Double(i % 10), y = Double(i / 10)
        return Envelope(minX: x, minY: y, maxX: x + 0.8, maxY: y + 0.8)
    }

    private var boxes: [Envelope] { Self.boxes }

    private static func bruteForce(_ query: Envelope) -> [Int] { boxes.indices.filter { boxes[$0].intersects(query) } }
    private func bruteForce(_ query: Envelope) -> [Int] { Self.bruteForce(query) }

    func testQueriesMatchABruteForceScan() {
        let tree = STRtree(envelopes: boxes)
        XCTAssertEqual(tree.count, 100)
        let queries = [
            Envelope(minX: 2.5, minY: 3.5, maxX: 5.1, maxY: 4.9),
            Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0),         // a corner point
            Envelope(minX: 0.8, minY: 0.8, maxX: 1, maxY: 1),     // only touches the corners of 4 boxes
            Envelope(minX: 0.85, minY: 0, maxX: 0.95, maxY: 10),  // in the gap between columns
            Envelope(minX: -5, minY: -5, maxX: 50, maxY: 50),     // everything
            Envelope(minX: 9.7, minY: 9.7, maxX: 12, maxY: 12),
        ]
        for query in queries {
            XCTAssertEqual(tree.query(query).sorted(), bruteForce(query), "\(query)")
        }
        // Boundaries are inclusive, as for PostGIS's &&.
        XCTAssertEqual(tree.query(Envelope(minX: 0.8, minY: 0.8, maxX: 1, maxY: 1)).sorted(), [0, 1, 10, 11])
        XCTAssertEqual(tree.query(Envelope(minX: -5, minY: -5, maxX: 50, maxY: 50)).count, 100)
    }

    func testEmptyResults() {
        let tree = STRtree(envelopes: boxes)
        XCTAssertEqual(tree.query(Envelope(minX: 20, minY: 20, maxX: 21, maxY: 21)), [])
        XCTAssertEqual(tree.query(Envelope(minX: 0.85, minY: 0, maxX: 0.95, maxY: 10)), [])
        XCTAssertEqual(STRtree(envelopes: []).query(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)), [])
    }

    func testConcurrentQueries() {
        let tree = STRtree(envelopes: boxes, nodeCapacity: 4)
        let failures = LockedList<Int>()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for k in 0..<250 {
                let x = Double((k * 7 + thread) % 12) - 1, y = Double((k * 3) % 12) - 1
                let query = Envelope(minX: x, minY: y, maxX: x + 1.5, maxY: y + 0.5)
                if tree.query(query).sorted() != Self.bruteForce(query) { failures.append(k) }
            }
        }
        XCTAssertEqual(failures.values, [])
    }
}
