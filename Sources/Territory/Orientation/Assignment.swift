/// A patient oriented to a volunteer GP: what the coordinator records after a batch matching. The patient is
/// known by (cpts, reference): two CPTS may number their patients alike.
public struct Assignment: Sendable, Hashable {
    public var cpts: String
    public var reference: String
    public var rpps: String
    public var distanceKm: Double
    /// The request's priority, when the matching that made the assignment knew it (what the coordinator's table shows).
    public var priority: PatientPriority?

    public init(cpts: String = "", reference: String, rpps: String, distanceKm: Double, priority: PatientPriority? = nil) {
        self.cpts = cpts; self.reference = reference; self.rpps = rpps; self.distanceKm = distanceKm; self.priority = priority
    }
}
