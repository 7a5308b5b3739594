import Territory

/// The patient data a coordinator works on: the waiting list of one CPTS, and the volunteers practising in its communes.
public struct CPTSScope: Sendable, Equatable {
    public let cpts: String
    public let communes: Set<String>
    /// Those of `communes` another CPTS claims too: their GPs are shared (`OrientationRules.checkRosterOwnership`).
    public let sharedCommunes: Set<String>

    public init(cpts: String, communes: Set<String>, sharedCommunes: Set<String> = []) {
        self.cpts = cpts; self.communes = communes; self.sharedCommunes = sharedCommunes
    }

    /// The CPTS of that id in the analysis, its shared communes those another CPTS (of any status) claims too;
    /// `UseCaseError.unknownCPTS` when the store has none.
    public init(cpts: String, in analysis: TerritoryAnalysis) throws {
        guard let perimeter = analysis.perimeter(id: cpts) else { throw UseCaseError.unknownCPTS(cpts) }
        let communes = Set(perimeter.communeCodes)
        self.init(cpts: cpts, communes: communes, sharedCommunes: communes.filter { analysis.cpts(claiming: $0).count > 1 })
    }

    /// The reason a row outside the scope is refused, in the language of the importers' other reasons.
    public var outsideReason: String { "hors des communes de \(cpts), la CPTS du jeton : ligne refusée" }
}
