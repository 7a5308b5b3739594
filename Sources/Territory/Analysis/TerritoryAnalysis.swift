import GeometryKit
import Synchronization

/// Coverage, overlaps and white zones of a set of CPTS over a commune layer.
///
/// `coveringStatuses` says which statuses count as covering (a parameter, all by default); CPTS
/// of other statuses are still reported, and still overlap, but cover nobody.
///
/// ```swift
/// let analysis = TerritoryAnalysis(layer: layer, perimeters: perimeters)
/// analysis.coverage(.nation)[0].coverageRate     // 0.840 on the Hauts-de-France sample
/// try analysis.whiteZones().map(\.population)
/// ```
public final class TerritoryAnalysis: Sendable {
    public let layer: CommuneLayer
    public let perimeters: [CPTSPerimeter]
    public let coveringStatuses: Set<CPTSStatus>
    /// For each commune index, the indices (into `perimeters`) of the CPTS that claim it.
    let claims: [[Int]]
    /// The same by commune code, also for communes the layer does not hold (an orientation query loads only the
    /// patient's commune, yet reports the CPTS of each volunteer's).
    private let claimsOfCode: [String: [Int]]
    /// Communes claimed by more than one CPTS, found while building `claims`.
    private let contested: [Int]
    /// The communes' properties as features carry them (`communeProperties()`), encoded once: the OGC layer, the map's
    /// finest level and the tiles all hold the same 35 000.
    private let encodedCommunes = Mutex<[[(String, JSONValue)]]?>(nil)

    public init(layer: CommuneLayer, perimeters: [CPTSPerimeter], coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) {
        self.layer = layer
        self.perimeters = perimeters.sorted { $0.id < $1.id }
        self.coveringStatuses = coveringStatuses.isEmpty ? Set(CPTSStatus.allCases) : coveringStatuses
        var claimsOfCode: [String: [Int]] = [:]
        for (p, perimeter) in self.perimeters.enumerated() {
            for code in perimeter.communeCodes { claimsOfCode[code, default: []].append(p) }
        }
        self.claimsOfCode = claimsOfCode
        let claims = layer.communes.map { claimsOfCode[$0.code] ?? [] }
        self.claims = claims
        contested = claims.indices.filter { claims[$0].count > 1 }
    }

    /// Whether a commune (index in the layer) lies in at least one covering CPTS.
    public func isCovered(_ commune: Int) -> Bool {
        claims[commune].contains { coveringStatuses.contains(perimeters[$0].status) }
    }

