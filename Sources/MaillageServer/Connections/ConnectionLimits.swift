import Synchronization

/// What one connection may hold, so that a handful of clients trickling bytes cannot keep every connection slot
/// (the slow-body and slow-header attacks): a request's head and body each have a total deadline, a body must keep a
/// minimum rate once its grace period is over, and one address holds a bounded share of the connections.
public struct ConnectionLimits: Sendable {
    /// Seconds from a request's first byte to the end of its head (request line and headers).
    public var headSeconds: Double
    /// Seconds from a request's head to the end of its body, however fast it comes.
    public var bodySeconds: Double
    /// Below this average rate, after `bodyGraceSeconds`, a body is cut.
    public var minimumBodyBytesPerSecond: Double
    public var bodyGraceSeconds: Double
    /// Connections open at once from one IP address; nil: no cap (behind a proxy every client shares its address).
    public var connectionsPerAddress: Int?

    public init(headSeconds: Double = 10, bodySeconds: Double = 120, minimumBodyBytesPerSecond: Double = 8192,
                bodyGraceSeconds: Double = 5, connectionsPerAddress: Int? = 128) {
        self.headSeconds = headSeconds; self.bodySeconds = bodySeconds
        self.minimumBodyBytesPerSecond = minimumBodyBytesPerSecond; self.bodyGraceSeconds = bodyGraceSeconds
        self.connectionsPerAddress = connectionsPerAddress
    }
}

/// Open connections per remote address, shared by every event loop; an address leaves the table with its last
/// connection, so the table never holds more entries than there are connections.
final class ConnectionsPerAddress: Sendable {
    private let limit: Int?
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int?) { self.limit = limit }

    /// Whether one more connection from `address` is let in (and counted).
    func admit(_ address: String) -> Bool {
        open.withLock { open in
            let count = open[address, default: 0]
            if let limit, count >= limit { return false }
            open[address] = count + 1
            return true
        }
    }

    func release(_ address: String) {
        open.withLock { open in
            guard let count = open[address] else { return }
            open[address] = count > 1 ? count - 1 : nil
        }
    }

    var addresses: Int { open.withLock { $0.count } }
}
