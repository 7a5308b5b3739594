import GeometryKit

/// A volunteer GP found for a patient, with the geodesic distance from the patient.
public struct NearestVolunteer: Sendable {
    public var volunteer: Volunteer
    public var distanceKm: Double
    /// CPTS whose territory includes the GP's practice commune.
    public var cpts: [String]
    /// The roster entry was not confirmed within the stale age (`RosterFreshness`): worth a call before orienting.
    public var stale = false
}

/// The volunteer GPs who accept new patients and have places left, indexed for exact geodesic
/// nearest-neighbour queries (`GeodesicPointIndex`). Built once from the store, then read-only.
///
/// The index holds the whole roster and leaves out, at each query, those with no place left: a committed matching
/// changes places and closes lists, not practices, so the finder made after it keeps its predecessor's index.
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
    /// Each roster entry's place in `volunteers` (the index holds the roster by RPPS), -1 when not available.
    private let availableItem: [Int32]
    private let index: GeodesicPointIndex
    /// The oldest `mis_a_jour_le` of the available volunteers: when no entry is older than a freshness's exclusion day, a
    /// query leaves nobody out and counts nothing (the hot path of `nearest`, most days).
    private let oldestUpdate: String

    public convenience init(volunteers: [Volunteer], cptsOfCommune: @escaping @Sendable (String) -> [String]) {
        self.init(sortedRoster: volunteers.sortedByRPPS(), cptsOfCommune: cptsOfCommune)
    }

    /// `roster` sorted by RPPS; `previous`: a finder over the same GPs at the same practices, whose index serves again.
    init(sortedRoster roster: [Volunteer], cptsOfCommune: @escaping @Sendable (String) -> [String], reusingIndexOf previous: VolunteerFinder? = nil) {
        var available: [Volunteer] = [], availableItem = [Int32](repeating: -1, count: roster.count)
        for (item, volunteer) in roster.enumerated() where volunteer.isAvailable {
            availableItem[item] = Int32(available.count)
            available.append(volunteer)
        }
        self.volunteers = available
        self.availableItem = availableItem
        oldestUpdate = available.lazy.map(\.updatedOn).min() ?? ""
        self.cptsOfCommune = cptsOfCommune
        index = previous?.index ?? GeodesicPointIndex(points: roster.map(\.position))
    }

    /// The `k` nearest available volunteers, nearest first, ties broken by RPPS.
    /// - Parameters:
    ///   - homeVisits: keep only GPs who make home visits.
    ///   - maxKm: keep only GPs within this distance.
    ///   - inCPTS: keep only GPs whose practice lies in one of these CPTS (`--same-cpts`).
    ///   - freshness: leave out the entries it excludes, and mark the stale ones.
    public func nearest(to position: Coordinate, k: Int, homeVisits: Bool = false, maxKm: Double? = nil,
                        inCPTS: Set<String>? = nil, freshness: RosterFreshness? = nil) -> [NearestVolunteer] {
        let excluding = freshness.flatMap { oldestUpdate < $0.excludedBefore ? ($0, false) : nil }
        let found = index.nearest(to: position, k: k, maxMetres: (maxKm ?? .infinity) * 1000,
                                  filter: filter(homeVisits: homeVisits, inCPTS: inCPTS, excluded: excluding))
        return found.map { found in
            let item = Int(availableItem[found.item])
            return NearestVolunteer(volunteer: volunteers[item], distanceKm: found.metres / 1000, cpts: cpts(ofVolunteer: item),
                                    stale: freshness?.isStale(volunteers[item]) ?? false)
        }
    }

    /// How many available volunteers the query would have kept but `freshness` excludes, within `km` (all of them when nil):
    /// what `nearest` left out for being too old, within the answer's reach.
    public func excluded(by freshness: RosterFreshness, within km: Double?, of position: Coordinate, homeVisits: Bool = false,
                         inCPTS: Set<String>? = nil) -> Int {
        guard oldestUpdate < freshness.excludedBefore else { return 0 }
        return index.within(metres: (km ?? .infinity) * 1000, of: position,
                     filter: filter(homeVisits: homeVisits, inCPTS: inCPTS, excluded: (freshness, true))).count
    }

    /// Every available volunteer within `km` (indices into `volunteers` and distances in km), nearest first.
    public func within(km: Double, of position: Coordinate, homeVisits: Bool = false) -> [(volunteer: Int, km: Double)] {
        index.within(metres: km * 1000, of: position, filter: filter(homeVisits: homeVisits, inCPTS: nil, excluded: nil))
            .map { (Int(availableItem[$0.item]), $0.metres / 1000) }
    }

    /// Available volunteers that may lie within `metres` (the index's angular lower bound is within), in no order
    /// and with no geodesic computed: for a caller that bounds each distance itself (`CandidateRows.volunteers`).
    func volunteers(possiblyWithin metres: Double, of position: Coordinate) -> [GeodesicPointIndex.BoundedNeighbour] {
        index.bounded(within: metres, of: position).compactMap { found in
            let item = availableItem[found.item]
            guard item >= 0 else { return nil }
            var neighbour = found
            neighbour.item = Int(item)
            return neighbour
        }
    }

    /// The geodesic distance in metres from `position` to an available volunteer, as `within` and `nearest` measure it.
    func distanceMetres(from position: Coordinate, toVolunteer item: Int) -> Double {
        Geodesic.distance(position, volunteers[item].position)
    }

    /// The covering CPTS of an available volunteer's practice commune.
    public func cpts(ofVolunteer item: Int) -> [String] { cptsOfCommune(volunteers[item].communeCode) }

    /// Over the index's items (the roster): the available volunteers the query keeps — with `excluded`, those its
    /// freshness keeps (`wanted` false) or only those it leaves out (`wanted` true).
    private func filter(homeVisits: Bool, inCPTS: Set<String>?, excluded: (freshness: RosterFreshness, wanted: Bool)?) -> (Int) -> Bool {
        { [self] rosterItem in
            let item = Int(availableItem[rosterItem])
            return item >= 0 && (!homeVisits || volunteers[item].homeVisits)
                && (excluded.map { $0.freshness.isExcluded(volunteers[item]) == $0.wanted } ?? true)
                && (inCPTS.map { !$0.isDisjoint(with: cpts(ofVolunteer: item)) } ?? true)
        }
    }
}

extension Array {
    /// This array, sorted by `key`, without the elements whose key is in `removed` and with `added` (both sorted by key)
    /// in their places: one pass, where filtering, appending and sorting again took three.
    func merging<Key: Comparable>(removing removed: [Key], adding added: [Element], by key: (Element) -> Key) -> [Element] {
        var merged: [Element] = []
        merged.reserveCapacity(count + added.count)
        var (r, a) = (0, 0)
        for element in self {
            let k = key(element)
            while a < added.count, key(added[a]) < k { merged.append(added[a]); a += 1 }
            while r < removed.count, removed[r] < k { r += 1 }
            if r < removed.count, removed[r] == k { continue }
            merged.append(element)
        }
        merged.append(contentsOf: added[a...])
        return merged
    }
}

extension Array where Element == Volunteer {
    /// By RPPS; the store's rows come sorted already, which is checked in one pass instead of sorting again.
    func sortedByRPPS() -> [Volunteer] {
        zip(self, dropFirst()).allSatisfy { $0.rpps < $1.rpps } ? self : sorted { $0.rpps < $1.rpps }
    }
}