    /// The perimeter of that id (perimeters are sorted by id).
    public func perimeter(id: String) -> CPTSPerimeter? {
        var low = 0, high = perimeters.count
        while low < high {
            let mid = (low + high) / 2
            if perimeters[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < perimeters.count && perimeters[low].id == id ? perimeters[low] : nil
    }

    /// Each commune's `CommuneEntry` members, in the layer's order, encoded on first use and kept.
    public func communeProperties() throws -> [[(String, JSONValue)]] {
        try encodedCommunes.withLock { encoded in
            if let encoded { return encoded }
            // By slices on every core: a fifth of a second on one for the whole country.
            let slices = stride(from: 0, to: layer.communes.count, by: 2_000).map { $0..<min($0 + 2_000, layer.communes.count) }
            let properties = try ParallelMap.map(slices) { slice in
                try layer.communes[slice].map { try JSONValueEncoder.members(CommuneEntry(commune: $0, cpts: cpts(claiming: $0.code))) }
            }.flatMap { $0 }
            encoded = properties
            return properties
        }
    }

    /// Ids of the CPTS (any status) claiming a commune.
    public func cpts(claiming code: String) -> [String] {
        (claimsOfCode[code] ?? []).map { perimeters[$0].id }
    }

    /// Ids of the covering CPTS claiming a commune (held by the layer or not).
    public func coveringCPTS(ofCommune code: String) -> [String] {
        (claimsOfCode[code] ?? []).filter { coveringStatuses.contains(perimeters[$0].status) }.map { perimeters[$0].id }
    }

    // MARK: - Per CPTS

    /// One report per CPTS, perimeters dissolved on every core.
    public func reports() throws -> [CPTSReport] {
        try ParallelMap.map(perimeters.indices.map { $0 }) { try report(for: $0) }
    }

    public func report(id: String) throws -> CPTSReport? {
        try perimeters.firstIndex { $0.id == id }.map { try report(for: $0) }
    }

    private func report(for p: Int) throws -> CPTSReport {
        report(for: p, dissolved: try dissolve(perimeter: p))
    }

    /// A perimeter's report from its dissolved geometry: the rest is attributes only.
    func report(for p: Int, dissolved: DissolvedPerimeter) -> CPTSReport {
        let members = perimeters[p].communeCodes.compactMap(layer.index(of:))
        let overlaps = Set(members.flatMap { claims[$0] }).subtracting([p]).map { perimeters[$0].id }.sorted()
        return TerritoryAnalysis.describe(perimeters[p], members: members, overlapsWith: overlaps, layer: layer, dissolved: dissolved)
    }

    /// Population, size, départements, régions of a list of communes, with its dissolved geometry.
    static func describe(_ perimeter: CPTSPerimeter, members: [Int], overlapsWith: [String], layer: CommuneLayer,
                         dissolved: DissolvedPerimeter) -> CPTSReport {
        let communes = members.map { layer.communes[$0] }
        let population = communes.reduce(0) { $0 + ($1.population ?? 0) }
        return CPTSReport(perimeter: perimeter, population: population, sizeCategory: SizeCategory(population: population),
                          geometry: dissolved.geometry, areaKm2: dissolved.areaKm2,
                          departements: Set(communes.map(\.departement)).sorted(), regions: Set(communes.map(\.region)).sorted(),
                          parts: dissolved.parts, overlapsWith: overlapsWith)
    }

    /// The union, area and parts of a list of communes (indices into `layer.communes`).
    static func dissolvedPerimeter(_ members: [Int], in layer: CommuneLayer) throws -> DissolvedPerimeter {
        let (geometry, area) = try dissolve(members, in: layer)
        return DissolvedPerimeter(geometry: geometry, areaKm2: area, parts: CommuneAdjacency.components(of: members, in: layer).count)
    }

    /// `ST_Union` of the communes' polygons (indices into `layer.communes`), dissolved from an edge graph
    /// (`CommuneLayer.union(of:)`), and its geodesic area in km².
    ///
    /// When the union has exactly the planar area of its parts (no overlap), its geodesic area is the sum
    /// of the communes' geodesic areas computed at import: the shared edges cancel exactly. Otherwise
    /// the area is measured on the union itself.
    static func dissolve(_ members: [Int], in layer: CommuneLayer) throws -> (geometry: Geometry?, areaKm2: Double) {
        guard let union = try layer.union(of: members) else { return (nil, 0) }
        let areas = Set(members).sorted().filter { layer.communes[$0].geometry != nil }.map { layer.communes[$0].areaKm2 }
        if union.partsDoNotOverlap, !areas.contains(nil) {
            return (union.geometry, areas.reduce(0) { $0 + $1! })
        }
        return (union.geometry, Geodesic.areaKm2(of: union.geometry))
    }

    // MARK: - Coverage

    /// One CPTS's row of `coverage(.cpts)`: its communes, all counted as covered when its status covers.
    public func coverage(of perimeter: CPTSPerimeter) -> CoverageFigures {
        let members = perimeter.communeCodes.compactMap(layer.index(of:))
        let population = members.reduce(0) { $0 + (layer.communes[$1].population ?? 0) }
        let covers = coveringStatuses.contains(perimeter.status)
        return CoverageFigures(code: perimeter.id, populationTotal: population, populationCovered: covers ? population : 0,
                               communesTotal: members.count, communesCovered: covers ? members.count : 0)
    }

    /// Coverage figures per département, per région, or for the whole layer (`.nation`).
    /// `.cpts` gives one row per CPTS, its communes all counted as covered when its status covers.
    public func coverage(_ level: CoverageLevel) -> [CoverageFigures] {
        if level == .cpts { return perimeters.map(coverage(of:)) }
        var byCode: [String: CoverageFigures] = [:]
        for (index, commune) in layer.communes.enumerated() {
            let code: String
            switch level {
            case .departement: code = commune.departement
            case .region: code = commune.region
            default: code = "nation"
            }
            var figures = byCode[code] ?? CoverageFigures(code: code, populationTotal: 0, populationCovered: 0, communesTotal: 0, communesCovered: 0)
            let population = commune.population ?? 0
            figures.populationTotal += population
            figures.communesTotal += 1
            if isCovered(index) {
                figures.populationCovered += population
                figures.communesCovered += 1
            }
            byCode[code] = figures
        }
        return byCode.values.sorted { $0.code < $1.code }
    }

    // MARK: - Overlaps

    /// Every pair of CPTS sharing communes (any status: the ARS must see them all), by ids.
    public func overlaps() -> [CPTSOverlap] {
        var shared: [[Int]: [Int]] = [:]
        for commune in contested {
            let claimants = claims[commune]
            for a in claimants.indices {
                for b in claimants.indices where b > a {
                    shared[[min(claimants[a], claimants[b]), max(claimants[a], claimants[b])], default: []].append(commune)
                }
            }
        }
        return shared.map { pair, communes in
            CPTSOverlap(cptsA: perimeters[pair[0]].id, cptsB: perimeters[pair[1]].id,
                        communeCodes: communes.map { layer.communes[$0].code }.sorted(),
                        population: communes.reduce(0) { $0 + (layer.communes[$1].population ?? 0) })
        }.sorted { ($0.cptsA, $0.cptsB) < ($1.cptsA, $1.cptsB) }
    }

    /// The union of an overlap's shared communes, for maps.
    public func geometry(of overlap: CPTSOverlap) throws -> Geometry? {
        try union(ofCommunes: overlap.communeCodes)
    }

    /// `ST_Union` of some communes by code (a département, a CPTS), dissolved from the layer's edge graph; nil when
    /// none has a polygon.
    public func union(ofCommunes codes: [String]) throws -> Geometry? {
        try TerritoryAnalysis.dissolve(codes.compactMap(layer.index(of:)), in: layer).geometry
    }

    // MARK: - White zones

    /// Communes in no covering CPTS, grouped into zones of touching communes and dissolved.
    /// `within` restricts the analysis to some communes (a département, a région); zones are then
    /// computed inside that area. `cut: .region` keeps communes of different régions apart: one list per ARS.
    public func whiteZones(within include: ((Commune) -> Bool)? = nil, cut: WhiteZoneCut = .national) throws -> [WhiteZone] {
        let uncovered = layer.communes.indices.filter { !isCovered($0) && (include?(layer.communes[$0]) ?? true) }
        let zones = CommuneAdjacency.components(of: uncovered, in: layer, apart: cut == .region ? { $0.region } : nil)
        return try ParallelMap.map(zones) { members in
            let communes = members.map { layer.communes[$0] }
            let (geometry, area) = try TerritoryAnalysis.dissolve(members, in: layer)
            return WhiteZone(communeCodes: communes.map(\.code), population: communes.reduce(0) { $0 + ($1.population ?? 0) },
                             areaKm2: area, departements: Set(communes.map(\.departement)).sorted(),
                             geometry: geometry)
        }.sorted { ($0.population, $1.communeCodes[0]) > ($1.population, $0.communeCodes[0]) }
    }
}
