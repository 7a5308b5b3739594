import Storage
import Territory

/// Whom to call: the roster entries not confirmed within the stale age, the oldest first, with the GP's name and
/// practice address from the RPPS directory — `maillage roster stale [--cpts]` and `GET /api/v1/roster/stale`
/// (a coordinator's own CPTS, any for the ARS). No patient data.
public struct StaleRoster: Sendable {
    /// The volunteers practising in one CPTS's communes; the whole roster when nil.
    public let scope: CPTSScope?
    public let freshness: RosterFreshness

    public init(scope: CPTSScope?, freshness: RosterFreshness) { self.scope = scope; self.freshness = freshness }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> [StaleRosterEntry] {
        let roster = if let scope { try await store.volunteers(inCommunes: scope.communes) } else { try await store.volunteers() }
        let stale = roster.filter(freshness.isStale).sorted { ($0.updatedOn, $0.rpps) < ($1.updatedOn, $1.rpps) }
        let identities = try await store.identities(practising: Dictionary(stale.map { ($0.rpps, $0.communeCode) }, uniquingKeysWith: { first, _ in first }))
        return stale.map { volunteer in
            StaleRosterEntry(volunteer: volunteer, identity: identities[volunteer.rpps], communeName: analysis.layer.commune(volunteer.communeCode)?.name,
                             cpts: analysis.coveringCPTS(ofCommune: volunteer.communeCode), months: freshness.monthsSince(volunteer.updatedOn),
                             state: freshness.state(of: volunteer.updatedOn))
        }
    }
}

/// A roster entry to confirm (`etat`: `stale`, or `excluded` when already left out of nearest and match).
public struct StaleRosterEntry: Encodable, Sendable, CSVColumns {
    public static var csvColumns: [String] { columns(CodingKeys.self) }
    public var volunteer: Volunteer
    public var identity: PractitionerIdentity?
    public var communeName: String?
    public var cpts: [String]
    public var months: Int
    public var state: RosterFreshness.State

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rpps, nom, adresse, codeCommune = "code_commune", nomCommune = "nom_commune", cpts
        case accepteNouveauxPatients = "accepte_nouveaux_patients", placesRestantes = "places_restantes"
        case misAJourLe = "mis_a_jour_le", mois, etat
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(volunteer.rpps, forKey: .rpps)
        try c.encode(identity?.name, forKey: .nom)
        try c.encode(identity?.practiceAddress, forKey: .adresse)
        try c.encode(volunteer.communeCode, forKey: .codeCommune)
        try c.encode(communeName, forKey: .nomCommune)
        try c.encode(cpts, forKey: .cpts)
        try c.encode(volunteer.acceptsNewPatients, forKey: .accepteNouveauxPatients)
        try c.encode(volunteer.placesRemaining, forKey: .placesRestantes)
        try c.encode(volunteer.updatedOn, forKey: .misAJourLe)
        try c.encode(months, forKey: .mois)
        try c.encode(state.rawValue, forKey: .etat)
    }
}
