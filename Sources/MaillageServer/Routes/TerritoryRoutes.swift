import Cartography
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
        api.get("overlaps") { request, _ in
            let format = try QueryParameters(request).tableFormat()
            return JSONResponse.kept(try await state.territory.kept(Overlaps(), format: format), format: format, name: "chevauchements")
        }
        api.get("white-zones") { request, _ in try await whiteZones(request) }
        api.get("white-zones/proposals") { request, _ in try await whiteZoneProposals(request) }
        api.post("perimeter-check") { request, context in try await checkPerimeter(request, context: context) }
        api.get("cpts/:id/diagnostic") { request, context in try await diagnostic(request, id: try context.parameters.require("id")) }
        api.get("cpts/:id/diagnostic.pdf") { _, context in try await diagnosticPDF(id: try context.parameters.require("id")) }
        api.post("diagnostic") { request, context in try await diagnoseProposal(request, context: context) }
    }

    /// Every CPTS with its figures, and whether its status counts as covering under `?status=`: `CPTSList`.
    func listCPTS(_ request: Request) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat()
        return JSONResponse.kept(try await state.territory.kept(CPTSList(coveringStatuses: try query.coveringStatuses()), format: format),
                                 format: format, name: "cpts")
    }

    /// One CPTS: its report, its coverage figures and its communes.
    func cpts(id: String) throws -> Response {
        guard let report = state.territory.report(id: id) else { throw APIError(.notFound, "unknown CPTS", "pas de CPTS d’identifiant \(id)") }
        return try JSONResponse.answer(CPTSDetail(report: report, coverage: state.territory.analysis.coverage(of: report.perimeter)))
    }

    func commune(code: String) throws -> Response {
        let analysis = state.territory.analysis
        guard let commune = analysis.layer.commune(code) else { throw APIError(.notFound, "unknown commune", "pas de commune de code INSEE \(code)") }
        return try JSONResponse.answer(CommuneEntry(commune: commune, cpts: analysis.cpts(claiming: code)))
    }

    /// `?by=cpts|departement|region|nation&status=…`: `Coverage`, as `maillage coverage`.
    func coverage(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let level = CoverageLevel(rawValue: query.string("by") ?? "nation") else {
            throw APIError.badParameter("by", "cpts, departement, region ou nation")
        }
        let format = try query.tableFormat()
        return JSONResponse.kept(try await state.territory.kept(Coverage(level: level, coveringStatuses: try query.coveringStatuses()), format: format),
                                 format: format, name: "couverture-\(level.rawValue)")
    }

    /// `?departement=D&region=R&status=…`: `WhiteZones`, as `maillage white-zones`, largest first. Another status set
    /// than the snapshot's is dissolved once (by the store, which keeps it) off the event loops, and the answer kept.
    func whiteZones(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let question = WhiteZones(coveringStatuses: try query.coveringStatuses(),
                                  area: try state.territory.area(departement: query.string("departement"), region: query.string("region")),
                                  cut: try query.bool("national") ? .national : .region)
        let format = try query.tableFormat()
        return JSONResponse.kept(try await state.territory.kept(question, format: format), format: format, name: "zones-blanches")
    }

    /// `?region=R&status=…`: `ProposeForWhiteZones`, as `maillage white-zones proposals`; an unknown région is refused
    /// before any answer is keyed by it.
    func whiteZoneProposals(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let area = try state.territory.area(region: query.string("region"))
        let question = ProposeForWhiteZones(coveringStatuses: try query.coveringStatuses(), region: area.region)
        let format = try query.tableFormat()
        return JSONResponse.kept(try await state.territory.kept(question, format: format), format: format, name: "propositions-zones-blanches")
    }

    /// POST `{"id": …, "name": …, "status": …, "communes": ["80021", …]}`: `CheckPerimeter`, as `maillage check-perimeter`.
    func checkPerimeter(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try context.requireAuthenticated()
        let proposal = try await RequestBody.decode(PerimeterProposal.self, request, limit: maxBodyBytes)
        // Reading the codes (as many as the body holds) and dissolving the proposed communes: off the event loops.
        let territory = state.territory
        return try JSONResponse.answer(try await state.offload {
            try CheckPerimeter(id: proposal.id, name: proposal.name, status: proposal.status, codes: proposal.communes,
                               communes: territory.lookup).answer(analysis: territory.analysis)
        })
    }
}

extension TerritoryRoutes {
    /// `?format=json|csv`: `Diagnostic` of a stored CPTS, as `maillage diagnostic --cpts ID`; kept until the territory changes.
    func diagnostic(_ request: Request, id: String) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat()
        let question = try Diagnostic(cpts: id, proposed: try query.bool("proposed"))
        // Refused before anything is keyed by it.
        guard state.territory.report(id: id) != nil else { throw UseCaseError.unknownCPTS(id) }
        return JSONResponse.kept(try await state.territory.kept(question, format: format), format: format, name: "diagnostic-\(id)")
    }

    /// The same on one A4 page (PDF), drawn among the heavy builds and kept with the report maps, by day.
    func diagnosticPDF(id: String) async throws -> Response {
        let question = try Diagnostic(cpts: id)
        guard state.territory.report(id: id) != nil else { throw UseCaseError.unknownCPTS(id) }
        let territory = state.territory, date = ReportMap.today()
        let answer = try await state.offloadAsync { try await question.answer(from: territory) }
        let bytes = try await territory.reportMaps.value("diagnostic.pdf|\(id)|\(date)") {
            try question.pdf(of: answer, analysis: territory.analysis, date: date)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = "inline; filename=\"diagnostic-\(id.filter { $0.isLetter || $0.isNumber || $0 == "-" }).pdf\""
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// POST a proposal: the `perimeter-check` body, a JSON list of commune codes, or (`Content-Type: text/csv`) one CPTS
    /// in the layout of `import cpts`; its `Diagnostic`, nothing stored.
    func diagnoseProposal(_ request: Request, context: MaillageRequestContext) async throws -> Response {
        try context.requireAuthenticated()
        let territory = state.territory
        let read: @Sendable () throws -> CheckPerimeter
        if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
            let text = try await RequestBody.text(request, limit: maxBodyBytes)
            read = { try CheckPerimeter(csv: text, name: "corps de la requête", communes: territory.lookup) }
        } else {
            let proposal = try await RequestBody.decode(ProposalBody.self, request, limit: maxBodyBytes).proposal
            read = { try CheckPerimeter(id: proposal.id, name: proposal.name, status: proposal.status, codes: proposal.communes, communes: territory.lookup) }
        }
        // Reading the codes and dissolving the proposed communes: off the event loops.
        return try JSONResponse.answer(try await state.offloadAsync { try await Diagnostic(proposal: try read()).answer(from: territory) })
    }
}

/// The body of `POST /api/v1/diagnostic`: a `PerimeterProposal`, or the bare list of its communes.
struct ProposalBody: Decodable, Sendable {
    let proposal: PerimeterProposal

    init(from decoder: any Decoder) throws {
        if let codes = try? [String](from: decoder) {
            proposal = PerimeterProposal(id: nil, name: nil, status: nil, communes: codes)
        } else {
            proposal = try PerimeterProposal(from: decoder)
        }
    }
}

/// The body of `POST /api/v1/perimeter-check`.
struct PerimeterProposal: Decodable, Sendable {
    var id: String?
    var name: String?
    var status: CPTSStatus?
    var communes: [String]
}
