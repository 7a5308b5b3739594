import OpenData
import Storage
import Territory

/// The orientation indicators a CPTS reports for its ACI and the ARS follows (`maillage indicators`, `GET /api/v1/indicators`),
/// over a period of days, both included, counted from the stored requests, orientations, declines and purges:
/// - `registered`: requests registered in the period; `oriented`: oriented in it (a committed matching or a GP's
///   acceptance); `declined`: a GP's declines made in it; `purged`: waiting requests a purge deleted in it;
/// - `waiting`: requests waiting at the end of the period (registered by then, neither oriented nor purged by then);
/// - distances of the orientations of the period (median, and 90th percentile by nearest rank), and the median of
///   days from registration to orientation (a median of an even count: the mean of the two middle values).
/// Rows by CPTS, by département or by région of the request's commune; each with the same figures by month.
public struct OrientationIndicators: Sendable {
    public enum Grouping: String, CaseIterable, Sendable { case cpts, departement, region }

    /// Ten years: a period a caller sizes, bounded.
    public static let maximumDays = 3_660

    public let from: String
    public let to: String
    public let by: Grouping
    /// One CPTS's requests only (a coordinator's, or the one an ARS asks for).
    public let cpts: String?

    /// `from` and `to`: days `AAAA-MM-JJ` or `JJ/MM/AAAA`, `from` no later than `to`.
    public init(from: String?, to: String?, by: Grouping = .cpts, cpts: String? = nil) throws {
        func day(_ text: String?, _ parameter: String) throws -> String {
            guard let text else { throw UseCaseError.missing("\(parameter) : la période demande un premier et un dernier jour (AAAA-MM-JJ)") }
            guard let day = CalendarDate.iso(text) else {
                throw UseCaseError.invalid(parameter: parameter, reason: "'\(text)' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA")
            }
            return day
        }
        let (first, last) = (try day(from, "from"), try day(to, "to"))
        guard first <= last else { throw UseCaseError.invalid(parameter: "from", reason: "\(first) est après le dernier jour \(last)") }
        guard (CalendarDay.months(from: first, to: last) ?? 0) <= Self.maximumDays / 30 else {
            throw UseCaseError.outOfRange(parameter: "to", allowed: "au plus dix ans après from")
        }
        self.from = first; self.to = last; self.by = by; self.cpts = cpts
    }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> IndicatorsAnswer {
        if let cpts, analysis.perimeter(id: cpts) == nil { throw UseCaseError.unknownCPTS(cpts) }
        let history = try await store.requestHistory(cpts: cpts, registeredOnOrBefore: to)
        let declines = try await store.declines(cpts: cpts, from: from, to: to)
        return answer(history: history, declines: declines, analysis: analysis)
    }

    /// The figures of the history read, grouped.
    func answer(history: [HistoricRequest], declines: [RequestDecline], analysis: TerritoryAnalysis) -> IndicatorsAnswer {
        let layer = analysis.layer
        func key(cpts: String, commune: String) -> String? {
            switch by {
            case .cpts: return cpts
            case .departement: return layer.commune(commune)?.departement
            case .region: return layer.commune(commune)?.region
            }
        }
        var requests: [String: [HistoricRequest]] = [:], declined: [String: [RequestDecline]] = [:]
        for request in history { if let key = key(cpts: request.cpts, commune: request.communeCode) { requests[key, default: []].append(request) } }
        for decline in declines { if let key = key(cpts: decline.cpts, commune: decline.communeCode) { declined[key, default: []].append(decline) } }
        let periodMonths = months()
        let rows = Set(requests.keys).union(declined.keys).sorted().map { key in
            IndicatorRow(key: key, name: name(of: key, analysis: analysis),
                         figures: IndicatorFigures(requests[key] ?? [], declines: declined[key] ?? [], from: from, to: to),
                         months: periodMonths.map { month in
                             IndicatorRow.Month(month: month.label, figures: IndicatorFigures(requests[key] ?? [], declines: declined[key] ?? [],
                                                                                              from: month.from, to: month.to))
                         })
        }
        return IndicatorsAnswer(from: from, to: to, by: by, rows: rows)
    }

    private func name(of key: String, analysis: TerritoryAnalysis) -> String? {
        switch by {
        case .cpts: return analysis.perimeter(id: key)?.name
        case .departement: return analysis.layer.departementNames[key]
        case .region: return RegionNames.byCode[key]
        }
    }

    /// The calendar months the period crosses, each cut to the period.
    func months() -> [(label: String, from: String, to: String)] {
        var months: [(String, String, String)] = []
        var label = String(from.prefix(7))
        while label <= String(to.prefix(7)) {
            months.append((label, max(from, label + "-01"), min(to, CalendarDay.lastDay(ofMonth: label))))
            label = CalendarDay.month(after: label)
        }
        return months
    }
}
