import GeometryKit

/// A volunteer GP found for a patient, with the geodesic distance from the patient.
public struct NearestVolunteer: Sendable {
    public var volunteer: Volunteer
    public var distanceKm: Double
    /// CPTS whose territory includes the GP's practice commune.
    public var cpts: [String]
}

/// The volunteer GPs who accept new patients and have places left, indexed for exact geodesic
/// nearest-neighbour queries (`GeodesicPointIndex`). Built once from the store, then read-only.
///
/// ```swift
/// let finder = VolunteerFinder(volunteers: roster, cptsOfCommune: analysis.coveringCPTS(ofCommune:))
/// finder.nearest(to: patient, k: 5, homeVisits: true, maxKm: 20)
/// ```
public final class VolunteerFinder: Sendable {
    /// Available volunteers sorted by RPPS, so that an item's index breaks distance ties by RPPS.
    public let volunteers: [Volunteer]
    /// The covering CPTS of a commune: asked for the volunteers a query finds or filters, not for the whole roster
    /// at every start (a national roster has 14 300 volunteers; `nearest` answers five).
    private let cptsOfCommune: @Sendable (String) -> [String]
    private let index: GeodesicPointIndex

    public init(volunteers: [Volunteer], cptsOfCommune: @escaping @Sendable (String) -> [String]) {
        self.volunteers = volunteers.filter(\.isAvailable).sortedByRPPS()
        self.cptsOfCommune = cptsOfCommune
        index = GeodesicPointIndex(points: self.volunteers.map(\.position))
    }

    /// The `k` nearest available volunteers, nearest first, ties broken by RPPS.
    /// - Parameters:
    ///   - homeVisits: keep only GPs who make home visits.
    ///   - maxKm: keep only GPs within this distance.
    ///   - inCPTS: keep only GPs whose practice lies in one of these CPTS (`--same-cpts`).
    public func nearest(to position: Coordinate, k: Int, homeVisits: Bool = false, maxKm: Double? = nil,
                        inCPTS: Set<String>? = nil) -> [NearestVolunteer] {
        let found = index.nearest(to: position, k: k, maxMetres: (maxKm ?? .infinity) * 1000,
                                  filter: filter(homeVisits: homeVisits, inCPTS: inCPTS))
        return found.map { NearestVolunteer(volunteer: volunteers[$0.item], distanceKm: $0.metres / 1000, cpts: cpts(ofVolunteer: $0.item)) }
    }

    /// Every available volunteer within `km` (indices into `volunteers` and distances in km), nearest first.
    public func within(km: Double, of position: Coordinate, homeVisits: Bool = false) -> [(volunteer: Int, km: Double)] {
        index.within(metres: km * 1000, of: position, filter: filter(homeVisits: homeVisits, inCPTS: nil)).map { ($0.item, $0.metres / 1000) }
    }

    /// Available volunteers that may lie within `metres` (the index's angular lower bound is within), in no order
    /// and with no geodesic computed: for a caller that bounds each distance itself (`CandidateRows.volunteers`).
    func volunteers(possiblyWithin metres: Double, of position: Coordinate) -> [GeodesicPointIndex.BoundedNeighbour] {
        index.bounded(within: metres, of: position)
    }

    /// The geodesic distance in metres from `position` to an available volunteer, as `within` and `nearest` measure it.
    func distanceMetres(from position: Coordinate, toVolunteer item: Int) -> Double {
        Geodesic.distance(position, volunteers[item].position)
    }

    /// The covering CPTS of an available volunteer's practice commune.
    public func cpts(ofVolunteer item: Int) -> [String] { cptsOfCommune(volunteers[item].communeCode) }

    private func filter(homeVisits: Bool, inCPTS: Set<String>?) -> ((Int) -> Bool)? {
        guard homeVisits || inCPTS != nil else { return nil }
        return { [self] item in
            (!homeVisits || volunteers[item].homeVisits) && (inCPTS.map { !$0.isDisjoint(with: cpts(ofVolunteer: item)) } ?? true)
        }
    }
}

extension Array where Element == Volunteer {
    /// By RPPS; the store's rows come sorted already, which is checked in one pass instead of sorting again.
    func sortedByRPPS() -> [Volunteer] {
        zip(self, dropFirst()).allSatisfy { $0.rpps < $1.rpps } ? self : sorted { $0.rpps < $1.rpps }
    }
}
