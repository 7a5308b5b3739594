import GeometryKit
import Hummingbird
import Territory
import UseCases

/// `/api/v1`: CPTS, coverage, overlaps, white zones (public), and the ARS perimeter check.
struct TerritoryRoutes {
    let state: ServiceState
    let maxBodyBytes: Int

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("cpts") { request, _ in try await listCPTS(request) }
        api.get("cpts/:id") { _, context in try cpts(id: try context.parameters.require("id")) }
        api.get("communes/:code") { _, context in try commune(code: try context.parameters.require("code")) }
        api.get("coverage") { request, _ in try await coverage(request) }
        api.get("overlaps") { _, _ in JSONResponse.bytes(try await state.territory.kept(Overlaps())) }
        api.get("white-zones") { request, _ in try await whiteZones(request) }
        api.post("perimeter-check") { request, context in try await checkPerimeter(request, context: context) }
    }

    /// Every CPTS with its figures, and whether its status counts as covering under `?status=`: `CPTSList`.
    func listCPTS(_ request: Request) async throws -> Response {
        JSONResponse.bytes(try await state.territory.kept(CPTSList(coveringStatuses: try QueryParameters(request).coveringStatuses())))
    }

    /// One CPTS: its report, its coverage figures and its communes.
    func cpts(id: String) throws -> Response {
        guard let report = state.territory.report(id: id) else { throw APIError(.notFound, "unknown CPTS", "no CPTS with id \(id)") }
        let figures = state.territory.analysis.coverage(of: report.perimeter)
        return JSONResponse.object(try JSONValueEncoder.members(report) + [
            ("coverage", try JSONValueEncoder.encode(CoverageRow(level: .nation, figures: figures))),
            ("commune_codes", TerritoryJSON.strings(report.perimeter.communeCodes)),
        ])
    }

    func commune(code: String) throws -> Response {
        let analysis = state.territory.analysis
        guard let commune = analysis.layer.commune(code) else { throw APIError(.notFound, "unknown commune", "no commune with INSEE code \(code)") }
        return try JSONResponse.answer(CommuneEntry(commune: commune, cpts: analysis.cpts(claiming: code)))
    }

    /// `?by=cpts|departement|region|nation&status=…`: `Coverage`, as `maillage coverage`.
    func coverage(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let level = CoverageLevel(rawValue: query.string("by") ?? "nation") else {
            throw APIError.badParameter("by", "one of cpts, departement, region, nation")
        }
        return JSONResponse.bytes(try await state.territory.kept(Coverage(level: level, coveringStatuses: try query.coveringStatuses())))
    }

    /// `?departement=D&region=R&status=…`: `WhiteZones`, as `maillage white-zones`, largest first. Another status set
    /// than the snapshot's is dissolved once (by the store, which keeps it) off the event loops, and the answer kept.
    func whiteZones(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let question = WhiteZones(coveringStatuses: try query.coveringStatuses(),
                                  area: Area(departement: query.string("departement"), region: query.string("region")))
        return JSONResponse.bytes(try await state.territory.kept(question))
    }

    /// POST `{"id": …, "name": …, "status": …, "communes": ["80021", …]}`: the what-if of `maillage check-perimeter`.
    func checkPerimeter(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try context.requireAuthenticated()
        let body = try await RequestBody.json(request, limit: maxBodyBytes)
        guard let items = body["communes"]?.arrayValue else {
            throw APIError(.badRequest, "invalid body", "expected a JSON object with `communes`, an array of INSEE codes")
        }
        var codes: [String] = [], unknown: [String] = [], translated: [String: String] = [:]
        for (position, item) in items.enumerated() {
            guard case .string(let code) = item else {
                throw APIError(.badRequest, "invalid body", "communes[\(position)] is not a string")
            }
            guard let found = state.territory.lookup.commune(code) else { unknown.append(code); continue }
            if found.translated { translated[code] = found.commune.code }
            if !codes.contains(found.commune.code) { codes.append(found.commune.code) }
        }
        guard !codes.isEmpty else { throw APIError(.badRequest, "invalid body", "no known commune in `communes` (unknown: \(unknown))") }
        let status = try body["status"].map { value -> CPTSStatus in
            guard case .string(let text) = value, let status = CPTSStatus(rawValue: text) else {
                throw APIError(.badRequest, "invalid body", "status: one of \(CPTSStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        } ?? .preProjet
        let perimeter = CPTSPerimeter(id: body["id"]?.stringValue ?? "proposition", name: body["name"]?.stringValue ?? "Proposition",
                                      status: status, communeCodes: codes)
        // A dissolve of the proposed communes: off the event loops.
        let analysis = state.territory.analysis, (unknownCodes, translatedCodes) = (unknown, translated)
        let text = try await state.offload {
            try JSONValueEncoder.string(PerimeterCheckAnswer(check: try analysis.check(perimeter), unknownCodes: unknownCodes,
                                                             translatedCodes: translatedCodes))
        }
        return JSONResponse.text(text)
    }
}
