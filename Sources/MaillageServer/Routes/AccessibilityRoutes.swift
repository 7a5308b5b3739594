import GeometryKit
import Hummingbird
import Territory

/// `/api/v1`: accessibility to GPs (E2SFCA) and the pharmacy quota, public, as `maillage accessibility` and
/// `maillage pharmacies quota`.
struct AccessibilityRoutes {
    let state: ServiceState

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("accessibility") { request, _ in try await accessibility(request) }
        api.get("pharmacies/quota") { request, _ in try await pharmacyQuota(request) }
    }

    /// `?by=commune|cpts|departement&radius_km=30&weights=10:1,20:0.5,30:0.2&departement=D`; the standard index is
    /// computed from start-up in the background, another radius or weights once per query.
    func accessibility(_ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        let by = query.string("by") ?? "commune"
        guard ["commune", "cpts", "departement"].contains(by) else { throw APIError.badParameter("by", "one of commune, cpts, departement") }
        let radius = try query.double("radius_km", in: 0.1...200) ?? 30
        let weights: CatchmentWeights
        do {
            weights = try CatchmentWeights(parsing: query.string("weights") ?? CatchmentWeights.standard.description, radiusKm: radius)
        } catch {
            throw APIError.badParameter("weights", "\(error)")
        }
        let departement = query.string("departement")
        let territory = state.territory
        let standard = try await territory.accessibility()
        let key = "accessibility|\(by)|\(weights.description)|\(weights.radiusKm)|\(departement ?? "")"
        return JSONResponse.bytes(try await territory.answer(key) { [state] in
            let index = weights == standard.weights ? standard
                : AccessibilityIndex(layer: territory.analysis.layer, supply: GPSupply(activities: try await state.store.practitionerActivities()),
                                     weights: weights)
            switch by {
            case "cpts": return JSONWriter.string(objects: index.cpts(territory.analysis.perimeters).map { AccessibilityJSON.members($0, key: "id") })
            case "departement":
                let rows = index.departements().filter { departement == nil || $0.code == departement }
                return JSONWriter.string(objects: rows.map { AccessibilityJSON.members($0, key: "departement") })
            default:
                return JSONWriter.string(objects: index.communes.filter { departement == nil || $0.departement == departement }.map(AccessibilityJSON.members))
            }
        })
    }

    /// `?departement=D`: every commune (of D) with its officines, licences allowed and the difference, and the figures.
    func pharmacyQuota(_ request: Request) async throws -> Response {
        let departement = QueryParameters(request).string("departement")
        let territory = state.territory
        if let departement, !territory.analysis.layer.communes.contains(where: { $0.departement == departement }) {
            throw APIError(.notFound, "unknown département", "no commune of département \(departement)")
        }
        return JSONResponse.bytes(try await territory.answer("pharmacies-quota|\(departement ?? "")") {
            let rows = PharmacyQuota.communes(territory.analysis.layer, pharmacies: territory.pharmacies, departement: departement)
            return JSONWriter.string(object: [("summary", .ordered(AccessibilityJSON.members(PharmacyQuotaSummary(rows)))),
                                              ("communes", .array(rows.map { .ordered(AccessibilityJSON.members($0)) }))])
        })
    }
}
