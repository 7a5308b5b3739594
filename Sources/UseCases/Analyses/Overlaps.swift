import Territory

/// Every pair of CPTS claiming the same communes, with those communes and their population: `maillage overlaps` and
/// `GET /api/v1/overlaps`.
public struct Overlaps: TerritoryQuestion {
    public init() {}

    public func answer(from territory: some TerritorySource) async throws -> [CPTSOverlap] { try await territory.overlaps() }

    public var cacheKey: String { "overlaps" }
}
