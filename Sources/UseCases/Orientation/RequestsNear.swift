import GeometryKit
import Storage
import Territory

/// The pending requests around a GP's practice, nearest first, distances rounded to 0.5 km: no address, and too coarse
/// for a few queries about several GPs to place a home. `maillage requests-near` (the operator: every CPTS) and
/// `GET /api/v1/requests-near` (a coordinator: its CPTS's requests, around a GP practising in its communes). Audited.
public struct RequestsNear: Sendable {
    public static let km = Bounded("km", 0.001...200.0)

    public let rpps: String
    public let km: Double
    /// The coordinator's CPTS; every CPTS's requests when nil.
    public let scope: CPTSScope?

    public init(rpps: String, km: Double = 10, scope: CPTSScope? = nil) throws {
        guard HealthIdentifier.isValidRPPS(rpps) else {
            throw UseCaseError.invalid(parameter: "rpps", reason: "un numéro RPPS (11 chiffres, clé de Luhn valide)")
        }
        self.rpps = rpps
        self.km = try Self.km.check(km)
        self.scope = scope
    }

    /// `orientation`: the roster and waiting lists in memory (the service); without it, the store is read around the practice
    /// only (a command's one question).
    public func answer(store: any MaillageStore, orientation: OrientationService?, by requester: Requester) async throws -> [RequestNear] {
        let practice = try await practice(store: store, orientation: orientation)
        if let scope, !scope.communes.contains(practice.commune) {
            throw UseCaseError.outsideScope("le médecin \(rpps) n'exerce pas dans les communes de \(scope.cpts), la CPTS du jeton")
        }
        var found: [(request: PatientRequest, distanceKm: Double)]
        if let orientation {
            let mine = scope.map { orientation.scoped(toCPTS: $0.cpts, communes: $0.communes) } ?? orientation
            found = mine.requestsNear(practice.position, km: km)
        } else {
            found = try await store.requestsNear(practice.position, km: km)
            if let scope { found.removeAll { $0.request.cpts != scope.cpts } }
        }
        try await store.appendAudit(requester.event(.requestsNear, cpts: scope?.cpts, patients: found.count, outcome: "GP \(rpps), \(km) km"))
        return found.map { RequestNear(request: $0.request, distanceKm: RequestNear.roundedKm($0.distanceKm)) }
    }

    /// Where and in which commune the GP practises: its row in the orientation service's roster, else as the store says.
    private func practice(store: any MaillageStore, orientation: OrientationService?) async throws -> (commune: String, position: Coordinate) {
        if let volunteer = orientation?.volunteer(rpps: rpps) { return (volunteer.communeCode, volunteer.position) }
        guard let site = try await store.practiceSite(rpps: rpps) else { throw UseCaseError.unknownPractitioner(rpps) }
        return (site.communeCode, site.position)
    }
}
