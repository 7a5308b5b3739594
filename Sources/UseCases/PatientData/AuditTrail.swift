import Foundation
import Storage

/// The audit trail the store keeps (uploads, commits, reads of patient data, denials, purges), oldest first: `maillage
/// audit`. Read from the store, so no log level changes anything in it.
public struct AuditTrail: Sendable {
    public let since: String?
    public let cpts: String?

    /// `since`: a date or a time, ISO 8601 (`2026-12-01`, `2026-12-01T08:00:00Z`), which sorts as the stored timestamps do.
    public init(since: String? = nil, cpts: String? = nil) throws {
        if let since, !Self.isISODate(since) {
            throw UseCaseError.invalid(parameter: "since", reason: "\(since) : date attendue AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SSZ")
        }
        self.since = since
        self.cpts = cpts
    }

    public func answer(store: any MaillageStore) async throws -> [AuditEntry] {
        try await store.auditTrail(since: since, cpts: cpts).map(AuditEntry.init)
    }

    /// `YYYY-MM-DD`, optionally followed by a time.
    static func isISODate(_ text: String) -> Bool {
        let day = text.prefix(10)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        guard day.count == 10, formatter.date(from: String(day)) != nil else { return false }
        return text.count == 10 || (text.count > 11 && text[text.index(text.startIndex, offsetBy: 10)] == "T")
    }
}

/// One event of the trail as answers list it: every member present (`cpts` null when none), for JSON and CSV alike.
public struct AuditEntry: Encodable, Sendable {
    public let event: AuditEvent
    public init(_ event: AuditEvent) { self.event = event }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AuditEvent.CodingKeys.self)
        try c.encode(event.id ?? 0, forKey: .id)
        try c.encode(event.at, forKey: .at)
        try c.encode(event.who, forKey: .who)
        try c.encode(event.role, forKey: .role)
        try c.encode(event.action.rawValue, forKey: .action)
        try c.encode(event.cpts, forKey: .cpts)
        try c.encode(event.patients, forKey: .patients)
        try c.encode(event.outcome, forKey: .outcome)
    }
}
