import Foundation
import Synchronization

/// Failed bearer attempts per client address, to slow down token guessing: once a client has failed `limit` times
/// within `window`, its requests that carry a token are answered 429 (with `Retry-After`) until the window it
/// opened ends, without checking the token, so a guesser learns nothing more there.
///
/// Memory is bounded: at most `maxClients` addresses are tracked. When full, expired windows are dropped first,
/// then the oldest window: a flood of addresses can make the limiter forget a client early, never grow the table.
/// One window per client (fixed from its first failure), not a sliding log: one entry of constant size per client.
///
/// ```swift
/// let attempts = FailedAttempts(limit: 10, window: 60)
/// attempts.recordFailure(client: "203.0.113.7")      // × 10
/// attempts.retryAfter(client: "203.0.113.7")         // 60 (seconds to wait), nil when the client may try
/// ```
public final class FailedAttempts: Sendable {
    public let limit: Int
    public let window: TimeInterval
    public let maxClients: Int

    private struct Entry {
        var failures: Int
        var windowStart: TimeInterval
    }

    private let clients = Mutex<[String: Entry]>([:])

    public init(limit: Int = 10, window: TimeInterval = 60, maxClients: Int = 10_000) {
        precondition(limit > 0 && window > 0 && maxClients > 0)
        self.limit = limit; self.window = window; self.maxClients = maxClients
    }

    /// Whole seconds until `client` may present a token again; nil when it may now.
    public func retryAfter(client: String, now: TimeInterval = FailedAttempts.now()) -> Int? {
        clients.withLock { clients -> Int? in
            guard let entry = clients[client] else { return nil }
            let end = entry.windowStart + window
            if now >= end {
                clients[client] = nil
                return nil
            }
            return entry.failures >= limit ? max(1, Int((end - now).rounded(.up))) : nil
        }
    }

    public func recordFailure(client: String, now: TimeInterval = FailedAttempts.now()) {
        clients.withLock { clients in
            if var entry = clients[client], now < entry.windowStart + window {
                entry.failures += 1
                clients[client] = entry
                return
            }
            if clients[client] == nil, clients.count >= maxClients { makeRoom(&clients, now: now) }
            clients[client] = Entry(failures: 1, windowStart: now)
        }
    }

    /// Addresses currently tracked (for tests and the bound).
    public var trackedClients: Int { clients.withLock { $0.count } }

    private func makeRoom(_ clients: inout [String: Entry], now: TimeInterval) {
        clients = clients.filter { now < $0.value.windowStart + window }
        if clients.count >= maxClients, let oldest = clients.min(by: { $0.value.windowStart < $1.value.windowStart })?.key {
            clients[oldest] = nil
        }
    }

    /// Monotonic seconds (a wall-clock change never lifts or extends a block).
    public static func now() -> TimeInterval { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
