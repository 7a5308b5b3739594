import Foundation
import Synchronization

/// Values computed once per key, never on NIO's event loops (which are Swift's global executor here), and kept: the
/// requests that need a value being built await the same build, holding no thread. For what depends only on a
/// snapshot that never changes while the service runs (tile levels, report maps, anonymous answers). Where callers
/// choose the keys, at most `capacity` values and `maxBytes` bytes are kept, the least recently asked going first.
///
/// ```swift
/// let maps = BuiltOnce<String, [UInt8]>(threadName: "maillage-report-map")
/// let png = try await maps.value("coverage.png|departement") { try draw() }
/// ```
final class BuiltOnce<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entries {
        var values: [Key: Eventual<Value>] = [:]
        /// Keys from the least to the most recently asked: the first goes when `capacity` or `maxBytes` is reached.
        var order: [Key] = []
        /// The size of each value built (`size`), and their sum.
        var bytes: [Key: Int] = [:]
        var totalBytes = 0

        mutating func evict(_ key: Key) {
            values[key] = nil
            order.removeAll { $0 == key }
            totalBytes -= bytes.removeValue(forKey: key) ?? 0
        }
    }
    private let entries = Mutex(Entries())
    let threadName: String
    /// Most values kept: a key an anonymous caller chooses (weights, status sets) must not grow the memory without end.
    let capacity: Int
    /// Builds on NIO's thread pool (as many threads as cores: at most that many at once, the others queued) rather
    /// than on a thread of their own: for many short builds a caller can ask for at will.
    let onThreadPool: Bool
    /// Builds one after the other on this queue (`HeavyBuilds.queue`): for heavy builds an anonymous caller can ask for
    /// with keys of his choosing (report maps of any width, other weights), which would otherwise each take a thread and
    /// their memory at once.
    private let oneAtATime: DispatchQueue?
    /// Most bytes of values kept (`size` of each), the one being added included even when it alone is larger.
    let maxBytes: Int
    private let size: @Sendable (Value) -> Int

    init(threadName: String, capacity: Int = .max, maxBytes: Int = .max, size: @escaping @Sendable (Value) -> Int = { _ in 0 },
         onThreadPool: Bool = false, oneAtATimeOn queue: DispatchQueue? = nil) {
        self.threadName = threadName; self.capacity = capacity; self.maxBytes = maxBytes; self.size = size
        self.onThreadPool = onThreadPool
        self.oneAtATime = queue
    }

    /// The value for `key`; `build` runs the first time only (a failure is kept too), until the key is evicted.
    func value(_ key: Key, build: @escaping @Sendable () throws -> Value) async throws -> Value {
        guard !onThreadPool else { return try await value(key, awaiting: build) }
        let (value, isNew) = entry(key)
        if isNew, let queue = oneAtATime {
            queue.async {
                BackgroundPriority.lowerCurrentThread()
                self.fulfil(key, value, Result { try build() })
            }
        } else if isNew {
            let thread = Thread {
                BackgroundPriority.lowerCurrentThread()
                self.fulfil(key, value, Result { try build() })
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
                do { self.fulfil(key, value, .success(try await build())) } catch { self.fulfil(key, value, .failure(error)) }
            }
        }
        return try await value.value()
    }

    /// Values kept or being built.
    var count: Int { entries.withLock { $0.values.count } }

    /// Bytes of the values kept (`size`).
    var bytes: Int { entries.withLock { $0.totalBytes } }

    /// The entry of `key`, and whether it was just made (its build is the caller's to start).
    private func entry(_ key: Key) -> (Eventual<Value>, isNew: Bool) {
        entries.withLock { entries -> (Eventual<Value>, isNew: Bool) in
            if let known = entries.values[key] {
                if capacity != .max || maxBytes != .max, entries.order.last != key {
                    entries.order.removeAll { $0 == key }
                    entries.order.append(key)
                }
                return (known, false)
            }
            let value = Eventual<Value>()
            // Evicted even while building: its waiters hold the Eventual and still get their value.
            if entries.order.count >= capacity { entries.evict(entries.order[0]) }
            entries.values[key] = value
            entries.order.append(key)
            return (value, true)
        }
    }

    /// Hands the result to the waiters, and counts its bytes while it is kept, evicting the least recently asked
    /// values beyond `maxBytes`.
    private func fulfil(_ key: Key, _ value: Eventual<Value>, _ result: Result<Value, Error>) {
        if maxBytes != .max, case .success(let built) = result {
            let bytes = size(built)
            entries.withLock { entries in
                guard entries.values[key] === value else { return }   // evicted while it was built
                entries.bytes[key] = bytes
                entries.totalBytes += bytes
                while entries.totalBytes > maxBytes, let oldest = entries.order.first, oldest != key { entries.evict(oldest) }
            }
        }
        value.fulfil(result)
    }
}

/// The one queue of the heavy builds anonymous callers can start with keys of their choosing (report maps, the
/// E2SFCA with other weights): one at a time, on a thread apart from NIO's pool, where the coordinators' writes run.
enum HeavyBuilds {
    static let queue = DispatchQueue(label: "maillage-heavy-builds")
}
