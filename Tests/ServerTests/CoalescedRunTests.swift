import Foundation
@testable import MaillageServer
import Synchronization
import XCTest

/// The orientation service's reloads after writes: callers arriving while a run is in progress share one next run, which starts after
/// it; a caller arriving once that next run has started gets a run of its own.
final class CoalescedRunTests: XCTestCase {
    /// A body that waits until the test opens it.
    actor Gate {
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func open() {
            isOpen = true
            waiting.forEach { $0.resume() }
            waiting = []
        }
    }

    struct Refused: Error, Equatable { let run: Int }
    struct NeverHeld: Error {}

    /// Waits (yielding) until `condition` holds, at most 10 s.
    func until(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(10)
        while !condition() {
            guard Date() < deadline else { throw NeverHeld() }
            await Task.yield()
        }
    }

    func testTenCallersDuringARunShareTheNextRun() async throws {
        let coalesced = CoalescedRun()
        let runs = Mutex(0), gate = Gate()
        let first = coalesced.join { runs.withLock { $0 += 1 }; await gate.wait() }
        try await until { runs.withLock { $0 } == 1 }
        let joined = (0..<10).map { _ in coalesced.join { runs.withLock { $0 += 1 } } }
        XCTAssertEqual(Set(joined).count, 1, "one next run for the ten")
        XCTAssertNotEqual(joined[0], first)
        XCTAssertEqual(runs.withLock { $0 }, 1, "the next run waits for the one in progress")
        await gate.open()
        try await first.value
        for run in joined { try await run.value }
        XCTAssertEqual(runs.withLock { $0 }, 2)
        // Nothing in progress: a caller now runs at once, alone.
        try await coalesced.run { runs.withLock { $0 += 1 } }
        XCTAssertEqual(runs.withLock { $0 }, 3)
    }

    func testACallerAfterTheNextRunStartedGetsItsOwn() async throws {
        let coalesced = CoalescedRun()
        let runs = Mutex(0), firstGate = Gate(), secondGate = Gate()
        let first = coalesced.join { runs.withLock { $0 += 1 }; await firstGate.wait() }
        try await until { runs.withLock { $0 } == 1 }
        let second = coalesced.join { runs.withLock { $0 += 1 }; await secondGate.wait() }
        await firstGate.open()
        try await until { runs.withLock { $0 } == 2 }
        // The second run may already have read the store: what is committed now needs a third.
        let third = coalesced.join { runs.withLock { $0 += 1 } }
        XCTAssertNotEqual(third, second)
        XCTAssertEqual(coalesced.join { runs.withLock { $0 += 100 } }, third, "queued behind the second: shared")
        await secondGate.open()
        for run in [first, second, third] { try await run.value }
        XCTAssertEqual(runs.withLock { $0 }, 3)
    }

    func testEveryCallerSharingARunGetsItsError() async throws {
        let coalesced = CoalescedRun()
        let gate = Gate(), started = Mutex(false)
        let first = coalesced.join { started.withLock { $0 = true }; await gate.wait() }
        try await until { started.withLock { $0 } }
        let sharing = (0..<3).map { _ in coalesced.join { throw Refused(run: 2) } }
        await gate.open()
        try await first.value
        for run in sharing {
            do {
                try await run.value
                XCTFail("the shared run threw")
            } catch let error as Refused {
                XCTAssertEqual(error, Refused(run: 2))
            }
        }
        // A failed run does not stop the next one.
        let after = Mutex(0)
        try await coalesced.run { after.withLock { $0 += 1 } }
        XCTAssertEqual(after.withLock { $0 }, 1)
    }
}
