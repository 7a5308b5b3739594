import Territory

/// Every pair of CPTS claiming the same communes, with those communes and their population: `maillage overlaps` and
/// `GET /api/v1/overlaps`.
public struct Overlaps: TerritoryQuestion {
    public init() {}

    /// Both CPTS and the shared communes named beside their ids and codes.
    public func answer(from territory: some TerritorySource) async throws -> [NamedOverlap] {
        let analysis = try await territory.analysis(coveringStatuses: Set(CPTSStatus.allCases), communes: .attributes)
        return try await territory.overlaps().map { NamedOverlap($0, in: analysis) }
    }

    public var cacheKey: String { "overlaps" }
}
