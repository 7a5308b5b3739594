import Foundation
import XCTest
@testable import GeometryKit

/// GeometryKit keeps one GEOS context per thread and shares immutable geometries between threads:
/// running the same work on several threads at once must give the single-threaded answer.
final class ConcurrencyTests: XCTestCase {
    func testUnionsOnFourThreadsAtOnce() throws {
        let left = try Fixtures.square(0, 0), right = try Fixtures.square(1, 0)
        let grid = try (0..<25).map { try Fixtures.square(Double($0 % 5), Double($0 / 5)) }   // 5 × 5 coverage
        let reference = try left.union(right)
        let gridReference = try Fixtures.square(0, 0, size: 5)

        let results = LockedList<(Double, Bool, String)>()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<25 {
                do {
                    for union in [try left.union(right), try Geometry.union(of: [left, right]), try Geometry.coverageUnion(of: [left, right])] {
                        results.append((union.area, union.topologicallyEquals(reference), union.typeName))
                    }
                    let dissolved = try Geometry.coverageUnion(of: grid)
                    results.append((dissolved.area / 12.5, dissolved.topologicallyEquals(gridReference), dissolved.typeName))
                } catch {
                    results.append((-1, false, "\(error)"))
                }
            }
        }
        XCTAssertEqual(results.values.count, 4 * 25 * 4)
        for (area, equal, type) in results.values {
            XCTAssertEqual(area, 2)
            XCTAssertTrue(equal)
            XCTAssertEqual(type, "Polygon")
        }
    }

    func testPreparedGeometryIsSafeToShare() throws {
        // Far from the origin and not a rectangle, so GEOS needs its lazily built indexes.
        let shape = try Fixtures.uShape(offsetX: 650_000, offsetY: 6_860_000)
        let prepared = shape.prepared()
        let points = (0..<400).map { Fixtures.c(649_999.5 + Double($0 % 20) * 0.2, 6_859_999.5 + Double($0 / 20) * 0.2) }
        let segments = try points.map { try Geometry(shape: .lineString([$0, Fixtures.c($0.x + 0.7, $0.y + 0.3)])) }
        let expectedContains = points.map { shape.contains(Geometry(point: $0)) }
        let expectedCovers = points.map { shape.covers(Geometry(point: $0)) }
        let expectedIntersects = segments.map { shape.intersects($0) }

        let mismatches = LockedList<String>()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for round in 0..<5 {
                for i in points.indices where (i + thread + round) % 2 == 0 {
                    if prepared.contains(points[i]) != expectedContains[i] { mismatches.append("contains \(i)") }
                    if prepared.covers(points[i]) != expectedCovers[i] { mismatches.append("covers \(i)") }
                    if prepared.intersects(segments[i]) != expectedIntersects[i] { mismatches.append("intersects \(i)") }
                }
            }
        }
        XCTAssertEqual(mismatches.values, [])
    }

    func testParallelMapKeepsOrderAndRethrows() throws {
        let squares = try (1...20).map { try Fixtures.square(0, 0, size: Double($0)) }
        XCTAssertEqual(try ParallelMap.map(squares) { $0.area }, (1...20).map { Double($0 * $0) })

        let progress = LockedList<Int>()
        _ = try ParallelMap.map(Array(0..<10), progress: { done, total in progress.append(done); XCTAssertEqual(total, 10) }) { $0 }
        XCTAssertEqual(progress.values.sorted(), Array(1...10))

        XCTAssertThrowsError(try ParallelMap.map([1, 2, 3]) { n -> Int in
            if n == 2 { throw GeometryError.projection("item 2") }
            return n
        }) { XCTAssertEqual($0 as? GeometryError, .projection("item 2")) }
        XCTAssertEqual(try ParallelMap.map([Int]()) { $0 }, [])
    }

    func testGeometryOutlivesTheThreadThatMadeIt() throws {
        // The creating thread's GEOS context is finished when the thread exits; the geometry is not tied to it.
        let made = LockedList<Geometry>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if let union = try? Fixtures.square(0, 0).union(try Fixtures.square(1, 0)) { made.append(union) }
            done.signal()
        }
        thread.start()
        done.wait()
        while !thread.isFinished { usleep(1000) }
        let union = try XCTUnwrap(made.values.first)
        XCTAssertEqual(union.area, 2)
        XCTAssertTrue(union.topologicallyEquals(try Fixtures.polygon([(0, 0), (2, 0), (2, 1), (0, 1)])))
    }
}
