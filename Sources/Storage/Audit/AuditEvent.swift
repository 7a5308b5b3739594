import Foundation

/// One entry of the audit trail: who touched patient data or was refused, what, for which CPTS, how many patients,
/// with what outcome — never a patient's reference or position. Written by the store in the transaction of the
/// change it records (uploads, commits, purges), or on its own for a read or a denial; the table is append-only
/// (SQLite triggers refuse UPDATE and DELETE), and no log level can drop it.
///
/// ```swift
/// let event = AuditEvent(who: "coordinator:CPTS-80-01#9b1c2d3e", role: "coordinator", action: .matchCommit,
///                        cpts: "CPTS-80-01", patients: 120, outcome: "98 placed")
/// try await store.recordAssignments(match.assignments, audit: event)
/// ```
public struct AuditEvent: Sendable, Equatable, Codable {
    /// What was done, as `maillage audit` lists it.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case waitingListUpload = "waiting-list-upload"
        case rosterUpload = "roster-upload"
        case matchDryRun = "match-dry-run"
        case matchCommit = "match-commit"
        case requestsNear = "requests-near"
        /// A coordinator's reading of the pending requests or of the orientations made (history, downloads).
        case waitingListRead = "waiting-list-read"
        case assignmentsRead = "assignments-read"
        case purge
        /// A practitioner's reading of the requests near him, his taking one, his declining one, his update of his entry.
        case practitionerRequestsRead = "practitioner-requests-read"
        case practitionerAccept = "practitioner-accept"
        case practitionerDecline = "practitioner-decline"
        case practitionerUpdate = "practitioner-update"
        /// A 401 or 403: a request without a valid token, or outside the token's role or CPTS.
        case denied
    }

    public var id: Int64?
    /// ISO 8601, UTC, to the second: sorts as it reads.
    public var at: String
    /// The caller's label (role, scope, token fingerprint), or `cli` for a command of the operator.
    public var who: String
    public var role: String
    public var action: Action
    public var cpts: String?
    public var patients: Int
    public var outcome: String
    /// The columns of `audit_event`.
    public enum CodingKeys: String, CodingKey { case id, at, who, role, action, cpts, patients, outcome }

    public init(at: Date = Date(), who: String, role: String, action: Action, cpts: String?, patients: Int, outcome: String) {
        self.at = AuditEvent.timestamp(at); self.who = who; self.role = role; self.action = action; self.cpts = cpts
        self.patients = patients; self.outcome = outcome
    }

    /// `2026-12-07T03:44:46Z`, as `ISO8601DateFormatter` writes it, without one: building that formatter loads ICU's
    /// calendar data, 70 ms of a one-query command that writes its audit event.
    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var utc = tm()
        gmtime_r(&seconds, &utc)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(digits(utc.tm_year + 1900, 4))-\(digits(utc.tm_mon + 1, 2))-\(digits(utc.tm_mday, 2))"
            + "T\(digits(utc.tm_hour, 2)):\(digits(utc.tm_min, 2)):\(digits(utc.tm_sec, 2))Z"
    }
}

/// What `purge` removed.
public struct PurgeCounts: Sendable, Equatable {
    /// Assigned requests whose position was erased (the assignment itself is kept: GP, distance, date).
    public var assignedPositionsErased = 0
    /// Pending requests deleted, registered before the cut-off.
    public var pendingDeleted = 0
    public init() {}
}
