import Storage
import Territory

/// Communes covered by no CPTS, grouped into zones of touching communes, largest population first: `maillage
/// white-zones` and `GET /api/v1/white-zones`. Cut at the régions' limits unless `cut` is `.national` (one list per ARS);
/// within a département or a région, at its limits.
public struct WhiteZones: TerritoryQuestion {
    public var coveringStatuses: Set<CPTSStatus>
    public var area: Area
    public var cut: WhiteZoneCut

    public init(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases), area: Area = Area(), cut: WhiteZoneCut = .region) {
        self.coveringStatuses = coveringStatuses; self.area = area; self.cut = cut
    }

    /// The zones, numbered from the largest.
    public func answer(from territory: some TerritorySource) async throws -> [NumberedWhiteZone] {
        try await answer(from: territory, withGeometry: false)
    }

    /// The same with the zones' polygons when `withGeometry` (a map of them).
    public func answer(from territory: some TerritorySource, withGeometry: Bool) async throws -> [NumberedWhiteZone] {
        guard area.isWhole else {
            let analysis = try await territory.analysis(coveringStatuses: coveringStatuses, communes: .full)
            let area = try self.area.resolved(in: analysis.layer)
            return NumberedWhiteZone.list(try analysis.whiteZones(within: area.contains, cut: cut), names: analysis.layer)
        }
        // The commune names come from the attributes: no polygon is read for them.
        let names = try await territory.analysis(coveringStatuses: coveringStatuses, communes: .attributes).layer
        return NumberedWhiteZone.list(try await territory.whiteZones(coveringStatuses: coveringStatuses, cut: cut, withGeometry: withGeometry),
                                      names: names)
    }

    public var cacheKey: String { "white-zones|\(area.cacheKey)|\(WhiteZoneKey.of(coveringStatuses, cut: cut))" }
}

/// A part of the territory a question is limited to: a département, a région, or both (their intersection).
public struct Area: Sendable, Equatable {
    public var departement: String?
    public var region: String?

    /// `region`: its INSEE code, or its name as an ARS writes it ("Hauts-de-France").
    public init(departement: String? = nil, region: String? = nil) {
        self.departement = departement
        self.region = region.map { RegionNames.code($0) ?? $0 }
    }

    public var isWhole: Bool { departement == nil && region == nil }

    public func contains(_ commune: Commune) -> Bool {
        (departement.map { commune.departement == $0 } ?? true) && (region.map { commune.region == $0 } ?? true)
    }

    /// The area with its département given by code ("Nord" → "59"); refuses a département or région with no commune in
    /// the layer.
    public func resolved(in layer: CommuneLayer) throws -> Area {
        var resolved = self
        if let departement {
            guard let code = layer.departementCode(departement) else { throw UseCaseError.unknownDepartement(departement) }
            resolved.departement = code
        }
        if let region, !layer.communes.contains(where: { $0.region == region }) { throw UseCaseError.unknownRegion(region) }
        return resolved
    }

    var cacheKey: String { "\(departement ?? "")|\(region ?? "")" }
}
