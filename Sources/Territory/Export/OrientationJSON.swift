import GeometryKit

/// JSON of the orientation answers, field names of SPEC ("nearest volunteer").
public enum OrientationJSON {
    public static func members(_ v: NearestVolunteer) -> [(String, JSONValue)] {
        [("rpps", .string(v.volunteer.rpps)), ("distance_km", TerritoryJSON.rounded(v.distanceKm)),
         ("places_restantes", .number(Double(v.volunteer.placesRemaining))), ("visites_domicile", .bool(v.volunteer.homeVisits)),
         ("code_commune", .string(v.volunteer.communeCode)), ("cpts", TerritoryJSON.strings(v.cpts)),
         ("precision", .string(v.volunteer.precision.rawValue)),
         ("lat", TerritoryJSON.rounded(v.volunteer.position.latitude, 6)), ("lon", TerritoryJSON.rounded(v.volunteer.position.longitude, 6))]
    }

    public static func members(_ l: PatientLocation) -> [(String, JSONValue)] {
        [("lat", TerritoryJSON.rounded(l.position.latitude, 6)), ("lon", TerritoryJSON.rounded(l.position.longitude, 6)),
         ("code_commune", l.communeCode.map { .string($0) } ?? .null), ("precision", .string(l.precision.rawValue)),
         ("cpts", TerritoryJSON.strings(l.cpts)), ("white_zone", .bool(l.inWhiteZone))]
    }

    public static func members(_ answer: OrientationService.NearestAnswer) -> [(String, JSONValue)] {
        [("location", .ordered(members(answer.location))), ("volunteers", .array(answer.volunteers.map { .ordered(members($0)) }))]
    }

    /// A waiting request as a GP may see it: pseudonymous reference, commune, priority, distance — not the address.
    public static func members(_ request: PatientRequest, distanceKm: Double) -> [(String, JSONValue)] {
        [("reference", .string(request.reference)), ("code_commune", .string(request.communeCode)),
         ("priorite", .string(request.priority.rawValue)), ("besoin_visite_domicile", .bool(request.needsHomeVisit)),
         ("inscrit_le", .string(request.registeredOn)), ("distance_km", TerritoryJSON.rounded(distanceKm))]
    }

    /// A batch matching: summary by priority, assignments and the patients left waiting with the reason.
    public static func members(_ match: WaitingListMatch, maxKm: Double, committed: Bool) -> [(String, JSONValue)] {
        [("committed", .bool(committed)), ("max_km", .number(maxKm)),
         ("total_distance_km", TerritoryJSON.rounded(match.totalDistanceKm)),
         ("greedy_total_distance_km", TerritoryJSON.rounded(match.greedyTotalDistanceKm)),
         ("by_priority", .array(priorityRows(match))),
         ("assignments", .array(match.assignments.map {
             .ordered([("cpts", .string($0.cpts)), ("reference", .string($0.reference)), ("rpps", .string($0.rpps)), ("distance_km", TerritoryJSON.rounded($0.distanceKm))])
         })),
         ("unassigned", .array(match.unassigned.map { .ordered([("cpts", .string($0.cpts)), ("reference", .string($0.reference)), ("reason", .string($0.reason.rawValue))]) }))]
    }

    /// Waiting, placed and placed by the greedy baseline, per priority.
    public static func priorityRows(_ match: WaitingListMatch) -> [JSONValue] {
        PatientPriority.allCases.map { priority in
            .ordered([("priorite", .string(priority.rawValue)), ("waiting", .number(Double(match.waitingByPriority[priority] ?? 0))),
                      ("placed", .number(Double(match.placedByPriority[priority] ?? 0))),
                      ("placed_by_greedy", .number(Double(match.greedyPlacedByPriority[priority] ?? 0)))])
        }
    }

    /// One row per patient (assigned or not), for CSV.
    public static func patientRows(_ match: WaitingListMatch) -> [[(String, JSONValue)]] {
        match.assignments.map { a in
            [("cpts", .string(a.cpts)), ("reference", .string(a.reference)), ("rpps", .string(a.rpps)), ("distance_km", TerritoryJSON.rounded(a.distanceKm)), ("reason", .null)]
        } + match.unassigned.map { u in
            [("cpts", .string(u.cpts)), ("reference", .string(u.reference)), ("rpps", .null), ("distance_km", .null), ("reason", .string(u.reason.rawValue))]
        }
    }
}
