import Cartography
import Hummingbird
import Territory
import UseCases

/// `/api/v1/maps`: the report maps of `maillage map`, for the web page and reports —
/// `GET /api/v1/maps/coverage.svg|png?by=departement|cpts|commune&region=&status=&width=` and
/// `GET /api/v1/maps/white-zones.svg|png?region=&status=&width=`. Public, as the figures they draw. Each query is
/// drawn once, off the event loops, and kept (`BuiltOnce`).
struct ReportMapRoutes {
    let state: ServiceState

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("maps/:file") { request, context in try await map(request, file: try context.parameters.require("file")) }
    }

    func map(_ request: Request, file: String) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["coverage", "white-zones"].contains(parts[0]), let format = MapImageFormat(rawValue: parts[1]) else {
            throw APIError(.notFound, "unknown map", "pas de carte \(file) ; cartes : coverage.svg, coverage.png, white-zones.svg, white-zones.png")
        }
        let query = QueryParameters(request)
        let subject: ReportMap.Subject
        if parts[0] == "coverage" {
            let by = query.string("by") ?? ReportMap.Level.departement.rawValue
            guard let level = ReportMap.Level(rawValue: by) else {
                throw APIError.badParameter("by", ReportMap.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            subject = .coverage(level)
        } else {
            subject = .whiteZones
        }
        let region = try state.territory.area(region: query.string("region")).region   // an unknown région keys no drawing
        let drawing = try DrawReportMap(subject: subject, region: region, width: try query.int("width") ?? 1200, format: format,
                                        coveringStatuses: try query.coveringStatuses())
        let territory = state.territory
        let bytes = try await territory.reportMaps.value(drawing.cacheKey) {
            try drawing.draw(territory.analysis(coveringStatuses: drawing.coveringStatuses)).bytes
        }
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
