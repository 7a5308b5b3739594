import Foundation
import Synchronization

/// A value computed once on some thread and awaited by requests: `value()` suspends (never blocks a
/// thread) until `fulfil` runs. What a request needs from a background build, without a thread waiting on it.
///
/// ```swift
/// let level = Eventual<Int>()
/// Thread { level.fulfil(Result { try build() }) }.start()
/// let built = try await level.value()
/// ```
final class Eventual<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, Error>?
        var waiters: [CheckedContinuation<Value, Error>] = []
    }
    private let state = Mutex(State())
    /// Wakes the threads blocked in `wait()`.
    private let fulfilled = NSCondition()

    /// The result once fulfilled; nil while pending.
    var result: Result<Value, Error>? { state.withLock { $0.result } }

    func fulfil(_ result: Result<Value, Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, Error>] in
            guard state.result == nil else { return [] }
            state.result = result
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
        fulfilled.lock(); fulfilled.broadcast(); fulfilled.unlock()
    }

    /// Blocks the calling thread until fulfilled: for the service's own build threads, never an event loop.
    func wait() throws -> Value {
        fulfilled.lock()
        defer { fulfilled.unlock() }
        while true {
            if let result = self.result { return try result.get() }
            fulfilled.wait()
        }
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let known = state.withLock { state -> Result<Value, Error>? in
                if state.result == nil { state.waiters.append(continuation) }
                return state.result
            }
            if let known { continuation.resume(with: known) }
        }
    }
}
