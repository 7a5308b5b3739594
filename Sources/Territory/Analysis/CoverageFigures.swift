/// The level at which coverage is summed.
public enum CoverageLevel: String, Sendable, CaseIterable {
    case cpts, departement, region, nation
}

/// Population and communes covered by at least one CPTS, within one département, région or the nation.
public struct CoverageFigures: Sendable, Equatable {
    /// Département or région code; "nation" for the whole layer.
    public var code: String
    public var populationTotal: Int
    /// Population of the communes in at least one covering CPTS, each commune counted once.
    public var populationCovered: Int
    public var communesTotal: Int
    public var communesCovered: Int

    public init(code: String, populationTotal: Int, populationCovered: Int, communesTotal: Int, communesCovered: Int) {
        self.code = code; self.populationTotal = populationTotal; self.populationCovered = populationCovered
        self.communesTotal = communesTotal; self.communesCovered = communesCovered
    }

    /// Covered share of the population (0 when the area has no inhabitants).
    public var coverageRate: Double {
        populationTotal == 0 ? 0 : Double(populationCovered) / Double(populationTotal)
    }
}
