import GeometryKit
import Storage
import Territory

/// Which existing CPTS should take in each uncovered commune (`WhiteZoneProposals`: every reachable commune attached,
/// each joined to its CPTS, the least total steps): `maillage white-zones proposals` and
/// `GET /api/v1/white-zones/proposals`. Nothing is stored.
public struct ProposeForWhiteZones: TerritoryQuestion {
    public var coveringStatuses: Set<CPTSStatus>
    /// Only the uncovered communes of this région (code or name).
    public var area: Area

    public init(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases), region: String? = nil) {
        self.coveringStatuses = coveringStatuses
        area = Area(region: region)
    }

    public func answer(from territory: some TerritorySource) async throws -> WhiteZoneProposals {
        let analysis = try await territory.analysis(coveringStatuses: coveringStatuses, communes: .adjacency)
        let region = try area.resolved(in: analysis.layer).region
        return analysis.whiteZoneProposals(region: region)
    }

    public var cacheKey: String { "white-zone-proposals|\(area.cacheKey)|\(StatusKey.of(coveringStatuses))" }

    /// The table is the communes'.
    public func rows(of answer: WhiteZoneProposals) throws -> [[(String, JSONValue)]] {
        try answer.communes.map { try JSONValueEncoder.members($0) }
    }
}
