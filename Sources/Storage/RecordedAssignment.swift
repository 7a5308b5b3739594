import Territory

/// A request a committed matching (or a GP) oriented: who, which GP, how far, when — what a coordinator's history lists.
/// The patient's position is not part of it: a purge may have erased it, and the history does not need it.
public struct RecordedAssignment: Sendable, Equatable {
    public var cpts: String
    public var reference: String
    public var communeCode: String
    public var priority: PatientPriority
    public var registeredOn: String
    public var rpps: String
    public var distanceKm: Double
    /// ISO 8601 UTC timestamp of the commit.
    public var assignedAt: String

    public init(cpts: String, reference: String, communeCode: String, priority: PatientPriority, registeredOn: String,
                rpps: String, distanceKm: Double, assignedAt: String) {
        self.cpts = cpts; self.reference = reference; self.communeCode = communeCode; self.priority = priority
        self.registeredOn = registeredOn; self.rpps = rpps; self.distanceKm = distanceKm; self.assignedAt = assignedAt
    }
}
