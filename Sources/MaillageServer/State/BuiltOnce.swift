import Foundation
import Synchronization

/// Values computed once per key, each on a thread of its own (never on NIO's event loops, which are Swift's global
/// executor here) and kept: the requests that need a value being built await the same build, holding no thread.
/// For what depends only on a snapshot that never changes while the service runs (tile levels, report maps).
///
/// ```swift
/// let maps = BuiltOnce<String, [UInt8]>(threadName: "maillage-report-map")
/// let png = try await maps.value("coverage.png|departement") { try draw() }
/// ```
final class BuiltOnce<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let values = Mutex<[Key: Eventual<Value>]>([:])
    let threadName: String

    init(threadName: String) { self.threadName = threadName }

    /// The value for `key`; `build` runs on a new thread the first time only (a failure is kept too).
    func value(_ key: Key, build: @escaping @Sendable () throws -> Value) async throws -> Value {
        let (value, isNew) = values.withLock { values -> (Eventual<Value>, Bool) in
            if let known = values[key] { return (known, false) }
            let value = Eventual<Value>()
            values[key] = value
            return (value, true)
        }
        if isNew {
            let thread = Thread { value.fulfil(Result { try build() }) }
            thread.name = threadName
            thread.stackSize = 8 << 20
            thread.start()
        }
        return try await value.value()
    }
}
