import GeometryKit

/// Everything the ARS looks at for one CPTS: population and size category, dissolved perimeter and
/// its geodesic area, départements and régions spanned, contiguity, the CPTS it overlaps.
public struct CPTSReport: Sendable {
    public var perimeter: CPTSPerimeter
    /// Population municipale of its distinct communes.
    public var population: Int
    public var sizeCategory: SizeCategory
    /// Union of its communes' polygons (nil when none of its communes has one).
    public var geometry: Geometry?
    /// Geodesic area of `geometry`, km².
    public var areaKm2: Double
    public var departements: [String]
    public var regions: [String]
    /// Number of separate pieces of the perimeter (1 = contiguous): groups of touching communes.
    public var parts: Int
    /// Ids of the other CPTS claiming at least one of its communes.
    public var overlapsWith: [String]

    public var id: String { perimeter.id }
    public var isContiguous: Bool { parts <= 1 }
}

/// A pair of CPTS claiming the same communes (one CPTS per territory: the ARS sees every pair).
public struct CPTSOverlap: Sendable, Hashable {
    /// The lower id of the pair.
    public var cptsA: String
    public var cptsB: String
    public var communeCodes: [String]
    public var population: Int

    public init(cptsA: String, cptsB: String, communeCodes: [String], population: Int) {
        self.cptsA = cptsA; self.cptsB = cptsB; self.communeCodes = communeCodes; self.population = population
    }
}

/// Communes covered by no CPTS that touch each other, dissolved into one zone.
/// How white zones are drawn across the country: cut at the régions' limits (one list per ARS, what the service shows by
/// default), or as the touch graph joins them (`national`: a zone may span several régions).
public enum WhiteZoneCut: String, Sendable, CaseIterable, Codable {
    case region, national
}

public struct WhiteZone: Sendable {
    public var communeCodes: [String]
    public var population: Int
    public var areaKm2: Double
    public var departements: [String]
    public var geometry: Geometry?

    public init(communeCodes: [String], population: Int, areaKm2: Double, departements: [String], geometry: Geometry?) {
        self.communeCodes = communeCodes; self.population = population; self.areaKm2 = areaKm2
        self.departements = departements; self.geometry = geometry
    }
}
