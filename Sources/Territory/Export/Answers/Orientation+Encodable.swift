/// A volunteer GP found near a patient (`rpps`, distance, places, home visits, commune, CPTS, precision).
extension NearestVolunteer: Encodable {
    enum CodingKeys: String, CodingKey {
        case rpps, distanceKm = "distance_km", placesRestantes = "places_restantes", visitesDomicile = "visites_domicile"
        case codeCommune = "code_commune", cpts, precision, lat, lon, misAJourLe = "mis_a_jour_le", stale
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(volunteer.rpps, forKey: .rpps)
        try c.encode(Rounded.value(distanceKm), forKey: .distanceKm)
        try c.encode(volunteer.placesRemaining, forKey: .placesRestantes)
        try c.encode(volunteer.homeVisits, forKey: .visitesDomicile)
        try c.encode(volunteer.communeCode, forKey: .codeCommune)
        try c.encode(cpts, forKey: .cpts)
        try c.encode(volunteer.precision.rawValue, forKey: .precision)
        try c.encode(Rounded.value(volunteer.position.latitude, 6), forKey: .lat)
        try c.encode(Rounded.value(volunteer.position.longitude, 6), forKey: .lon)
        try c.encode(volunteer.updatedOn, forKey: .misAJourLe)
        try c.encode(stale, forKey: .stale)
    }
}

/// Where the patient was placed: the point, its commune and the CPTS covering it.
extension PatientLocation: Encodable {
    enum CodingKeys: String, CodingKey { case lat, lon, codeCommune = "code_commune", precision, cpts, whiteZone = "white_zone" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Rounded.value(position.latitude, 6), forKey: .lat)
        try c.encode(Rounded.value(position.longitude, 6), forKey: .lon)
        try c.encode(communeCode, forKey: .codeCommune)
        try c.encode(precision.rawValue, forKey: .precision)
        try c.encode(cpts, forKey: .cpts)
        try c.encode(inWhiteZone, forKey: .whiteZone)
    }
}

extension OrientationService.NearestAnswer: Encodable {
    enum CodingKeys: String, CodingKey { case location, volunteers, leftOutStale = "left_out_stale" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(location, forKey: .location)
        if identities.isEmpty {
            try c.encode(volunteers, forKey: .volunteers)
        } else {
            try c.encode(volunteers.map { IdentifiedVolunteer(volunteer: $0, identity: identities[$0.volunteer.rpps]) }, forKey: .volunteers)
        }
        try c.encode(leftOutStale, forKey: .leftOutStale)
    }

    /// A volunteer's members, then his name and practice address (`nom`, `adresse`; null when the directory has none).
    struct IdentifiedVolunteer: Encodable {
        let volunteer: NearestVolunteer
        let identity: PractitionerIdentity?
        enum CodingKeys: String, CodingKey { case nom, adresse }

        func encode(to encoder: any Encoder) throws {
            try volunteer.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(identity?.name, forKey: .nom)
            try c.encode(identity?.practiceAddress, forKey: .adresse)
        }
    }
}

/// A waiting request as a GP may see it: pseudonymous reference, commune, priority, distance — not the address.
public struct RequestNear: Encodable, Sendable {
    public var request: PatientRequest
    public var distanceKm: Double

    public init(request: PatientRequest, distanceKm: Double) { self.request = request; self.distanceKm = distanceKm }

    /// A patient's distance as a GP may see it: to the nearest 0.5 km, too coarse for a few queries about several GPs to
    /// place a home.
    public static func roundedKm(_ km: Double) -> Double { (km * 2).rounded() / 2 }

    enum CodingKeys: String, CodingKey {
        case reference, codeCommune = "code_commune", priorite, besoinVisiteDomicile = "besoin_visite_domicile"
        case inscritLe = "inscrit_le", distanceKm = "distance_km"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(request.reference, forKey: .reference)
        try c.encode(request.communeCode, forKey: .codeCommune)
        try c.encode(request.priority.rawValue, forKey: .priorite)
        try c.encode(request.needsHomeVisit, forKey: .besoinVisiteDomicile)
        try c.encode(request.registeredOn, forKey: .inscritLe)
        try c.encode(Rounded.value(distanceKm), forKey: .distanceKm)
    }
}

