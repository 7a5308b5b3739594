import Territory

/// A request as the indicators count it: registered, then oriented (committed matching or a GP's acceptance), purged
/// while still waiting, or neither yet. A purged request keeps no reference and no position: only its CPTS, commune,
/// priority and dates (`purged_request`).
public struct HistoricRequest: Sendable, Equatable {
    public var cpts: String
    /// Nil for a purged request.
    public var reference: String?
    public var communeCode: String
    public var priority: PatientPriority
    /// `AAAA-MM-JJ`.
    public var registeredOn: String
    /// ISO 8601 UTC timestamps.
    public var assignedAt: String?
    public var distanceKm: Double?
    public var purgedAt: String?

    public init(cpts: String, reference: String?, communeCode: String, priority: PatientPriority, registeredOn: String,
                assignedAt: String? = nil, distanceKm: Double? = nil, purgedAt: String? = nil) {
        self.cpts = cpts; self.reference = reference; self.communeCode = communeCode; self.priority = priority; self.registeredOn = registeredOn
        self.assignedAt = assignedAt; self.distanceKm = distanceKm; self.purgedAt = purgedAt
    }
}
