import GeometryKit

/// What is costly in a CPTS report — the dissolved perimeter, its geodesic area, its number of parts — kept
/// apart so that the store can persist it per import and a report can be assembled without the polygons.
///
/// ```swift
/// let dissolved = try analysis.dissolvedPerimeters()          // GEOS work, once per import
/// let reports = try analysis.reports(dissolved: dissolved)    // attributes only
/// ```
public struct DissolvedPerimeter: Sendable {
    /// Union of the CPTS's communes' polygons; nil when none has one, or when read without geometry.
    public var geometry: Geometry?
    public var areaKm2: Double
    /// Groups of touching communes (1 = contiguous).
    public var parts: Int

    public init(geometry: Geometry?, areaKm2: Double, parts: Int) {
        self.geometry = geometry; self.areaKm2 = areaKm2; self.parts = parts
    }
}

extension TerritoryAnalysis {
    /// Every perimeter dissolved, by CPTS id (on every core): what `reports()` computes, to be stored.
    public func dissolvedPerimeters() throws -> [String: DissolvedPerimeter] {
        let dissolved = try ParallelMap.map(perimeters.indices.map { $0 }) { p in try dissolve(perimeter: p) }
        return Dictionary(uniqueKeysWithValues: zip(perimeters.map(\.id), dissolved))
    }

    func dissolve(perimeter p: Int) throws -> DissolvedPerimeter {
        try TerritoryAnalysis.dissolvedPerimeter(perimeters[p].communeCodes.compactMap(layer.index(of:)), in: layer)
    }

    /// The reports from perimeters dissolved earlier (`dissolvedPerimeters()`, as stored): no GEOS work, so the
    /// layer may be read without polygons. Throws `AnalysisError.notDissolved` for a CPTS missing from `dissolved`.
    public func reports(dissolved: [String: DissolvedPerimeter]) throws -> [CPTSReport] {
        try perimeters.indices.map { p in
            guard let known = dissolved[perimeters[p].id] else { throw AnalysisError.notDissolved(perimeters[p].id) }
            return report(for: p, dissolved: known)
        }
    }
}

/// Why an analysis cannot be assembled from what it was given.
public enum AnalysisError: Error, CustomStringConvertible, Equatable {
    /// The stored dissolves do not cover this CPTS (they belong to another import).
    case notDissolved(String)

    public var description: String {
        switch self {
        case .notDissolved(let id): return "no dissolved perimeter for CPTS \(id): the stored dissolves belong to another import"
        }
    }
}
