import OpenData
import Storage
import Territory

/// A coordinator's waiting list as it stands: `maillage waiting-list` and `GET /api/v1/waiting-list`. Audited (patient data).
public struct PendingRequests: Sendable {
    public let scope: CPTSScope

    public init(scope: CPTSScope) { self.scope = scope }

    public func run(store: any MaillageStore, communes: CommuneLayer, by requester: Requester) async throws -> [PendingRequestRow] {
        let pending = try await store.pendingPatientRequests(ofCPTS: scope.cpts)
        try await store.appendAudit(requester.event(.waitingListRead, cpts: scope.cpts, patients: pending.count, outcome: "read"))
        return pending.map { PendingRequestRow(request: $0, communeName: communes.commune($0.communeCode)?.name) }
    }
}

/// Who was placed with whom, when and how far: `maillage assignments` and `GET /api/v1/assignments`, the GP by name and
/// practice address (a coordinator's or the operator's answer). Audited.
public struct AssignmentHistory: Sendable {
    public let scope: CPTSScope
    public let from: String?
    public let to: String?

    /// `from`/`to`: days, `AAAA-MM-JJ` or `JJ/MM/AAAA`, both included (a period ending before it starts holds nothing).
    public init(scope: CPTSScope, from: String? = nil, to: String? = nil) throws {
        self.scope = scope
        self.from = try from.map { try Self.day($0, parameter: "from") }
        self.to = try to.map { try Self.day($0, parameter: "to") }
    }

    private static func day(_ text: String, parameter: String) throws -> String {
        guard let day = CalendarDate.iso(text) else {
            throw UseCaseError.invalid(parameter: parameter, reason: "'\(text)' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA")
        }
        return day
    }

    public func run(store: any MaillageStore, communes: CommuneLayer, by requester: Requester) async throws -> [AssignmentRow] {
        let assigned = try await store.assignedPatientRequests(ofCPTS: scope.cpts, from: from, to: to)
        try await store.appendAudit(requester.event(.assignmentsRead, cpts: scope.cpts, patients: assigned.count, outcome: "read"))
        // The CPTS's matchings place with the volunteers of its communes: their roster row says which site to show.
        let sites = Dictionary(try await store.volunteers(inCommunes: scope.communes).map { ($0.rpps, $0.communeCode) },
                               uniquingKeysWith: { first, _ in first })
        let identities = try await store.identities(practising: Dictionary(
            assigned.map { ($0.rpps, sites[$0.rpps] ?? "") }, uniquingKeysWith: { first, _ in first }))
        return assigned.map { AssignmentRow(assignment: $0, communeName: communes.commune($0.communeCode)?.name, identity: identities[$0.rpps]) }
    }
}

/// A pending request as its coordinator lists it (no position: the list is for calling back, not for mapping).
public struct PendingRequestRow: Encodable, Sendable, CSVColumns {
    public static var csvColumns: [String] { columns(CodingKeys.self) }
    public var request: PatientRequest
    public var communeName: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reference, codeCommune = "code_commune", nomCommune = "nom_commune", priorite
        case besoinVisiteDomicile = "besoin_visite_domicile", inscritLe = "inscrit_le"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(request.reference, forKey: .reference)
        try c.encode(request.communeCode, forKey: .codeCommune)
        try c.encode(communeName, forKey: .nomCommune)
        try c.encode(request.priority.rawValue, forKey: .priorite)
        try c.encode(request.needsHomeVisit, forKey: .besoinVisiteDomicile)
        try c.encode(request.registeredOn, forKey: .inscritLe)
    }
}

/// One orientation of the history.
public struct AssignmentRow: Encodable, Sendable, CSVColumns {
    public static var csvColumns: [String] { columns(CodingKeys.self) }
    public var assignment: RecordedAssignment
    public var communeName: String?
    public var identity: PractitionerIdentity?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reference, priorite, codeCommune = "code_commune", nomCommune = "nom_commune", rpps, nom, adresse
        case distanceKm = "distance_km", orienteLe = "oriente_le"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(assignment.reference, forKey: .reference)
        try c.encode(assignment.priority.rawValue, forKey: .priorite)
        try c.encode(assignment.communeCode, forKey: .codeCommune)
        try c.encode(communeName, forKey: .nomCommune)
        try c.encode(assignment.rpps, forKey: .rpps)
        try c.encode(identity?.name, forKey: .nom)
        try c.encode(identity?.practiceAddress, forKey: .adresse)
        try c.encode(Rounded.value(assignment.distanceKm) as Double, forKey: .distanceKm)
        try c.encode(assignment.assignedAt, forKey: .orienteLe)
    }
}
