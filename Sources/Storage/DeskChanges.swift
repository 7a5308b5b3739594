import Territory

/// What one write to the desk (rosters and waiting lists) touched, logged in its own transaction under the next desk
/// sequence (`desk_change`), so that another instance reads those rows again instead of the whole desk.
public enum DeskLog: Sendable {
    /// The operator's roster import: everything may have changed, the desk is read whole.
    case everything
    case rows(volunteers: [String], requests: [PatientRequestKey])

    /// How many sequences the log keeps: an instance further behind reads the desk whole.
    public static let keptSequences = 1_000
    /// The log is pruned every this many sequences, by the write that reaches it.
    public static let pruningInterval = 100
    /// Beyond this many rows touched since an instance's read, reading the desk whole is as quick.
    public static let mostRowsApplied = 20_000

    /// The rows to log, each once and sorted, and whether the row with no key (everything) is logged instead.
    public var logged: (everything: Bool, volunteers: [String], requests: [PatientRequestKey]) {
        switch self {
        case .everything: return (true, [], [])
        case .rows(let volunteers, let requests): return (false, Set(volunteers).sorted(), Set(requests).sorted())
        }
    }

    /// The sequence up to which the write numbered `sequence` prunes the log, if it is one that prunes.
    public static func pruned(at sequence: Int) -> Int? {
        sequence % pruningInterval == 0 && sequence > keptSequences ? sequence - keptSequences : nil
    }
}

/// What the writes after an instance's read changed of the desk: the rows they touched, as they are now. An instance
/// applies them to the roster and waiting lists it serves (`OrientationService.applying`).
public struct DeskChanges: Sendable {
    /// The desk sequence of the last write included.
    public var sequence: Int
    /// Every roster entry touched; those still on the roster in `volunteers`, the others deleted.
    public var touchedVolunteers: Set<String> = []
    public var volunteers: [Volunteer] = []
    /// Every request touched; those still waiting in `pending`, the others oriented or purged.
    public var touchedRequests: Set<PatientRequestKey> = []
    public var pending: [PatientRequest] = []

    public init(sequence: Int) { self.sequence = sequence }

    /// Counts one row of the log (`desk_change`) among those touched; false for the row with no key (everything: the
    /// desk is read whole).
    public mutating func record(rpps: String?, cpts: String?, reference: String?) -> Bool {
        if let rpps {
            touchedVolunteers.insert(rpps)
        } else if let cpts, let reference {
            touchedRequests.insert(PatientRequestKey(cpts: cpts, reference: reference))
        } else {
            return false
        }
        return true
    }

    /// Whether the changes after `since` can be applied: nil when the desk must be read whole — the log pruned past
    /// `since`, or `since` beyond the store's sequence (another store's, or a copy's).
    public static func readable(since: Int, current: Int, pruned: Int) -> Bool {
        since >= pruned && since <= current
    }
}
