import GeometryKit

/// Why a waiting patient got no GP in a batch matching.
public enum UnassignedReason: String, Sendable {
    /// No volunteer with places (and home visits, if needed) within the distance limit.
    case nobodyWithinReach = "aucun médecin volontaire avec des places à moins de la distance maximale"
    /// Volunteers were within reach, but their places went to patients of higher priority or to
    /// patients with no other option.
    case capacityExhausted = "places épuisées par des patients prioritaires ou sans autre choix"
}

/// The outcome of matching the waiting list: who goes where, who waits and why, figures by priority.
public struct WaitingListMatch: Sendable {
    public var assignments: [Assignment]
    public var unassigned: [(cpts: String, reference: String, reason: UnassignedReason)]
    public var waitingByPriority: [PatientPriority: Int]
    public var placedByPriority: [PatientPriority: Int]
    public var totalDistanceKm: Double
    /// The same figures for the greedy baseline (patients by priority take their nearest free GP).
    public var greedyPlacedByPriority: [PatientPriority: Int]
    public var greedyTotalDistanceKm: Double
}

extension OrientationService {
    /// Matches every waiting patient to at most one volunteer GP within `maxKm`, optimally (see
    /// `BatchMatcher`): nothing is recorded here, the caller commits the assignments if wanted. The candidates are
    /// the pairs `finder.within(km:of:homeVisits:)` lists (`maxKm` taken no larger than
    /// `BatchMatcher.maximumDistanceKm`), held as `CandidateRows`.
    ///
    /// ```swift
    /// let match = orientation service.matchWaitingList(maxKm: 30)
    /// try await store.recordAssignments(match.assignments)   // `maillage match --commit`
    /// ```
    public func matchWaitingList(maxKm: Double, requests: [PatientRequest]? = nil) -> WaitingListMatch {
        let patients = requests ?? waiting
        let priorities = patients.map(\.priority.rank)
        var graph = MatchingGraph(rows: CandidateRows.volunteers(of: finder, within: maxKm, for: patients),
                                  priorities: priorities, places: finder.volunteers.map(\.placesRemaining))
        let optimalGP = BatchMatcher.placeOptimally(&graph)
        let greedyGP = BatchMatcher.placeGreedily(&graph)
        func distanceKm(_ p: Int, _ gp: Int) -> Double { finder.distanceMetres(from: patients[p].position, toVolunteer: gp) / 1000 }
        let optimalKm = optimalGP.enumerated().map { p, gp in gp >= 0 ? distanceKm(p, Int(gp)) : 0 }
        let optimal = MatchingSolution(gpOf: optimalGP, priorities: priorities, distanceKm: { p, _ in optimalKm[p] })
        let greedy = MatchingSolution(gpOf: greedyGP, priorities: priorities, distanceKm: distanceKm)
        var assignments: [Assignment] = []
        var unassigned: [(String, String, UnassignedReason)] = []
        for (p, gp) in optimalGP.enumerated() {
            if gp >= 0 {
                assignments.append(Assignment(cpts: patients[p].cpts, reference: patients[p].reference, rpps: finder.volunteers[Int(gp)].rpps,
                                              distanceKm: optimalKm[p], priority: patients[p].priority))
            } else {
                unassigned.append((patients[p].cpts, patients[p].reference, graph.rows.entries(of: p).isEmpty ? .nobodyWithinReach : .capacityExhausted))
            }
        }
        func byPriority(_ counts: [Int]) -> [PatientPriority: Int] {
            Dictionary(uniqueKeysWithValues: PatientPriority.allCases.map { ($0, counts[$0.rank]) })
        }
        return WaitingListMatch(assignments: assignments, unassigned: unassigned,
                                waitingByPriority: Dictionary(grouping: patients, by: \.priority).mapValues(\.count),
                                placedByPriority: byPriority(optimal.placedByPriority), totalDistanceKm: optimal.totalDistanceKm,
                                greedyPlacedByPriority: byPriority(greedy.placedByPriority), greedyTotalDistanceKm: greedy.totalDistanceKm)
    }
}
