import Territory

/// The patient data a coordinator works on: the waiting list of one CPTS, and the volunteers practising in its communes.
public struct CPTSScope: Sendable, Equatable {
    public let cpts: String
    public let communes: Set<String>

    public init(cpts: String, communes: Set<String>) { self.cpts = cpts; self.communes = communes }

    /// The CPTS of that id in the analysis; `UseCaseError.unknownCPTS` when the store has none.
    public init(cpts: String, in analysis: TerritoryAnalysis) throws {
        guard let perimeter = analysis.perimeters.first(where: { $0.id == cpts }) else { throw UseCaseError.unknownCPTS(cpts) }
        self.init(cpts: cpts, communes: Set(perimeter.communeCodes))
    }

    /// The reason a row outside the scope is refused, in the language of the importers' other reasons.
    public var outsideReason: String { "hors des communes de \(cpts), la CPTS du jeton : ligne refusée" }
}
