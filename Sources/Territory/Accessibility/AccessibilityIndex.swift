import GeometryKit

/// Accessibility to GPs per commune by the enhanced two-step floating catchment area method (E2SFCA, Luo & Qi),
/// the family of the DREES "APL" indicator, defined so that anyone can recompute it:
///
/// - supply S_j: GPs practising in commune j (`GPSupply`); demand P_k: population municipale of commune k (0 where
///   INSEE gives none); locations: the communes' representative points; d: geodesic distance in km (PROJ);
/// - R_j = S_j / Σ_k W(d_kj) P_k over the communes k of j's catchment (itself included, d = 0), 0 where that demand is 0;
/// - A_i = Σ_j W(d_ij) R_j, reported as GPs per 100 000 inhabitants (A_i × 100 000).
///
/// Distances, not road travel times; head counts, not activity volumes. Pairs come from a geodesic point index, and
/// PROJ's geodesic is computed only where the index's bounds on a distance straddle a step of the weights: the weight
/// of every other pair is already decided.
///
/// ```swift
/// let index = AccessibilityIndex(layer: layer, supply: GPSupply(activities: rpps))
/// index.communes.first { $0.code == "80021" }?.indexPer100k
/// ```
public struct AccessibilityIndex: Sendable {
    public let weights: CatchmentWeights
    /// One row per commune of the layer, in layer order.
    public let communes: [CommuneAccessibility]
    /// Catchment pairs (supply commune, commune within the radius) with a weight, and how many needed PROJ.
    public let pairs: Int
    public let exactDistances: Int
    /// GPs whose commune has no representative point (no polygon): they cannot be placed, and are left out.
    public let unplacedSupply: Double

    public init(layer: CommuneLayer, supply: GPSupply, weights: CatchmentWeights = .standard) {
        self.weights = weights
        let all = layer.communes
        let located = all.indices.filter { all[$0].representativePoint != nil }
        let points = located.map { all[$0].representativePoint! }
        let demand = located.map { Double(all[$0].population ?? 0) }
        let supplyAt = located.map { supply.byCommune[all[$0].code] ?? 0 }
        let index = GeodesicPointIndex(points: points)
        let radiusMetres = weights.radiusKm * 1000

        // Step 1, for each commune with GPs: the weighted population of its catchment, keeping the weighted pairs.
        let suppliers = located.indices.filter { supplyAt[$0] > 0 }
        let catchments = (try? ParallelMap.map(suppliers) { j -> (pairs: [(commune: Int, weight: Double)], demand: Double, exact: Int) in
            var pairs: [(commune: Int, weight: Double)] = [], weighted = 0.0, exact = 0
            for candidate in index.bounded(within: radiusMetres, of: points[j]) {
                let low = weights.band(km: candidate.lowerMetres / 1000), high = weights.band(km: candidate.upperMetres / 1000)
                let weight: Double
                if low == high {
                    weight = low < weights.steps.count ? weights.steps[low].weight : 0
                } else {
                    weight = weights.weight(km: Geodesic.distance(points[j], points[candidate.item]) / 1000)
                    exact += 1
                }
                guard weight > 0 else { continue }
                pairs.append((candidate.item, weight))
                weighted += weight * demand[candidate.item]
            }
            return (pairs, weighted, exact)
        }) ?? []

        // Step 2: each commune sums the supply-to-demand ratios of the catchments it lies in, weighted alike.
        var access = Array(repeating: 0.0, count: located.count)
        for (position, j) in suppliers.enumerated() {
            let catchment = catchments[position]
            guard catchment.demand > 0 else { continue }
            let ratio = supplyAt[j] / catchment.demand
            for (k, weight) in catchment.pairs { access[k] += weight * ratio }
        }
        var rows = all.map { CommuneAccessibility(code: $0.code, name: $0.name, departement: $0.departement, population: $0.population,
                                                  supplyGPs: supply.byCommune[$0.code] ?? 0, location: $0.representativePoint, indexPer100k: nil) }
        for (position, commune) in located.enumerated() where all[commune].population != nil {
            rows[commune].indexPer100k = access[position] * 100_000
        }
        communes = rows
        pairs = catchments.reduce(0) { $0 + $1.pairs.count }
        exactDistances = catchments.reduce(0) { $0 + $1.exact }
        unplacedSupply = all.filter { $0.representativePoint == nil }.reduce(0) { $0 + (supply.byCommune[$1.code] ?? 0) }
    }

    /// The population-weighted mean index of groups of communes (a CPTS, a département): communes without a
    /// population figure or an index are left out of both the mean and the population.
    public func areas(_ groups: [(code: String, name: String, communes: [String])]) -> [AreaAccessibility] {
        let position = Dictionary(uniqueKeysWithValues: communes.enumerated().map { ($1.code, $0) })
        return groups.map { group in
            let members = Set(group.communes).compactMap { position[$0] }.map { communes[$0] }
            var population = 0, weightedIndex = 0.0
            for commune in members {
                guard let p = commune.population, let index = commune.indexPer100k else { continue }
                population += p
                weightedIndex += Double(p) * index
            }
            return AreaAccessibility(code: group.code, name: group.name, communes: members.count, population: population,
                                     supplyGPs: members.reduce(0) { $0 + $1.supplyGPs },
                                     indexPer100k: population > 0 ? weightedIndex / Double(population) : nil)
        }
    }

    /// `areas` for every département of the layer, by code.
    public func departements() -> [AreaAccessibility] {
        let grouped = Dictionary(grouping: communes, by: \.departement)
        return areas(grouped.keys.sorted().map { (code: $0, name: $0, communes: grouped[$0]!.map(\.code)) })
    }

    /// `areas` for CPTS perimeters.
    public func cpts(_ perimeters: [CPTSPerimeter]) -> [AreaAccessibility] {
        areas(perimeters.map { (code: $0.id, name: $0.name, communes: $0.communeCodes) })
    }
}

/// One commune's row of the accessibility index.
public struct CommuneAccessibility: Sendable, Hashable {
    public var code: String
    public var name: String
    public var departement: String
    /// Population municipale (P); nil where INSEE gives none (Mayotte): then no index either.
    public var population: Int?
    /// GPs practising in the commune (S), fractional for GPs practising in several communes.
    public var supplyGPs: Double
    /// The representative point used as the commune's location; nil without polygon (then no index).
    public var location: Coordinate?
    /// A × 100 000: GPs per 100 000 inhabitants within reach, weighted by distance.
    public var indexPer100k: Double?
}

/// The accessibility of a group of communes: population-weighted mean of its communes' index.
public struct AreaAccessibility: Sendable, Hashable {
    public var code: String
    public var name: String
    public var communes: Int
    /// Population of the communes that have an index.
    public var population: Int
    public var supplyGPs: Double
    public var indexPer100k: Double?
}
