import GeometryKit
import Hummingbird
import Territory
import UseCases

/// `/api/v1`: accessibility to GPs (E2SFCA) and the pharmacy quota, public, as `maillage accessibility` and
/// `maillage pharmacies quota`.
struct AccessibilityRoutes {
    let state: ServiceState

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("accessibility") { request, _ in try await accessibility(request) }
        api.get("pharmacies/quota") { request, _ in try await pharmacyQuota(request) }
    }

    /// `?by=commune|cpts|departement&radius_km=30&weights=10:1,20:0.5,30:0.2&departement=D`: `Accessibility`, as
    /// `maillage accessibility`; the standard index is computed from start-up in the background, another radius or
    /// weights once per question.
    func accessibility(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        guard let level = Accessibility.Level(rawValue: query.string("by") ?? "commune") else {
            throw APIError.badParameter("by", "commune, cpts ou departement")
        }
        let question = try Accessibility(level: level, radiusKm: try query.double("radius_km") ?? 30,
                                         weights: query.string("weights") ?? CatchmentWeights.standard.description,
                                         departement: try state.territory.area(departement: query.string("departement")).departement)
        let format = try query.tableFormat()
        return JSONResponse.kept(try await state.territory.kept(question, format: format), format: format, name: "accessibilite-\(level.rawValue)")
    }

    /// `?departement=D`: `PharmacyQuotaQuestion`, as `maillage pharmacies quota`.
    func pharmacyQuota(_ request: Request) async throws -> Response {
        let query = QueryParameters(request), format = try query.tableFormat()
        let departement = try state.territory.area(departement: query.string("departement")).departement
        return JSONResponse.kept(try await state.territory.kept(PharmacyQuotaQuestion(departement: departement), format: format),
                                 format: format, name: "quota-officines")
    }
}