/// A batch matching: summary by priority, assignments and the patients left waiting with the reason.
public struct MatchAnswer: Encodable, Sendable {
    public var match: WaitingListMatch
    public var maxKm: Double
    public var committed: Bool
    /// The placed GPs' names and practice addresses (the answer goes to a coordinator or the operator).
    public var identities: [String: PractitionerIdentity]
    /// Volunteers with places left out because their roster entry is older than the exclusion age.
    public var leftOutStale: Int

    public init(match: WaitingListMatch, maxKm: Double, committed: Bool, identities: [String: PractitionerIdentity] = [:], leftOutStale: Int = 0) {
        self.match = match; self.maxKm = maxKm; self.committed = committed; self.identities = identities; self.leftOutStale = leftOutStale
    }

    enum CodingKeys: String, CodingKey {
        case committed, maxKm = "max_km", totalDistanceKm = "total_distance_km", greedyTotalDistanceKm = "greedy_total_distance_km"
        case byPriority = "by_priority", assignments, unassigned, leftOutStale = "left_out_stale"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(committed, forKey: .committed)
        try c.encode(maxKm, forKey: .maxKm)
        try c.encode(Rounded.value(match.totalDistanceKm), forKey: .totalDistanceKm)
        try c.encode(Rounded.value(match.greedyTotalDistanceKm), forKey: .greedyTotalDistanceKm)
        try c.encode(PriorityRow.rows(match), forKey: .byPriority)
        try c.encode(match.assignments.map { PatientRow(assignment: $0, identity: identities[$0.rpps]) }, forKey: .assignments)
        try c.encode(match.unassigned.map { UnassignedRow(cpts: $0.cpts, reference: $0.reference, reason: $0.reason.rawValue) }, forKey: .unassigned)
        try c.encode(leftOutStale, forKey: .leftOutStale)
    }

    /// Waiting, placed and placed by the greedy baseline, for one priority.
    public struct PriorityRow: Encodable, Sendable {
        var priorite: String
        var waiting, placed: Int
        var placedByGreedy: Int
        enum CodingKeys: String, CodingKey { case priorite, waiting, placed, placedByGreedy = "placed_by_greedy" }

        public static func rows(_ match: WaitingListMatch) -> [PriorityRow] {
            PatientPriority.allCases.map {
                PriorityRow(priorite: $0.rawValue, waiting: match.waitingByPriority[$0] ?? 0, placed: match.placedByPriority[$0] ?? 0,
                            placedByGreedy: match.greedyPlacedByPriority[$0] ?? 0)
            }
        }
    }

    struct UnassignedRow: Encodable {
        let cpts, reference, reason: String
    }

    /// One patient, assigned (`rpps`, `distance_km`) or not (`reason`): `patientRows` is the CSV of a matching.
    public struct PatientRow: Encodable, Sendable {
        var cpts, reference: String
        var priority: PatientPriority?
        var rpps: String?
        var identity: PractitionerIdentity?
        var distanceKm: Double?
        var reason: String?
        /// The assignments' rows of the JSON carry no reason.
        var withReason = false

        init(assignment a: Assignment, identity: PractitionerIdentity?, withReason: Bool = false) {
            cpts = a.cpts; reference = a.reference; priority = a.priority; rpps = a.rpps; self.identity = identity
            distanceKm = Rounded.value(a.distanceKm) as Double; self.withReason = withReason
        }

        init(unassigned u: (cpts: String, reference: String, reason: UnassignedReason)) {
            cpts = u.cpts; reference = u.reference; reason = u.reason.rawValue; withReason = true
        }

        enum CodingKeys: String, CodingKey { case cpts, reference, priorite, rpps, nom, adresse, distanceKm = "distance_km", reason }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cpts, forKey: .cpts)
            try c.encode(reference, forKey: .reference)
            try c.encode(priority?.rawValue, forKey: .priorite)
            try c.encode(rpps, forKey: .rpps)
            try c.encode(identity?.name, forKey: .nom)
            try c.encode(identity?.practiceAddress, forKey: .adresse)
            try c.encode(distanceKm, forKey: .distanceKm)
            if withReason { try c.encode(reason, forKey: .reason) }
        }
    }

    /// One row per patient (assigned or not), for CSV.
    public var patientRows: [PatientRow] {
        match.assignments.map { PatientRow(assignment: $0, identity: identities[$0.rpps], withReason: true) }
            + match.unassigned.map { PatientRow(unassigned: $0) }
    }
}
