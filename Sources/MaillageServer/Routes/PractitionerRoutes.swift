import Hummingbird
import Storage
import Territory
import UseCases

/// `/api/v1/me`: the practitioner's own side, behind a practitioner token (one RPPS number) — his profile and roster entry,
/// the requests of his CPTS around his practice, accepting or declining one. Each access audited by its use case.
struct PractitionerRoutes {
    let state: ServiceState
    /// The bodies here are a few fields: no upload's size.
    static let maxBodyBytes = 4096

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("me") { _, context in try await profile(context) }
        api.patch("me") { request, context in try await update(request, context: context) }
        api.get("me/requests") { request, context in try await requests(request, context: context) }
        api.post("me/requests/:cpts/:reference/accept") { _, context in try await accept(context) }
        api.post("me/requests/:cpts/:reference/decline") { request, context in try await decline(request, context: context) }
    }

    func profile(_ context: MaillageRequestContext) async throws -> Response {
        let question = MyProfile(rpps: try context.requirePractitioner(), freshness: state.rosterClock.now())
        let (store, analysis) = (state.store, state.territory.analysis)
        return try JSONResponse.answer(try await state.offloadAsync { try await question.run(store: store, analysis: analysis) })
    }

    /// The JSON body `{"places_restantes": 3, "visites_domicile": true, "accepte_nouveaux_patients": true}`, any of them.
    struct UpdateBody: Decodable {
        let placesRestantes: Int?
        let visitesDomicile: Bool?
        let accepteNouveauxPatients: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case placesRestantes = "places_restantes", visitesDomicile = "visites_domicile", accepteNouveauxPatients = "accepte_nouveaux_patients"
        }

        init(from decoder: any Decoder) throws {
            try ClosedBody.refuseUnknownMembers(decoder, known: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            // A member given must hold a value: `null` is refused, not read as absent.
            func given<T: Decodable>(_ key: CodingKeys) throws -> T? { c.contains(key) ? try c.decode(T.self, forKey: key) : nil }
            placesRestantes = try given(.placesRestantes)
            visitesDomicile = try given(.visitesDomicile)
            accepteNouveauxPatients = try given(.accepteNouveauxPatients)
        }
    }

    func update(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let rpps = try context.requirePractitioner()
        let body = try await RequestBody.decode(UpdateBody.self, request, limit: Self.maxBodyBytes)
        let change = try UpdateMyEntry(rpps: rpps, update: VolunteerUpdate(placesRemaining: body.placesRestantes, homeVisits: body.visitesDomicile,
                                                                           acceptsNewPatients: body.accepteNouveauxPatients),
                                       freshness: state.rosterClock.now())
        let (requester, analysis) = (context.caller.requester, state.territory.analysis)
        return try JSONResponse.answer(try await state.write { store in try await change.run(store: store, analysis: analysis, by: requester) })
    }

    /// `?km=10&format=`: `MyRequests`.
    func requests(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat()
        let question = try MyRequests(rpps: try context.requirePractitioner(), km: try query.double("km") ?? 10)
        let (requester, store, analysis) = (context.caller.requester, state.store, state.territory.analysis)
        let rows = try await state.offloadAsync { try await question.run(store: store, analysis: analysis, by: requester) }
        return try JSONResponse.table(rows, format: format, name: "demandes-\(question.rpps)")
    }

    func accept(_ context: MaillageRequestContext) async throws -> Response {
        let taking = AcceptRequest(rpps: try context.requirePractitioner(), cpts: try context.parameters.require("cpts"),
                                   reference: try context.parameters.require("reference"))
        let (requester, analysis) = (context.caller.requester, state.territory.analysis)
        return try JSONResponse.answer(try await state.write { store in try await taking.run(store: store, analysis: analysis, by: requester) })
    }

    /// The JSON body `{"reason": "…"}`.
    struct DeclineBody: Decodable {
        let reason: String
        enum CodingKeys: String, CodingKey, CaseIterable { case reason }

        init(from decoder: any Decoder) throws {
            try ClosedBody.refuseUnknownMembers(decoder, known: CodingKeys.self)
            reason = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .reason)
        }
    }

    func decline(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let rpps = try context.requirePractitioner()
        let body = try await RequestBody.decode(DeclineBody.self, request, limit: Self.maxBodyBytes)
        let declining = try DeclineRequest(rpps: rpps, cpts: try context.parameters.require("cpts"), reference: try context.parameters.require("reference"),
                                           reason: body.reason)
        let (requester, store, analysis) = (context.caller.requester, state.store, state.territory.analysis)
        return try JSONResponse.answer(try await state.offloadAsync { try await declining.run(store: store, analysis: analysis, by: requester) })
    }
}
