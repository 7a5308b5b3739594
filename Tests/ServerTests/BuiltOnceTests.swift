import Foundation
@testable import MaillageServer
import Synchronization
import XCTest

/// What the service keeps of the answers and drawings anonymous callers key: bounded in count and in bytes, the least
/// recently asked going first; the heavy builds one at a time.
final class BuiltOnceTests: XCTestCase {
    func testTheLeastRecentlyAskedGoFirstBeyondTheBytes() async throws {
        let builds = Atomic<Int>(0)
        let kept = BuiltOnce<String, [UInt8]>(threadName: "test", capacity: 10, maxBytes: 100, size: { $0.count }, onThreadPool: true)
        @Sendable func value(_ key: String) async throws -> [UInt8] {
            try await kept.value(key, awaiting: {
                builds.add(1, ordering: .relaxed)
                return [UInt8](repeating: 1, count: 40)
            })
        }
        _ = try await value("a"); _ = try await value("b")
        XCTAssertEqual(kept.bytes, 80)
        _ = try await value("a")                      // asked again: now the most recent
        _ = try await value("c")                      // 120 bytes: b, the least recently asked, goes
        XCTAssertEqual(kept.count, 2)
        XCTAssertEqual(kept.bytes, 80)
        XCTAssertEqual(builds.load(ordering: .relaxed), 3)
        _ = try await value("a")
        XCTAssertEqual(builds.load(ordering: .relaxed), 3, "a was kept")
        _ = try await value("b")
        XCTAssertEqual(builds.load(ordering: .relaxed), 4, "b was built again")
        // A value larger than the budget alone is kept alone.
        _ = try await kept.value("huge", awaiting: { [UInt8](repeating: 0, count: 500) })
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(kept.bytes, 500)
    }

    func testHeavyBuildsRunOneAtATimeWhateverAsksThem() async throws {
        let counts = Concurrency()
        let maps = BuiltOnce<Int, Int>(threadName: "test-maps", capacity: 4, oneAtATimeOn: HeavyBuilds.queue)
        let weights = BuiltOnce<Int, Int>(threadName: "test-weights", capacity: 4, oneAtATimeOn: HeavyBuilds.queue)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for key in 0..<8 {
                let kept = key % 2 == 0 ? maps : weights
                group.addTask { try await kept.value(key) { counts.build(key) } }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(values.sorted(), Array(0..<8))
        XCTAssertEqual(counts.most.load(ordering: .sequentiallyConsistent), 1, "two heavy builds ran at once")
        XCTAssertEqual(maps.count + weights.count, 8)
    }
}

/// How many builds run at once, and the most seen.
private final class Concurrency: Sendable {
    let running = Atomic<Int>(0)
    let most = Atomic<Int>(0)

    func build(_ key: Int) -> Int {
        let now = running.add(1, ordering: .sequentiallyConsistent).newValue
        most.max(now, ordering: .sequentiallyConsistent)
        usleep(20_000)
        running.subtract(1, ordering: .sequentiallyConsistent)
        return key
    }
}
