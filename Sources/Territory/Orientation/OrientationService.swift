import GeometryKit
import Synchronization

/// The médecin-traitant orientation service of a CPTS: where a patient lives, the nearest volunteer GPs who still
/// take patients, the requests waiting around a GP's practice. Pure logic over what the store holds,
/// shared by the CLI and the HTTP service.
///
/// ```swift
/// let orientation service = OrientationService(analysis: analysis, volunteers: roster, activities: rpps, waiting: pending)
/// let answer = try orientation service.nearest(NearestQuery(commune: "80021", k: 5, homeVisits: true))
/// ```
public final class OrientationService: Sendable {
    public let analysis: TerritoryAnalysis
    public let finder: VolunteerFinder
    /// Every volunteer of the roster (also those without places), sorted by RPPS: searched by halves, no
    /// dictionary built at every start for `requestsNear` alone.
    public let roster: [Volunteer]
    /// Where a practitioner outside the roster practises (first libéral GP site, else first site), by RPPS.
    let practice: @Sendable (String) throws -> Coordinate?
    public let waiting: [PatientRequest]
    /// Built on the first `requestsNear`: a service is made anew after every write, and most are asked none.
    private let waitingIndex = Mutex<GeodesicPointIndex?>(nil)

    public convenience init(analysis: TerritoryAnalysis, volunteers: [Volunteer], activities: [PractitionerActivity], waiting: [PatientRequest]) {
        let practices = OrientationService.practices(activities)
        self.init(analysis: analysis, volunteers: volunteers, practice: { practices[$0] }, waiting: waiting)
    }

    /// `practice`: the practice of a GP outside the roster (`practices(_:)` of its activities), asked by `requestsNear`
    /// only — a server reads it from the store per request rather than hold 325 818 activities.
    public convenience init(analysis: TerritoryAnalysis, volunteers: [Volunteer], practice: @escaping @Sendable (String) throws -> Coordinate?,
                            waiting: [PatientRequest]) {
        let roster = volunteers.sortedByRPPS()
        self.init(analysis: analysis, roster: roster, practice: practice, waiting: waiting.sortedByKey(),
                  finder: VolunteerFinder(sortedRoster: roster, cptsOfCommune: analysis.coveringCPTS(ofCommune:)))
    }

    /// `roster` sorted by RPPS, `waiting` by key, `finder` over `roster`.
    private init(analysis: TerritoryAnalysis, roster: [Volunteer], practice: @escaping @Sendable (String) throws -> Coordinate?,
                 waiting: [PatientRequest], finder: VolunteerFinder) {
        self.analysis = analysis
        self.roster = roster
        self.practice = practice
        self.waiting = waiting
        self.finder = finder
    }

    /// This service with the rows other writes touched, as they are now: `volunteers` and `pending` take the place of the
    /// entries of `touchedVolunteers` and `touchedRequests`, and those they lack are gone (left the roster, oriented, purged).
    /// What an instance applies instead of reading the whole desk again: merged into the sorted roster and waiting lists
    /// in one pass each, the finder's index kept when no practice moved, came or went.
    public func applying(touchedVolunteers: Set<String>, volunteers: [Volunteer], touchedRequests: Set<PatientRequestKey>,
                         pending: [PatientRequest]) -> OrientationService {
        let changed = volunteers.sortedByRPPS()
        let roster = self.roster.merging(removing: touchedVolunteers.sorted(), adding: changed, by: \.rpps)
        let samePractices = changed.count == touchedVolunteers.count
            && changed.allSatisfy { volunteer(rpps: $0.rpps)?.position == $0.position }
        return OrientationService(analysis: analysis, roster: roster, practice: practice,
                                  waiting: waiting.merging(removing: touchedRequests.sorted(), adding: pending.sortedByKey(), by: PatientRequestKey.init),
                                  finder: VolunteerFinder(sortedRoster: roster, cptsOfCommune: analysis.coveringCPTS(ofCommune:),
                                                          reusingIndexOf: samePractices ? finder : nil))
    }

    /// Practice position of each practitioner (first libéral GP site, else first site), by RPPS.
    public static func practices(_ activities: [PractitionerActivity]) -> [String: Coordinate] {
        Dictionary(uniqueKeysWithValues: Practitioner.grouping(activities).map { ($0.rpps, $0.mainActivity.position) })
    }

