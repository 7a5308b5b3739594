import GeometryKit
import Storage
import Territory

/// The nearest volunteer GPs who accept new patients and have places left, by geodesic distance: `maillage nearest`
/// and `GET /api/v1/nearest`. Nothing about the patient is kept.
public struct Nearest: Sendable {
    public var query: NearestQuery
    public var coveringStatuses: Set<CPTSStatus>

    public static let k = Bounded("k", 1...100)
    public static let maxKm = Bounded("max_km", 0.001...1000.0)

    /// A position or a commune, checked against the limits above before any work. `freshness`: the roster entries it
    /// excludes are left out and counted, the stale ones marked (the CLI and the service pass `RosterClock.now()`).
    public init(place: NearestQuery.Place, k: Int = 5, homeVisits: Bool = false, maxKm: Double? = nil, sameCPTS: Bool = false,
                freshness: RosterFreshness? = nil, coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) throws {
        if case .position(let position) = place, !position.isValidLongitudeLatitude {
            throw UseCaseError.invalid(parameter: "lat/lon", reason: "hors des bornes WGS84 (latitude −90…90, longitude −180…180)")
        }
        query = NearestQuery(place: place, k: try Self.k.check(k), homeVisits: homeVisits, maxKm: try Self.maxKm.check(maxKm), sameCPTS: sameCPTS,
                             freshness: freshness)
        self.coveringStatuses = coveringStatuses
    }

    /// From the store, reading only around the patient (the CLI: one query per process).
    public func answer(from store: any MaillageStore) async throws -> OrientationService.NearestAnswer {
        try await store.nearest(query, coveringStatuses: coveringStatuses)
    }

    /// From the orientation service over the whole roster (the server's, built under every status).
    public func answer(from orientation: OrientationService) throws -> OrientationService.NearestAnswer { try orientation.nearest(query) }
}
