/// A pair the batch matching may use: a waiting patient and a volunteer GP, already filtered by the
/// caller (within the distance limit, home visits if the patient needs them), with their distance.
///
/// ```swift
/// let pair = MatchingCandidate(patient: 0, gp: 3, distanceKm: 4.2)
/// ```
public struct MatchingCandidate: Sendable, Hashable {
    /// Index into `MatchingProblem.patientPriorities`.
    public var patient: Int
    /// Index into `MatchingProblem.gpCapacities`.
    public var gp: Int
    /// Finite and ≥ 0; the solver counts it in whole millimetres (see `BatchMatcher`).
    public var distanceKm: Double

    public init(patient: Int, gp: Int, distanceKm: Double) {
        self.patient = patient
        self.gp = gp
        self.distanceKm = distanceKm
    }
}

/// One batch: the waiting patients (by priority class), the GPs (by places left) and the allowed pairs.
/// Patients and GPs are identified by their index; a pair listed twice counts once, at its shorter distance.
///
/// ```swift
/// let problem = MatchingProblem(patientPriorities: [0, 3], gpCapacities: [1],
///                               candidates: [MatchingCandidate(patient: 0, gp: 0, distanceKm: 2),
///                                            MatchingCandidate(patient: 1, gp: 0, distanceKm: 1)])
/// ```
public struct MatchingProblem: Sendable {
    /// Priority class per patient, 0…3: 0 = ALD, 1 = plus de 70 ans, 2 = C2S, 3 = aucune (lower is more urgent).
    public var patientPriorities: [Int]
    /// Places left per GP, ≥ 0.
    public var gpCapacities: [Int]
    public var candidates: [MatchingCandidate]

    public init(patientPriorities: [Int], gpCapacities: [Int], candidates: [MatchingCandidate]) {
        self.patientPriorities = patientPriorities
        self.gpCapacities = gpCapacities
        self.candidates = candidates
    }
}

/// Who goes where, and the figures the service reports.
///
/// ```swift
/// let solution = BatchMatcher.solveOptimally(problem)
/// for (patient, gp) in solution.gpOfPatient.enumerated() { print(patient, gp.map(String.init) ?? "waits") }
/// print(solution.placedByPriority, solution.totalDistanceKm)
/// ```
public struct MatchingSolution: Sendable, Equatable {
    /// The GP of each patient, nil when the patient keeps waiting.
    public var gpOfPatient: [Int?]
    /// Sum of the `distanceKm` of the pairs used, added in patient order.
    public var totalDistanceKm: Double
    /// Patients placed per priority class 0…3.
    public var placedByPriority: [Int]

    public init(gpOfPatient: [Int?], totalDistanceKm: Double, placedByPriority: [Int]) {
        self.gpOfPatient = gpOfPatient
        self.totalDistanceKm = totalDistanceKm
        self.placedByPriority = placedByPriority
    }
}
