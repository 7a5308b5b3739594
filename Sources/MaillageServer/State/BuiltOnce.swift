import Foundation
import Synchronization

/// Values computed once per key, never on NIO's event loops (which are Swift's global executor here), and kept: the
/// requests that need a value being built await the same build, holding no thread. For what depends only on a
/// snapshot that never changes while the service runs (tile levels, report maps, anonymous answers).
///
/// ```swift
/// let maps = BuiltOnce<String, [UInt8]>(threadName: "maillage-report-map")
/// let png = try await maps.value("coverage.png|departement") { try draw() }
/// ```
final class BuiltOnce<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entries {
        var values: [Key: Eventual<Value>] = [:]
        /// Keys in the order they were first asked: the oldest goes first when `capacity` is reached.
        var order: [Key] = []
    }
    private let entries = Mutex(Entries())
    let threadName: String
    /// Most values kept: a key an anonymous caller chooses (weights, status sets) must not grow the memory without end.
    let capacity: Int
    /// Builds on NIO's thread pool (as many threads as cores: at most that many at once, the others queued) rather
    /// than on a thread of their own: for many short builds a caller can ask for at will.
    let onThreadPool: Bool
    /// Builds one after the other on one queue of their own: for heavy builds an anonymous caller can ask for with keys
    /// of his choosing (report maps of any width), which would otherwise each take a thread and their memory at once.
    private let oneAtATime: DispatchQueue?

    init(threadName: String, capacity: Int = .max, onThreadPool: Bool = false, oneAtATime: Bool = false) {
        self.threadName = threadName; self.capacity = capacity; self.onThreadPool = onThreadPool
        self.oneAtATime = oneAtATime ? DispatchQueue(label: threadName) : nil
    }

    /// The value for `key`; `build` runs the first time only (a failure is kept too), until the key is evicted.
    func value(_ key: Key, build: @escaping @Sendable () throws -> Value) async throws -> Value {
        guard !onThreadPool else { return try await value(key, awaiting: build) }
        let (value, isNew) = entry(key)
        if isNew, let queue = oneAtATime {
            queue.async {
                BackgroundPriority.lowerCurrentThread()
                value.fulfil(Result { try build() })
            }
        } else if isNew {
            let thread = Thread {
                BackgroundPriority.lowerCurrentThread()
                value.fulfil(Result { try build() })
            }
            thread.name = threadName
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try await value.value()
    }

    /// On the thread pool, a build that may read the store before it computes: it runs as a task preferring the pool
    /// (`Offload.runAsync`), so that its computation runs there and its awaits hold no thread.
    func value(_ key: Key, awaiting build: @escaping @Sendable () async throws -> Value) async throws -> Value {
        precondition(onThreadPool, "an awaiting build runs on the thread pool")
        let (value, isNew) = entry(key)
        if isNew {
            Task(executorPreference: Offload.threadPool) {
                do { value.fulfil(.success(try await build())) } catch { value.fulfil(.failure(error)) }
            }
        }
        return try await value.value()
    }

    /// Values kept or being built.
    var count: Int { entries.withLock { $0.values.count } }

    /// The entry of `key`, and whether it was just made (its build is the caller's to start).
    private func entry(_ key: Key) -> (Eventual<Value>, isNew: Bool) {
        entries.withLock { entries -> (Eventual<Value>, isNew: Bool) in
            if let known = entries.values[key] { return (known, false) }
            let value = Eventual<Value>()
            if entries.order.count >= capacity {
                // Evicted even while building: its waiters hold the Eventual and still get their value.
                entries.values[entries.order.removeFirst()] = nil
            }
            entries.values[key] = value
            entries.order.append(key)
            return (value, true)
        }
    }
}
