import Storage
import Territory

/// Population and communes covered by at least one CPTS, by CPTS, département, région or nation: `maillage coverage`
/// and `GET /api/v1/coverage`.
///
/// ```swift
/// let answer = try await Coverage(level: .departement, coveringStatuses: [.aciSigne]).answer(from: StoreTerritory(store))
/// print(try JSONValueEncoder.string(answer))
/// ```
public struct Coverage: TerritoryQuestion {
    public var level: CoverageLevel
    public var coveringStatuses: Set<CPTSStatus>

    public init(level: CoverageLevel = .nation, coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) {
        self.level = level; self.coveringStatuses = coveringStatuses
    }

    /// The nation's figures alone, or one row per area (keyed `id`, `departement` or `region`).
    public enum Answer: Encodable, Sendable {
        case nation(CoverageRow)
        case areas([CoverageRow])

        public var rows: [CoverageRow] {
            switch self {
            case .nation(let row): return [row]
            case .areas(let rows): return rows
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .nation(let row): try row.encode(to: encoder)
            case .areas(let rows): try rows.encode(to: encoder)
            }
        }
    }

    public func answer(from territory: some TerritorySource) async throws -> Answer {
        // CPTS by name beside their id (the attributes give the perimeters), départements by the commune import's names;
        // régions' names are known.
        let analysis = level == .cpts ? try await territory.analysis(coveringStatuses: coveringStatuses, communes: .attributes) : nil
        let departements = level == .departement ? try await territory.departementNames() : [:]
        let rows = try await territory.coverage(level, coveringStatuses: coveringStatuses).map {
            CoverageRow(level: level, figures: $0, name: analysis?.perimeter(id: $0.code)?.name ?? departements[$0.code])
        }
        return level == .nation ? .nation(rows[0]) : .areas(rows)
    }

    /// The key of this question's answer in a cache.
    public var cacheKey: String { "coverage|\(level.rawValue)|\(StatusKey.of(coveringStatuses))" }
}
