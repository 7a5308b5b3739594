/// The fixed classes of the coverage choropleths: a rate of 0 and of 100 % apart (no CPTS at all, fully covered:
/// what an ARS report points at), then quarters. Fixed bounds, not quantiles, so that maps of different dates and
/// régions compare: ]a – b] holds the rates above a and up to b; ]75 – 100 %[ stops short of full coverage.
///
/// ```swift
/// CoverageClass.of(rate: 0.62).label     // "]50 – 75 %]"
/// CoverageClass.of(rate: 1).colour       // #08519c
/// ```
///
/// The web map's choropleths take these classes too (`GET /api/v1/map/classes`, and each feature's `coverage_class`).
public enum CoverageClass: Int, CaseIterable, Sendable {
    case none, upToQuarter, upToHalf, upToThreeQuarters, belowFull, full
    /// No population figure (Mayotte's communes in the INSEE file): no rate at all, not 0 %.
    case noData

    /// The class of an area: `noData` without population, else by its covered share.
    public static func of(populationTotal: Int, rate: Double) -> CoverageClass {
        populationTotal > 0 ? of(rate: rate) : .noData
    }

    /// The class of a covered share of the population, 0…1.
    public static func of(rate: Double) -> CoverageClass {
        if rate <= 0 { return .none }
        if rate >= 1 { return .full }
        if rate <= 0.25 { return .upToQuarter }
        if rate <= 0.5 { return .upToHalf }
        if rate <= 0.75 { return .upToThreeQuarters }
        return .belowFull
    }

    public var label: String {
        switch self {
        case .none: "0 %"
        case .upToQuarter: "]0 – 25 %]"
        case .upToHalf: "]25 – 50 %]"
        case .upToThreeQuarters: "]50 – 75 %]"
        case .belowFull: "]75 – 100 %["
        case .full: "100 %"
        case .noData: "sans donnée"
        }
    }

    /// ColorBrewer's Blues for the covered classes, darker as coverage grows; an orange for none at all.
    public var colour: Colour {
        switch self {
        case .none: Colour(hex: 0xfdae6b)
        case .upToQuarter: Colour(hex: 0xc6dbef)
        case .upToHalf: Colour(hex: 0x9ecae1)
        case .upToThreeQuarters: Colour(hex: 0x6baed6)
        case .belowFull: Colour(hex: 0x3182bd)
        case .full: Colour(hex: 0x08519c)
        case .noData: Colour(hex: 0xbdbdbd)
        }
    }
}

/// The colours of the white-zone map.
public enum WhiteZoneColours {
    /// A white zone: communes in no covering CPTS.
    public static let zone = Colour(hex: 0xde2d26)
    /// Every other commune (the land under the zones).
    public static let land = Colour(hex: 0xd9d9d9)
}
