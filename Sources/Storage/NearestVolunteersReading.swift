import GeometryKit
import Territory

/// A store that reads the volunteers nearest to a point by a spatial index's k-nearest-neighbour scan (PostGIS's `<->`
/// on the GIST index): `MaillageStore.nearest(…, read: .nearestScan)` reads a growing count of them rather than growing
/// boxes. `maillage-bench backends` compares the two reads on the national PostGIS store (same answers; the boxes were
/// the faster, and stay the default).
public protocol NearestVolunteersReading: Sendable {
    /// The `count` volunteers (with or without places) nearest to `position` in degrees, by RPPS.
    func volunteers(nearest position: Coordinate, count: Int) async throws -> [Volunteer]
}

public enum NearestScan {
    /// The geodesic distance (metres) that a distance in degrees guarantees at least, at the latitudes of France and its
    /// overseas départements (|φ| ≤ 60°: a degree of longitude is then at least half a degree of latitude).
    public static func metresAtLeast(degrees: Double) -> Double { degrees * 110_574 * 0.5 }
}
