import Foundation
import Storage
import Synchronization

/// Denials (401, 403) counted per caller, address and minute, so that a flood of refused requests cannot fill the audit
/// trail: the first `writtenPerMinute` of a minute are written as they come, the rest become one row when the minute
/// ends ("N refus de plus"). The table is bounded: beyond `maxKeys` callers and addresses in a minute, newcomers share
/// one bucket.
final class DenialTally: Sendable {
    struct Key: Hashable {
        var client: String
        var who: String
    }

    private struct Bucket {
        var minute: Int64
        var role: String
        var written = 0
        var counted = 0
        /// One of the requests counted, for the summary row.
        var example = ""
    }

    static let overflow = Key(client: "autres adresses", who: "*")

    let writtenPerMinute: Int
    let maxKeys: Int
    private let buckets = Mutex<[Key: Bucket]>([:])

    init(writtenPerMinute: Int = 10, maxKeys: Int = 10_000) {
        self.writtenPerMinute = writtenPerMinute
        self.maxKeys = maxKeys
    }

    /// Whether this denial is written as it is; and the summary of the caller's previous minute if that one ended
    /// with denials only counted.
    func denial(client: String, who: String, role: String, outcome: String, now: Date = Date()) -> (write: Bool, ended: AuditEvent?) {
        let minute = Self.minute(of: now)
        return buckets.withLock { buckets in
            var key = Key(client: client, who: who)
            if buckets[key] == nil, buckets.count >= maxKeys { key = Self.overflow }
            var ended: AuditEvent?
            if let bucket = buckets[key], bucket.minute != minute {
                ended = Self.summary(key, bucket)
                buckets[key] = nil
            }
            var bucket = buckets[key] ?? Bucket(minute: minute, role: role)
            defer { buckets[key] = bucket }
            if bucket.written < writtenPerMinute, key != Self.overflow {
                bucket.written += 1
                return (true, ended)
            }
            bucket.counted += 1
            if bucket.example.isEmpty { bucket.example = outcome }
            return (false, ended)
        }
    }

    /// The summaries of the minutes ended by `now` (of every minute when nil, at shutdown), their buckets dropped.
    func flush(now: Date? = Date()) -> [AuditEvent] {
        let minute = now.map(Self.minute(of:)) ?? .max
        return buckets.withLock { buckets in
            let ended = buckets.filter { $0.value.minute < minute }
            for key in ended.keys { buckets[key] = nil }
            return ended.compactMap { Self.summary($0.key, $0.value) }.sorted { ($0.at, $0.who) < ($1.at, $1.who) }
        }
    }

    var trackedKeys: Int { buckets.withLock { $0.count } }

    private static func minute(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 60).rounded(.down)) }

    private static func summary(_ key: Key, _ bucket: Bucket) -> AuditEvent? {
        guard bucket.counted > 0 else { return nil }
        let start = Date(timeIntervalSince1970: Double(bucket.minute) * 60)
        return AuditEvent(at: start.addingTimeInterval(59), who: key.who, role: bucket.role, action: .denied, cpts: nil, patients: 0,
                          outcome: "\(bucket.counted) refus de plus depuis \(key.client) dans la minute de \(AuditEvent.timestamp(start)), "
                              + "dont : \(bucket.example)")
    }
}
