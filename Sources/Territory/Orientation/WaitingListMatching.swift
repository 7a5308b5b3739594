import GeometryKit

/// Why a waiting patient got no GP in a batch matching.
public enum UnassignedReason: String, Sendable {
    /// No volunteer with places (and home visits, if needed) within the distance limit.
    case nobodyWithinReach = "nobody within max km"
    /// Volunteers were within reach, but their places went to patients of higher priority or to
    /// patients with no other option.
    case capacityExhausted = "capacity exhausted"
}

/// The outcome of matching the waiting list: who goes where, who waits and why, figures by priority.
public struct WaitingListMatch: Sendable {
    public var assignments: [Assignment]
    public var unassigned: [(reference: String, reason: UnassignedReason)]
    public var waitingByPriority: [PatientPriority: Int]
    public var placedByPriority: [PatientPriority: Int]
    public var totalDistanceKm: Double
    /// The same figures for the greedy baseline (patients by priority take their nearest free GP).
    public var greedyPlacedByPriority: [PatientPriority: Int]
    public var greedyTotalDistanceKm: Double
}

extension OrientationService {
    /// Matches every waiting patient to at most one volunteer GP within `maxKm`, optimally (see
    /// `BatchMatcher`): nothing is recorded here, the caller commits the assignments if wanted.
    ///
    /// ```swift
    /// let match = desk.matchWaitingList(maxKm: 30)
    /// try store.recordAssignments(match.assignments)   // `maillage match --commit`
    /// ```
    public func matchWaitingList(maxKm: Double, requests: [PatientRequest]? = nil) -> WaitingListMatch {
        let patients = requests ?? waiting
        let candidates = (try? ParallelMap.map(patients.indices.map { $0 }) { p in
            finder.within(km: maxKm, of: patients[p].position, homeVisits: patients[p].needsHomeVisit)
                .map { MatchingCandidate(patient: p, gp: $0.volunteer, distanceKm: $0.km) }
        }) ?? []
        let problem = MatchingProblem(patientPriorities: patients.map(\.priority.rank), gpCapacities: finder.volunteers.map(\.placesRemaining),
                                      candidates: candidates.flatMap { $0 })
        let optimal = BatchMatcher.solveOptimally(problem)
        let greedy = BatchMatcher.solveGreedily(problem)
        var assignments: [Assignment] = []
        var unassigned: [(String, UnassignedReason)] = []
        for (p, gp) in optimal.gpOfPatient.enumerated() {
            if let gp {
                let distance = candidates[p].first { $0.gp == gp }!.distanceKm
                assignments.append(Assignment(reference: patients[p].reference, rpps: finder.volunteers[gp].rpps, distanceKm: distance))
            } else {
                unassigned.append((patients[p].reference, candidates[p].isEmpty ? .nobodyWithinReach : .capacityExhausted))
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
