import Storage
import Territory

/// The tests' and benchmarks' shortcuts to the store: writes with no audit event, and the busiest CPTS.
extension MaillageStore {
    /// A merge with no audit event: the tests' and benchmarks' fixtures.
    public func mergePatientRequests(_ produce: (_ write: ([PatientRequest]) throws -> Void) throws -> String) async throws -> PatientMerge {
        try await mergePatientRequests(produce, audit: { _ in nil })
    }

    /// Assignments with no audit event: the tests' and benchmarks' fixtures.
    public func recordAssignments(_ assignments: [Assignment]) async throws { try await recordAssignments(assignments, audit: nil) }

    /// The `count` CPTS with the most volunteers practising in their communes (ties by id), each with its communes that
    /// have a position (where a coordinator's waiting-list rows can be placed): the busiest coordinators, which the two-instance
    /// test and `maillage-bench backends` load with ten coordinators.
    public func cptsWithMostVolunteers(_ count: Int) async throws -> [(id: String, locatedCommunes: [String])] {
        let byCommune = Dictionary(grouping: try await volunteers(), by: \.communeCode).mapValues(\.count)
        let located = Set(try await communeLayer(geometry: false).communes.filter { $0.representativePoint != nil }.map(\.code))
        return try await allCPTS()
            .map { cpts in (cpts, cpts.communeCodes.reduce(0) { $0 + (byCommune[$1] ?? 0) }) }
            .sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) }
            .prefix(count).map { (id: $0.0.id, locatedCommunes: $0.0.communeCodes.filter(located.contains)) }
    }
}
