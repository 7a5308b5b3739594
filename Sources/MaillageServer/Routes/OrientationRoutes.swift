import GeometryKit
import Hummingbird
import Storage
import Territory
import UseCases

/// `/api/v1`: the nearest volunteers (public: nothing about the patient is kept or logged), and the
/// patient data of one CPTS — matching, requests near a GP, roster and waiting-list uploads — for its
/// coordinator only, each access written to the audit log by its use case.
struct OrientationRoutes {
    let state: ServiceState
    let maxBodyBytes: Int

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("nearest") { request, context in try await nearest(request, context: context) }
        api.post("match") { request, context in try await match(request, context: context) }
        api.get("requests-near") { request, context in try await requestsNear(request, context: context) }
        api.post("roster") { request, context in try await uploadRoster(request, context: context) }
        api.post("waiting-list") { request, context in try await uploadWaitingList(request, context: context) }
        api.get("waiting-list") { request, context in try await waitingList(request, context: context) }
        api.get("assignments") { request, context in try await assignments(request, context: context) }
        api.get("roster/stale") { request, context in try await staleRoster(request, context: context) }
        api.get("indicators") { request, context in try await indicators(request, context: context) }
    }

    /// `?from=&to=&by=&cpts=&format=`: `OrientationIndicators` — a coordinator's own CPTS, by CPTS; for the ARS, any grouping
    /// and any CPTS or all. Counts only: no patient is named.
    func indicators(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat(), asked = query.string("cpts")
        let by = try query.string("by").map { text in
            guard let by = OrientationIndicators.Grouping(rawValue: text) else {
                throw APIError.badParameter("by", "cpts, departement ou region")
            }
            return by
        } ?? .cpts
        let reader = try deskReader(context, asked: asked, what: "les indicateurs")
        if reader.isCoordinator, by != .cpts { throw APIError(.forbidden, "forbidden", "un coordinateur lit les indicateurs de sa CPTS : by=cpts") }
        let question = try OrientationIndicators(from: query.string("from"), to: query.string("to"), by: by, cpts: reader.scope?.cpts)
        let (store, analysis) = (state.store, state.territory.analysis)
        let answer = try await state.offloadAsync { try await question.run(store: store, analysis: analysis) }
        return format == .json ? try JSONResponse.answer(answer) : try JSONResponse.table(answer.rows, format: format, name: "indicateurs-\(question.from)-\(question.to)")
    }

    /// `?lat=&lon=` or `?commune=`, `k`, `home_visits`, `max_km`, `same_cpts`: `Nearest`, as `maillage nearest`; the GPs'
    /// names and practice addresses for a token's holder only.
    func nearest(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let lat = try query.double("lat", in: -90...90), lon = try query.double("lon", in: -180...180), commune = query.string("commune")
        let place: NearestQuery.Place
        switch (lat, lon, commune) {
        case (let lat?, let lon?, nil): place = .position(Coordinate(longitude: lon, latitude: lat))
        case (nil, nil, let code?): place = .commune(code)
        default: throw APIError(.badRequest, "invalid parameter", "donnez soit lat et lon, soit commune")
        }
        let question = try Nearest(place: place, k: try query.int("k") ?? 5, homeVisits: try query.bool("home_visits"),
                                   maxKm: try query.double("max_km"), sameCPTS: try query.bool("same_cpts"), freshness: state.rosterClock.now())
        var answer: OrientationService.NearestAnswer
        do {
            answer = try question.answer(from: state.orientation.service)
        } catch let error as OrientationError {
            throw APIError(.badRequest, "invalid location", error.description)
        }
        guard context.caller.role != .anonymous else { return try answer.anonymousJSON().map { JSONResponse.text($0) } ?? JSONResponse.answer(answer) }
        let store = state.store, sites = Dictionary(answer.volunteers.map { ($0.volunteer.rpps, $0.volunteer.communeCode) },
                                                    uniquingKeysWith: { first, _ in first })
        answer.identities = try await state.offloadAsync { try await store.identities(practising: sites) }
        return try JSONResponse.answer(answer)
    }

    /// `?format=json|csv|csv-excel`: `PendingRequests` of the coordinator's CPTS.
    func waitingList(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let format = try QueryParameters(request).tableFormat()
        let question = PendingRequests(scope: try scope(context.requireCoordinator()))
        let (requester, layer, store) = (context.caller.requester, state.territory.analysis.layer, state.store)
        let rows = try await state.offloadAsync { try await question.run(store: store, communes: layer, by: requester) }
        return try JSONResponse.table(rows, format: format, name: "liste-attente-\(question.scope.cpts)")
    }

    /// `?from=&to=&format=`: `AssignmentHistory` of the coordinator's CPTS.
    func assignments(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat()
        let question = try AssignmentHistory(scope: try scope(context.requireCoordinator()), from: query.string("from"), to: query.string("to"))
        let (requester, layer, store) = (context.caller.requester, state.territory.analysis.layer, state.store)
        let rows = try await state.offloadAsync { try await question.run(store: store, communes: layer, by: requester) }
        return try JSONResponse.table(rows, format: format, name: "affectations-\(question.scope.cpts)")
    }

    /// `?cpts=&format=`: `StaleRoster`, whom to call — a coordinator's own CPTS, the ARS's any or all. Names practitioners:
    /// never anonymous.
    func staleRoster(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat(), asked = query.string("cpts")
        let chosen = try deskReader(context, asked: asked, what: "la liste des médecins à relancer").scope
        let cpts = chosen?.cpts
        let question = StaleRoster(scope: chosen, freshness: state.rosterClock.now())
        let (analysis, store) = (state.territory.analysis, state.store)
        let rows = try await state.offloadAsync { try await question.run(store: store, analysis: analysis) }
        return try JSONResponse.table(rows, format: format, name: "a-relancer" + (cpts.map { "-\($0)" } ?? ""))
    }

    /// POST `?max_km=30&commit=true`: `MatchWaitingList` over the coordinator's CPTS, as `maillage match --cpts`; a dry
    /// run on the orientation service in memory, a commit on it brought up to date with the store (`currentOrientation`).
    func match(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let match = try MatchWaitingList(maxKm: try query.double("max_km") ?? 30, commit: try query.bool("commit"),
                                         scope: try scope(context.requireCoordinator()), freshness: state.rosterClock.now())
        let (requester, analysis, orientation) = (context.caller.requester, state.territory.analysis, state.orientation.service)
        let run: @Sendable (any MaillageStore) async throws -> MatchAnswer = { store in
            try await match.run(store: store, analysis: analysis, orientation: { orientation },
                                current: { try await state.currentOrientation() }, by: requester)
        }
        let format = try query.tableFormat()
        let answer = match.commit ? try await state.write(run) : try await state.offloadAsync { try await run(state.store) }
        return format == .json ? try JSONResponse.answer(answer) : try JSONResponse.table(answer.patientRows, format: format, name: "appariement")
    }

    /// `?rpps=&km=10`: `RequestsNear` of the coordinator's CPTS.
    func requestsNear(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let question = try RequestsNear(rpps: query.string("rpps") ?? "", km: try query.double("km") ?? 10,
                                        scope: try scope(context.requireCoordinator()))
        let (requester, orientation, store) = (context.caller.requester, state.orientation.service, state.store)
        return try JSONResponse.answer(try await state.offloadAsync { try await question.answer(store: store, orientation: orientation, by: requester) })
    }

    /// POST a roster CSV: `RosterUpload` for the coordinator's CPTS.
    func uploadRoster(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let (requester, layer) = (context.caller.requester, state.territory.analysis.layer)
        return try await upload(request, context: context, action: .rosterUpload) { text, scope, store in
            try await RosterUpload(text: text, scope: scope).run(store: store, communes: layer, by: requester)
        }
    }

    /// POST a waiting-list CSV: `WaitingListUpload` for the coordinator's CPTS.
    func uploadWaitingList(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        let (requester, lookup) = (context.caller.requester, state.territory.lookup)
        return try await upload(request, context: context, action: .waitingListUpload) { text, scope, store in
            try await WaitingListUpload(text: text, scope: scope).run(store: store, communes: lookup, by: requester)
        }
    }

    /// Reads the body of a coordinator's upload, then runs the use case as a write off the event loops (on the thread
    /// pool: its parsing, and the waiting list's merge, whose streaming transaction holds its thread). A refused upload
    /// (invalid CSV, a conflict) is audited too, with its reason.
    private func upload<Answer: Encodable & Sendable>(_ request: Request, context: MaillageRequestContext, action: AuditEvent.Action,
                                                      _ body: @escaping @Sendable (String, CPTSScope, any MaillageStore) async throws -> Answer)
        async throws -> Response {
        let scope = try scope(context.requireCoordinator())
        do {
            let text = try await RequestBody.text(request, limit: maxBodyBytes)
            return try JSONResponse.answer(try await state.write { store in try await body(text, scope, store) })
        } catch {
            // The kind of refusal only: the detail quotes rows, and a row names a patient.
            let refusal = (error as? APIError) ?? (error as? UseCaseError).map(APIError.init)
                ?? ((error as? StorageError)?.isConflict == true ? APIError(.conflict, "conflict", "") : nil)
                ?? (error as? HTTPResponseError).map { APIError($0.status, $0.status.reasonPhrase.lowercased(), "") }
            let reason = refusal.map { "\($0.status.code) \($0.error)" } ?? "500 failed"
            try await state.audit.record(context.caller, action: action, cpts: scope.cpts, patients: 0, outcome: "refused: \(reason)")
            throw error
        }
    }

    /// Who reads a table of the desk that names no patient (whom to call, the indicators): a coordinator his own CPTS (another
    /// asked: 403), the ARS the CPTS asked (unknown: 404) or all (nil); 401 without a token, 403 for a practitioner. `what`
    /// names the table in the refusals.
    private func deskReader(_ context: MaillageRequestContext, asked: String?, what: String) throws -> (scope: CPTSScope?, isCoordinator: Bool) {
        switch context.caller.role {
        case .coordinator(let own):
            if let asked, asked != own { throw APIError(.forbidden, "forbidden", "le jeton est celui de \(own) : il ne peut lire \(what) de \(asked)") }
            return (try scope(own), true)
        case .ars: return (try asked.map { try CPTSScope(cpts: $0, in: state.territory.analysis) }, false)
        case .anonymous: throw APIError(.unauthorized, "token required", "un jeton ars ou coordinateur est demandé pour lire \(what)")
        case .practitioner: throw APIError(.forbidden, "forbidden", "lire \(what) est réservé aux coordinateurs et à l'ARS")
        }
    }

    /// The coordinator's CPTS and its communes; a token for a CPTS the store does not know is refused.
    private func scope(_ cpts: String) throws -> CPTSScope {
        do {
            return try CPTSScope(cpts: cpts, in: state.territory.analysis)
        } catch UseCaseError.unknownCPTS {
            throw APIError(.forbidden, "forbidden", "la CPTS \(cpts) du jeton n’est pas dans la base")
        }
    }
}
