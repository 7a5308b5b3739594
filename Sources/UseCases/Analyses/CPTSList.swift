import Storage
import Territory

/// Every CPTS with its figures, and whether its status counts as covering: `maillage cpts` and `GET /api/v1/cpts`.
public struct CPTSList: TerritoryQuestion {
    public var coveringStatuses: Set<CPTSStatus>

    public init(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) { self.coveringStatuses = coveringStatuses }

    /// A CPTS's figures (`CPTSReport`) and `counts_as_covering`.
    public struct Row: Encodable, Sendable {
        public var report: CPTSReport
        public var countsAsCovering: Bool

        enum CodingKeys: String, CodingKey { case countsAsCovering = "counts_as_covering" }

        public func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(countsAsCovering, forKey: .countsAsCovering)
        }
    }

    public func answer(from territory: some TerritorySource) async throws -> [Row] {
        try await territory.reports().map { Row(report: $0, countsAsCovering: coveringStatuses.contains($0.perimeter.status)) }
    }

    public var cacheKey: String { "cpts|\(StatusKey.of(coveringStatuses))" }
}
