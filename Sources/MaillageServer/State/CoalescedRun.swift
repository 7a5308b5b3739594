import Synchronization

/// A job that many callers ask for at once and that is the same for all of them (reading the orientation service again
/// after a write): callers that arrive while a run is in progress share the next run, which starts once the current
/// one has ended, so it sees everything committed before any of them asked. Ten coordinators committing through one
/// instance then cost two reads of the whole orientation service instead of ten, and no caller waits for more than the run in
/// progress and its own.
///
/// ```swift
/// let reloads = CoalescedRun()
/// try await reloads.run { try await readTheDeskAgain() }   // after each write
/// ```
final class CoalescedRun: Sendable {
    private struct State {
        /// The next run, not started yet: whoever asks now shares it.
        var queued: Task<Void, any Error>?
        /// The latest run started or queued: a new one starts after it.
        var latest: Task<Void, any Error>?
        var generation = 0
    }
    private let state = Mutex(State())

    init() {}

    /// Runs `body` (or joins the run queued by another caller, whose body is the same job) and returns once that run
    /// has ended, throwing what it threw.
    func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        try await join(body).value
    }

    /// The run this caller shares, queued or joined without suspending: the queued run if one waits, else a new one
    /// after the latest.
    func join(_ body: @escaping @Sendable () async throws -> Void) -> Task<Void, any Error> {
        state.withLock { state -> Task<Void, any Error> in
            if let queued = state.queued { return queued }
            let previous = state.latest
            state.generation += 1
            let generation = state.generation
            let run = Task {
                _ = await previous?.result
                // From here on the body may already have read the store: a later caller needs a run of its own.
                self.started(generation)
                try await body()
            }
            state.queued = run
            state.latest = run
            return run
        }
    }

    private func started(_ generation: Int) {
        state.withLock { state in
            if state.generation == generation { state.queued = nil }
        }
    }
}
