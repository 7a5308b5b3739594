import Storage
import Territory

/// The optimal matching of a waiting list against the volunteers with places left (most priority patients placed,
/// then least distance): `maillage match` and `POST /api/v1/match`. A dry run changes nothing; a commit is matched
/// on what the store holds at that moment, recorded with its audit event in one transaction, and matched again when
/// a concurrent commit took a place first. Every run is audited: it reads patient data.
public struct MatchWaitingList: Sendable {
    /// The bound of `nearest`: no médecin traitant is farther.
    public static let maxKm = Nearest.maxKm
    /// Commits refused for a place taken meanwhile are matched again this many times in all.
    static let attempts = 5

    public let maxKm: Double
    public let commit: Bool
    /// One CPTS's waiting list and the volunteers of its communes; every list and volunteer when nil (the operator).
    public let scope: CPTSScope?
    /// The roster entries it excludes take no patient (counted in the answer); nil: every entry counts.
    public let freshness: RosterFreshness?

    public init(maxKm: Double = 30, commit: Bool = false, scope: CPTSScope? = nil, freshness: RosterFreshness? = nil) throws {
        self.maxKm = try Self.maxKm.check(maxKm)
        self.commit = commit
        self.scope = scope
        self.freshness = freshness
    }

    /// `orientation`: the roster and waiting lists to match a dry run on (the service's in memory, or the store's read for the
    /// occasion). A commit matches on `current` at each attempt — a desk brought up to date with every write committed before
    /// it is asked (a server's, `DeskChanges` applied) — or, without it, on the scope's rows read afresh from `store`.
    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, orientation: () async throws -> OrientationService,
                    current: (() async throws -> OrientationService)? = nil, by requester: Requester) async throws -> MatchAnswer {
        let match: WaitingListMatch, desk: OrientationService, leftOut: Int
        if commit {
            (match, desk, leftOut) = try await committed(store: store, analysis: analysis, current: current, by: requester)
        } else {
            (desk, leftOut) = fresh(scoped(try await orientation()))
            match = desk.matchWaitingList(maxKm: maxKm)
            try await store.appendAudit(event(.matchDryRun, match, by: requester))
        }
        let communeOf = Dictionary(desk.finder.volunteers.map { ($0.rpps, $0.communeCode) }, uniquingKeysWith: { first, _ in first })
        let placed = Dictionary(match.assignments.map { ($0.rpps, communeOf[$0.rpps] ?? "") }, uniquingKeysWith: { first, _ in first })
        return MatchAnswer(match: match, maxKm: maxKm, committed: commit, identities: try await store.identities(practising: placed),
                           leftOutStale: leftOut)
    }

    private func committed(store: any MaillageStore, analysis: TerritoryAnalysis, current: (() async throws -> OrientationService)?,
                           by requester: Requester) async throws -> (WaitingListMatch, OrientationService, Int) {
        var attempt = 1
        while true {
            let read = if let current { scoped(try await current()) } else { try await freshDesk(store: store, analysis: analysis) }
            let (desk, leftOut) = fresh(read)
            let match = desk.matchWaitingList(maxKm: maxKm)
            do {
                try await store.recordAssignments(match.assignments, audit: event(.matchCommit, match, by: requester))
                return (match, desk, leftOut)
            } catch let error as StorageError where error.isConflict && attempt < Self.attempts {
                attempt += 1   // a place taken by a concurrent commit of a neighbouring CPTS: match again
            }
        }
    }

    /// What the store holds now, read for the scope only.
    private func freshDesk(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> OrientationService {
        guard let scope else { return try await store.orientationService(analysis: analysis) }
        return OrientationService(cpts: scope.cpts, communes: scope.communes, analysis: analysis,
                                  volunteers: try await store.volunteers(inCommunes: scope.communes), practice: { _ in nil },
                                  waiting: try await store.pendingPatientRequests(ofCPTS: scope.cpts))
    }

    /// The desk without the entries `freshness` excludes, and how many available volunteers that left out.
    private func fresh(_ desk: OrientationService) -> (OrientationService, Int) {
        freshness.map { desk.leavingOut(excludedBy: $0) } ?? (desk, 0)
    }

    private func scoped(_ orientation: OrientationService) -> OrientationService {
        scope.map { orientation.scoped(toCPTS: $0.cpts, communes: $0.communes) } ?? orientation
    }

    private func event(_ action: AuditEvent.Action, _ match: WaitingListMatch, by requester: Requester) -> AuditEvent {
        requester.event(action, cpts: scope?.cpts, patients: match.assignments.count + match.unassigned.count,
                        outcome: "\(match.assignments.count) placed")
    }
}
