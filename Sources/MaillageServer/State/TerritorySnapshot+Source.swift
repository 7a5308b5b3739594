import GeometryKit
import NIOCore
import Storage
import Territory
import UseCases

/// The snapshot answers the analysis use cases from memory; what it does not hold comes from its store.
extension TerritorySnapshot: TerritorySource {
    func analysis(coveringStatuses: Set<CPTSStatus>, communes scope: CommuneScope) async throws -> TerritoryAnalysis {
        analysis(coveringStatuses: coveringStatuses)   // the whole layer, whatever the scope
    }

    func coverage(_ level: CoverageLevel, coveringStatuses: Set<CPTSStatus>) async throws -> [CoverageFigures] {
        analysis(coveringStatuses: coveringStatuses).coverage(level)
    }

    /// The zones of the snapshot's statuses cut by région as loaded; others as the store keeps them (dissolved there once).
    func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, withGeometry: Bool) async throws -> [WhiteZone] {
        if coveringStatuses == analysis.coveringStatuses, cut == .region { return whiteZones }
        return try await store.whiteZones(coveringStatuses: coveringStatuses, cut: cut, withGeometry: withGeometry)
    }

    func overlaps() async throws -> [CPTSOverlap] { overlaps }

    func reports() async throws -> [CPTSReport] { reports }

    func pharmacies() async throws -> [Pharmacy] { pharmacies }

    func departementNames() async throws -> [String: String] { analysis.layer.departementNames }

    /// Over the snapshot's layer, whatever the layer asked: read and built once.
    func diagnosticBasis(over layer: CommuneLayer) async throws -> DiagnosticBasis {
        try await diagnosticBases.value("basis") { [store, analysis, pharmacies] in
            DiagnosticBasis(layer: analysis.layer, activities: try await store.practitionerActivities(), pharmacies: pharmacies,
                            facilities: try await store.healthFacilities(), epciNames: try await store.epciNames())
        }
    }
}

extension TerritorySnapshot {
    /// The answer of a territory question, as JSON or as a CSV table: computed once off the event loops, then kept
    /// (`answer(_:compute:)`).
    func kept<Question: TerritoryQuestion>(_ question: Question, format: TableFormat = .json) async throws -> ByteBuffer {
        let key = format == .json ? question.cacheKey : question.cacheKey + "|" + format.rawValue
        return try await answer(key) { [self] in try question.text(of: try await question.answer(from: self), format: format) }
    }
}
