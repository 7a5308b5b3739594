/// A patient oriented to a volunteer GP: what the coordinator records after a batch matching.
public struct Assignment: Sendable, Hashable {
    public var reference: String
    public var rpps: String
    public var distanceKm: Double

    public init(reference: String, rpps: String, distanceKm: Double) {
        self.reference = reference; self.rpps = rpps; self.distanceKm = distanceKm
    }
}
