import GeometryKit
import Storage
import Territory

/// A practitioner's own page (`GET /api/v1/me`): who he is, where he practises, the CPTS he works with, his roster entry
/// and how recent it is.
public struct MyProfile: Sendable {
    public let rpps: String
    public let freshness: RosterFreshness

    public init(rpps: String, freshness: RosterFreshness) { self.rpps = rpps; self.freshness = freshness }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> MyProfileAnswer {
        let scope = try await PractitionerScope.of(rpps: rpps, store: store, analysis: analysis)
        return MyProfileAnswer(scope: scope, freshness: freshness, communeName: analysis.layer.commune(scope.practiceCommune)?.name)
    }
}

public struct MyProfileAnswer: Encodable, Sendable {
    let scope: PractitionerScope
    let freshness: RosterFreshness
    let communeName: String?

    enum CodingKeys: String, CodingKey {
        case rpps, nom, adresse, codeCommune = "code_commune", nomCommune = "nom_commune", lat, lon, cpts, entry = "volontaire"
    }

    /// His roster entry as the CPTS keeps it (null when he is not listed).
    struct Entry: Encodable {
        let volunteer: Volunteer
        let state: RosterFreshness.State
        enum CodingKeys: String, CodingKey {
            case accepte = "accepte_nouveaux_patients", places = "places_restantes", visites = "visites_domicile", misAJourLe = "mis_a_jour_le", etat
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(volunteer.acceptsNewPatients, forKey: .accepte)
            try c.encode(volunteer.placesRemaining, forKey: .places)
            try c.encode(volunteer.homeVisits, forKey: .visites)
            try c.encode(volunteer.updatedOn, forKey: .misAJourLe)
            try c.encode(state.rawValue, forKey: .etat)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope.rpps, forKey: .rpps)
        try c.encode(scope.identity?.name, forKey: .nom)
        try c.encode(scope.identity?.practiceAddress, forKey: .adresse)
        try c.encode(scope.practiceCommune, forKey: .codeCommune)
        try c.encode(communeName, forKey: .nomCommune)
        try c.encode(Rounded.value(scope.practice.latitude, 6), forKey: .lat)
        try c.encode(Rounded.value(scope.practice.longitude, 6), forKey: .lon)
        try c.encode(scope.cpts.sorted(), forKey: .cpts)
        try c.encode(scope.entry.map { Entry(volunteer: $0, state: freshness.state(of: $0.updatedOn)) }, forKey: .entry)
    }
}

/// The pending requests a practitioner may take (`GET /api/v1/me/requests`): those of the CPTS he practises in, within
/// `km` of his practice, nearest first, without those he declined; no address, distances rounded to 0.5 km (as
/// `RequestsNear`). Audited: it reads patient data.
public struct MyRequests: Sendable {
    public static let km = RequestsNear.km
    public let rpps: String
    public let km: Double

    public init(rpps: String, km: Double = 10) throws {
        self.rpps = rpps
        self.km = try Self.km.check(km)
    }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, by requester: Requester) async throws -> [MyRequestRow] {
        let scope = try await PractitionerScope.of(rpps: rpps, store: store, analysis: analysis)
        let declined = try await store.declinedRequests(rpps: rpps)
        let found = try await store.requestsNear(scope.practice, km: km)
            .filter { scope.cpts.contains($0.request.cpts) && !declined.contains(PatientRequestKey($0.request)) }
        try await store.appendAudit(requester.event(.practitionerRequestsRead, cpts: nil, patients: found.count,
                                                    outcome: "\(found.count) within \(km) km of \(scope.practiceCommune)"))
        return found.map { MyRequestRow(cpts: $0.request.cpts, near: RequestNear(request: $0.request, distanceKm: RequestNear.roundedKm($0.distanceKm))) }
    }
}

/// A request as its practitioner sees it: its CPTS (the accept and decline addresses name it), then `RequestNear`'s fields.
public struct MyRequestRow: Encodable, Sendable, CSVColumns {
    public static var csvColumns: [String] { ["cpts", "reference", "code_commune", "priorite", "besoin_visite_domicile", "inscrit_le", "distance_km"] }
    public let cpts: String
    public let near: RequestNear

    enum CodingKeys: String, CodingKey { case cpts }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpts, forKey: .cpts)
        try near.encode(to: encoder)
    }
}
