import Territory

/// Accessibility to GPs (E2SFCA: GPs per 100 000 inhabitants within reach) by commune, CPTS or département:
/// `maillage accessibility` and `GET /api/v1/accessibility`.
public struct Accessibility: TerritoryQuestion {
    public enum Level: String, Sendable, CaseIterable { case commune, cpts, departement }

    public var level: Level
    public var weights: CatchmentWeights
    /// Only the communes (or the département) of this département.
    public var departement: String?

    public static let radius = Bounded("radius_km", 0.1...200.0)

    /// `weights` as `BOUND_KM:WEIGHT,…` within `radiusKm`: refused out of range or unreadable, before any work.
    public init(level: Level = .commune, radiusKm: Double = 30, weights: String = CatchmentWeights.standard.description,
                departement: String? = nil) throws {
        self.level = level
        self.departement = departement
        do {
            self.weights = try CatchmentWeights(parsing: weights, radiusKm: try Self.radius.check(radiusKm))
        } catch let error as UseCaseError {
            throw error
        } catch {
            throw UseCaseError.invalid(parameter: "weights", reason: "\(error)")
        }
    }

    /// One row per commune, CPTS or département, in the index's order.
    public enum Answer: Encodable, Sendable {
        case communes([CommuneAccessibility])
        case areas([AreaAccessibilityRow])

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .communes(let rows): try rows.encode(to: encoder)
            case .areas(let rows): try rows.encode(to: encoder)
            }
        }
    }

    public func answer(from territory: some TerritorySource) async throws -> Answer {
        try answer(index: try await territory.accessibility(weights),
                   analysis: try await territory.analysis(coveringStatuses: Set(CPTSStatus.allCases), communes: .attributes))
    }

    /// The answer from an index already computed under `weights` over `analysis`'s layer.
    public func answer(index: AccessibilityIndex, analysis: TerritoryAnalysis) throws -> Answer {
        let departement = try Area(departement: departement).resolved(in: analysis.layer).departement
        switch level {
        case .commune: return .communes(index.communes.filter { departement == nil || $0.departement == departement })
        case .cpts: return .areas(index.cpts(analysis.perimeters).map { AreaAccessibilityRow(.cpts, $0) })
        case .departement:
            return .areas(index.departements().filter { departement == nil || $0.code == departement }.map { AreaAccessibilityRow(.departement, $0) })
        }
    }

    public var cacheKey: String { "accessibility|\(level.rawValue)|\(weights.description)|\(weights.radiusKm)|\(departement ?? "")" }
}
