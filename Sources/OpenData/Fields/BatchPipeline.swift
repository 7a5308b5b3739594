import Foundation

/// Runs a row pipeline on a thread of its own while the caller writes its batches: reading and checking a
/// national extract takes about as long as SQLite takes to store it, so on two cores the two overlap.
///
/// At most `depth` batches wait between them, so memory stays a few batches whatever the file. If the writer
/// throws, the reader is stopped at its next batch and the error is rethrown once it has stopped; if the
/// reader throws, what it sent is not written further and its error is rethrown.
///
/// ```swift
/// let report = try BatchPipeline.run(produce: { emit in try RPPSExtract.read(.file(path), communes: lookup, into: emit) },
///                                    consume: { batch in try writer.insert(batch) })
/// ```
public enum BatchPipeline {
    public static func run<Record: Sendable, Output: Sendable>(depth: Int = 2,
                                                               produce: @escaping @Sendable (_ emit: ([Record]) throws -> Void) throws -> Output,
                                                               consume: ([Record]) throws -> Void) throws -> Output {
        let channel = BatchChannel<Record, Output>(depth: max(1, depth))
        let reader = Thread {
            channel.finish(Result { try produce { batch in try channel.send(batch) } })
        }
        reader.stackSize = 8 << 20
        reader.start()
        do {
            while let batch = channel.receive() { try consume(batch) }
        } catch {
            channel.cancel()
            _ = channel.waitForEnd()
            throw error
        }
        return try channel.waitForEnd().get()
    }
}

/// The batches between the reading thread and the writing one.
private final class BatchChannel<Record: Sendable, Output: Sendable>: @unchecked Sendable {
    /// Thrown into the reader when the writer gave up.
    struct Cancelled: Error {}

    private let depth: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [[Record]] = []
    private var cancelled = false
    private var outcome: Result<Output, Error>?

    init(depth: Int) { self.depth = depth }

    /// Called by the reader; blocks while `depth` batches wait.
    func send(_ batch: [Record]) throws {
        condition.lock(); defer { condition.unlock() }
        while waiting.count >= depth && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        waiting.append(batch)
        condition.broadcast()
    }

    /// Called by the reader when it is done, with what it returned or threw.
    func finish(_ result: Result<Output, Error>) {
        condition.lock(); defer { condition.unlock() }
        outcome = result
        condition.broadcast()
    }

    /// The next batch; nil once the reader has finished (or failed: nothing more is worth writing).
    func receive() -> [Record]? {
        condition.lock(); defer { condition.unlock() }
        while true {
            if case .failure = outcome { return nil }
            if !waiting.isEmpty {
                condition.broadcast()
                return waiting.removeFirst()
            }
            if outcome != nil { return nil }
            condition.wait()
        }
    }

    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        waiting.removeAll()
        condition.broadcast()
    }

    /// Blocks until the reader has finished.
    func waitForEnd() -> Result<Output, Error> {
        condition.lock(); defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return outcome!
    }
}