    /// The answer to a nearest-volunteer query: where the patient is, and the GPs found.
    public struct NearestAnswer: Sendable {
        public var location: PatientLocation
        public var volunteers: [NearestVolunteer]
        /// The GPs' names and practice addresses, for a token's holder; empty in the anonymous answer.
        public var identities: [String: PractitionerIdentity] = [:]
        /// Volunteers the query's freshness left out for being too old, within the answer's reach (`leftOutWithin`).
        public var leftOutStale = 0
    }

    public func nearest(_ query: NearestQuery) throws -> NearestAnswer {
        let location = try locate(query.place)
        let restriction: Set<String>? = query.sameCPTS ? Set(location.cpts) : nil
        let found = finder.nearest(to: location.position, k: query.k, homeVisits: query.homeVisits, maxKm: query.maxKm, inCPTS: restriction,
                                   freshness: query.freshness)
        var answer = NearestAnswer(location: location, volunteers: found)
        if let freshness = query.freshness {
            answer.leftOutStale = finder.excluded(by: freshness, within: Self.leftOutWithin(found, query), of: location.position,
                                                  homeVisits: query.homeVisits, inCPTS: restriction)
        }
        return answer
    }

    /// The reach within which left-out entries are counted: as far as the farthest GP proposed when `k` were found (a
    /// nearer entry would have been proposed), else `max_km`, else anywhere.
    static func leftOutWithin(_ found: [NearestVolunteer], _ query: NearestQuery) -> Double? {
        found.count == query.k ? found.last!.distanceKm : query.maxKm
    }

    public func locate(_ place: NearestQuery.Place) throws -> PatientLocation {
        switch place {
        case .position(let position):
            guard position.isValidLongitudeLatitude else { throw OrientationError.badCoordinates(position) }
            return analysis.locate(position)
        case .commune(let code):
            guard let location = analysis.locate(communeCode: code) else { throw OrientationError.unknownCommune(code) }
            return location
        }
    }

    /// The roster's entry of an RPPS number (with or without places left).
    public func volunteer(rpps: String) -> Volunteer? {
        var (low, high) = (0, roster.count)
        while low < high {
            let mid = (low + high) / 2
            if roster[mid].rpps < rpps { low = mid + 1 } else { high = mid }
        }
        return low < roster.count && roster[low].rpps == rpps ? roster[low] : nil
    }

    /// Pending requests within `km` of a GP's practice (the roster position, else the RPPS practice), nearest first.
    public func requestsNear(rpps: String, km: Double) throws -> [(request: PatientRequest, distanceKm: Double)] {
        guard let practice = try volunteer(rpps: rpps)?.position ?? self.practice(rpps) else { throw OrientationError.unknownPractitioner(rpps) }
        return requestsNear(practice, km: km)
    }

    /// Pending requests within `km` of a position already known (a caller that looked the practice up itself).
    public func requestsNear(_ position: Coordinate, km: Double) -> [(request: PatientRequest, distanceKm: Double)] {
        let index = waitingIndex.withLock { built in
            if built == nil { built = GeodesicPointIndex(points: waiting.map(\.position)) }
            return built!
        }
        return index.within(metres: km * 1000, of: position).map { (waiting[$0.item], $0.metres / 1000) }
    }
}

/// A nearest-volunteer query: where, how many, which filters.
public struct NearestQuery: Sendable {
    public enum Place: Sendable {
        case position(Coordinate)
        case commune(String)
    }
    public var place: Place
    public var k: Int
    public var homeVisits: Bool
    public var maxKm: Double?
    public var sameCPTS: Bool
    /// Roster entries older than its exclusion age are left out, the stale ones marked; nil: every entry counts.
    public var freshness: RosterFreshness?

    public init(place: Place, k: Int = 5, homeVisits: Bool = false, maxKm: Double? = nil, sameCPTS: Bool = false, freshness: RosterFreshness? = nil) {
        self.place = place; self.k = k; self.homeVisits = homeVisits; self.maxKm = maxKm; self.sameCPTS = sameCPTS; self.freshness = freshness
    }
}

/// Why an orientation query cannot be answered.
public enum OrientationError: Error, CustomStringConvertible {
    case badCoordinates(Coordinate)
    case unknownCommune(String)
    case unknownPractitioner(String)

    public var description: String {
        switch self {
        case .badCoordinates(let c): return "les coordonnées \(c) ne sont pas une longitude/latitude WGS84"
        case .unknownCommune(let code): return "aucune commune de code '\(code)' (ou elle n'a pas de polygone)"
        case .unknownPractitioner(let rpps): return "aucun praticien de RPPS '\(rpps)' dans la liste des volontaires ni dans l'extrait RPPS"
        }
    }
}
