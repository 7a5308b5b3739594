import GeometryKit
import Hummingbird
import Territory

/// `/api/v1`: CPTS, coverage, overlaps, white zones (public), and the ARS perimeter check.
struct TerritoryRoutes {
    let state: ServiceState
    let maxBodyBytes: Int

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("cpts") { request, _ in try await listCPTS(request) }
        api.get("cpts/:id") { _, context in try cpts(id: try context.parameters.require("id")) }
        api.get("communes/:code") { _, context in try commune(code: try context.parameters.require("code")) }
        api.get("coverage") { request, _ in try await coverage(request) }
        api.get("overlaps") { _, _ in
            JSONResponse.bytes(try await state.territory.answer("overlaps") { [state] in
                JSONWriter.string(objects: state.territory.overlaps.map(TerritoryJSON.members))
            })
        }
        api.get("white-zones") { request, _ in try await whiteZones(request) }
        api.post("perimeter-check") { request, context in try await checkPerimeter(request, context: context) }
    }

    /// Every CPTS with its figures, and whether its status counts as covering under `?status=`.
    func listCPTS(_ request: Request) async throws -> Response {
        let statuses = try QueryParameters(request).coveringStatuses()
        let key = "cpts|" + statuses.map(\.rawValue).sorted().joined(separator: ",")
        return JSONResponse.bytes(try await state.territory.answer(key) { [state] in
            JSONWriter.string(objects: state.territory.reports.map {
                TerritoryJSON.members($0) + [("counts_as_covering", .bool(statuses.contains($0.perimeter.status)))]
            })
        })
    }

    /// One CPTS: its report, its coverage figures and its communes.
    func cpts(id: String) throws -> Response {
        guard let report = state.territory.report(id: id) else { throw APIError(.notFound, "unknown CPTS", "no CPTS with id \(id)") }
        let figures = state.territory.analysis.coverage(of: report.perimeter)
        return JSONResponse.object(TerritoryJSON.members(report) + [
            ("coverage", .ordered(TerritoryJSON.members(figures, level: .nation))),
            ("commune_codes", TerritoryJSON.strings(report.perimeter.communeCodes)),
        ])
    }

    func commune(code: String) throws -> Response {
        let analysis = state.territory.analysis
        guard let commune = analysis.layer.commune(code) else { throw APIError(.notFound, "unknown commune", "no commune with INSEE code \(code)") }
        return JSONResponse.object(TerritoryJSON.members(commune, cpts: analysis.cpts(claiming: code)))
    }

    /// `?by=cpts|departement|region|nation&status=…`, as `maillage coverage`.
    func coverage(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let level = CoverageLevel(rawValue: query.string("by") ?? "nation") else {
            throw APIError.badParameter("by", "one of cpts, departement, region, nation")
        }
        let statuses = try query.coveringStatuses()
        let key = "coverage|\(level.rawValue)|" + statuses.map(\.rawValue).sorted().joined(separator: ",")
        return JSONResponse.bytes(try await state.territory.answer(key) { [state] in
            let rows = state.territory.analysis(coveringStatuses: statuses).coverage(level).map { TerritoryJSON.members($0, level: level) }
            return level == .nation ? JSONWriter.string(object: rows[0]) : JSONWriter.string(objects: rows)
        })
    }

    /// `?departement=D&status=…`: white zones (dissolved groups of uncovered communes), largest first. Another status
    /// set than the snapshot's is dissolved once (by the store, which keeps it) off the event loops, and the answer kept.
    func whiteZones(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let statuses = try query.coveringStatuses()
        let departement = query.string("departement")
        let key = "white-zones|\(departement ?? "")|" + statuses.map(\.rawValue).sorted().joined(separator: ",")
        return JSONResponse.bytes(try await state.territory.answer(key) { [state] in
            let territory = state.territory
            // The whole territory: the zones the store keeps for these statuses (dissolved once per import and status set).
            let zones = try departement == nil
                ? (statuses == territory.analysis.coveringStatuses ? territory.whiteZones
                   : try await state.store.whiteZones(coveringStatuses: statuses, withGeometry: false))
                : territory.analysis(coveringStatuses: statuses).whiteZones(within: { $0.departement == departement })
            return JSONWriter.string(objects: zones.enumerated().map { TerritoryJSON.members($1, id: TerritoryGeoJSON.whiteZoneID($0)) })
        })
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
            JSONWriter.string(object: TerritoryJSON.members(try analysis.check(perimeter), unknownCodes: unknownCodes, translatedCodes: translatedCodes))
        }
        return JSONResponse.text(text)
    }
}
