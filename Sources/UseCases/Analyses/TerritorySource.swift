import GeometryKit
import Storage
import Territory

/// Where the analysis use cases read the territory: the store itself (the CLI: derived data as the store keeps it for
/// its import, computed and saved on a miss), or the service's snapshot of it, held in memory between imports.
public protocol TerritorySource: Sendable {
    /// The analysis under these covering statuses, over as much of the commune layer as `scope` says (a snapshot may
    /// give more).
    func analysis(coveringStatuses: Set<CPTSStatus>, communes scope: CommuneScope) async throws -> TerritoryAnalysis
    /// The coverage figures at `level`.
    func coverage(_ level: CoverageLevel, coveringStatuses: Set<CPTSStatus>) async throws -> [CoverageFigures]
    /// The white zones of the whole territory cut as `cut` says, without geometry unless `withGeometry`.
    func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, withGeometry: Bool) async throws -> [WhiteZone]
    func overlaps() async throws -> [CPTSOverlap]
    /// Every CPTS with its figures (dissolved perimeters without their polygons).
    func reports() async throws -> [CPTSReport]
    /// The E2SFCA index of every commune under `weights`.
    func accessibility(_ weights: CatchmentWeights) async throws -> AccessibilityIndex
    /// The officines of the FINESS import.
    func pharmacies() async throws -> [Pharmacy]
    /// The départements' names by code.
    func departementNames() async throws -> [String: String]
    /// Every profession's practitioners and the officines, over `layer` (the analysis's).
    func diagnosticBasis(over layer: CommuneLayer) async throws -> DiagnosticBasis
}

/// A store as a `TerritorySource`: each question reads what it needs (`CommuneScope`), and the derived data the store
/// keeps per import.
public struct StoreTerritory: TerritorySource {
    public let store: any MaillageStore

    public init(_ store: any MaillageStore) { self.store = store }

    public func analysis(coveringStatuses: Set<CPTSStatus>, communes scope: CommuneScope) async throws -> TerritoryAnalysis {
        try await store.territoryAnalysis(coveringStatuses: coveringStatuses, communes: scope)
    }

    public func coverage(_ level: CoverageLevel, coveringStatuses: Set<CPTSStatus>) async throws -> [CoverageFigures] {
        // By CPTS: summed over the attributes (the store keeps the other levels).
        if level == .cpts { return try await analysis(coveringStatuses: coveringStatuses, communes: .attributes).coverage(.cpts) }
        return try await store.coverage(level, coveringStatuses: coveringStatuses)
    }

    public func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, withGeometry: Bool) async throws -> [WhiteZone] {
        try await store.whiteZones(coveringStatuses: coveringStatuses, cut: cut, withGeometry: withGeometry)
    }

    public func overlaps() async throws -> [CPTSOverlap] { try await store.overlaps() }

    public func reports() async throws -> [CPTSReport] {
        let analysis = try await analysis(coveringStatuses: Set(CPTSStatus.allCases), communes: .attributes)
        return try analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: false))
    }

    public func accessibility(_ weights: CatchmentWeights) async throws -> AccessibilityIndex {
        try await accessibility(weights, over: try await store.requireCommuneLayer(.attributes))
    }

    public func pharmacies() async throws -> [Pharmacy] { try await store.pharmacies() }

    public func departementNames() async throws -> [String: String] { try await store.departementNames() }

    public func diagnosticBasis(over layer: CommuneLayer) async throws -> DiagnosticBasis {
        DiagnosticBasis(layer: layer, activities: try await store.practitionerActivities(), pharmacies: try await store.pharmacies(),
                        facilities: try await store.healthFacilities(), epciNames: try await store.epciNames())
    }

    /// The index over a layer already read (the whole layer, when the answer draws polygons), the GPs read from the store.
    public func accessibility(_ weights: CatchmentWeights, over layer: CommuneLayer) async throws -> AccessibilityIndex {
        AccessibilityIndex(layer: layer, supply: GPSupply(activities: try await store.generalPractitionerActivities()), weights: weights)
    }
}

/// A question whose answer depends only on the territory and the question itself: a service may keep the answer by
/// `cacheKey` until the territory changes.
public protocol TerritoryQuestion: Sendable {
    associatedtype Answer: Encodable & Sendable
    /// The key of this question's answer in a cache: equal for equal questions.
    var cacheKey: String { get }
    func answer(from territory: some TerritorySource) async throws -> Answer
    /// The answer as a table's rows (`format=csv`, `--format csv`).
    func rows(of answer: Answer) throws -> [[(String, JSONValue)]]
}

extension TerritoryQuestion {
    /// An answer that is a list of objects is its rows; an object alone is one row.
    public func rows(of answer: Answer) throws -> [[(String, JSONValue)]] {
        switch try JSONValueEncoder.encode(answer) {
        case .array(let items): return items.compactMap { if case .ordered(let object) = $0 { object.members } else { nil } }
        case .ordered(let object): return [object.members]
        default: return []
        }
    }

    /// The answer as `format` writes it.
    public func text(of answer: Answer, format: TableFormat) throws -> String {
        guard let dialect = format.dialect else { return try JSONValueEncoder.string(answer) }
        return CSVTable.text(try rows(of: answer), dialect: dialect)
    }
}
