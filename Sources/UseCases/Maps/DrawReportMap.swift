import Cartography
import Storage
import Territory

/// A report map — the coverage choropleth or the white zones — as SVG or PNG: `maillage map` and
/// `GET /api/v1/maps/{map}.{svg|png}`. Metropolitan France with the DROM insets, or one région.
public struct DrawReportMap: Sendable {
    public static let width = Bounded("width", ReportMapLayout.widths)

    public let subject: ReportMap.Subject
    public let region: String?
    public let width: Int
    public let format: MapImageFormat
    public let coveringStatuses: Set<CPTSStatus>

    public init(subject: ReportMap.Subject, region: String? = nil, width: Int = 1200, format: MapImageFormat,
                coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) throws {
        self.subject = subject
        self.region = region.map { RegionNames.code($0) ?? $0 }   // a name as an ARS writes it, or the code
        self.width = try Self.width.check(width)
        self.format = format
        self.coveringStatuses = coveringStatuses
    }

    /// The generalised levels (metres) the map draws from: the one a pixel of the national map spans; every level for a
    /// région, whose extent picks one (an empty list: the polygons themselves).
    public var levels: [Int] {
        guard region == nil else { return TerritoryShapes.mapTolerances }
        guard let layout = try? ReportMapLayout.france(width: width),
              let tolerance = ReportMap.tolerance(forMetresPerPixel: layout.main.metresPerPixel) else { return [] }
        return [Int(tolerance)]
    }

    /// Equal for the maps drawn alike.
    public var cacheKey: String {
        "\(subject)|\(format.rawValue)|\(region ?? "")|\(width)|\(StatusKey.of(coveringStatuses))"
    }

    public struct Drawn: Sendable {
        public let bytes: [UInt8]
        public let map: ReportMap
    }

    /// Draws over an analysis under `coveringStatuses` (a région the layer does not hold is `unknownRegion`).
    public func draw(_ analysis: TerritoryAnalysis, date: String = ReportMap.today()) throws -> Drawn {
        if let region, !analysis.layer.communes.contains(where: { $0.region == region }) { throw UseCaseError.unknownRegion(region) }
        let map = try ReportMap(analysis, subject: subject, region: region, width: width, date: date)
        return Drawn(bytes: try format.encode(map.scene), map: map)
    }
}
