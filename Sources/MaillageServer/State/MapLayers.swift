import Cartography
import Foundation
import GeometryKit
import Synchronization
import Territory

/// The web map's polygon layers — départements, CPTS, white zones, overlaps, communes — generalised at a
/// few tolerances, each level from one edge graph simplified once (`TerritoryShapes`), so that neighbours
/// stay glued at every zoom; each feature written once, when a view first holds it (`FeatureLayer`).
///
/// The generalised edge graphs come from the store, which keeps them since the commune import; a store that lacks them
/// (an earlier version's) has them built here, seconds on the national layer. Either way the levels are built on a
/// thread of their own (never on NIO's event loops, which are also Swift's global executor here), coarsest first so
/// that the national view is ready first (one thread each was slower on two cores); a request for a level not built
/// yet awaits it without holding a thread.
///
/// ```swift
/// map.start()
/// let cpts = try await map.level(500).layers["cpts"]!.features(intersecting: bbox)
/// ```
final class MapLayers: Sendable {
    /// Metres, coarsest first (the build order). The page picks the one closest to a pixel at its zoom.
    static let tolerances = TerritoryShapes.mapTolerances
    /// The communes only at the finest: at coarser zooms the map shows unions, never 35 000 polygons.
    static let communeTolerances: Set<Int> = [100]
    static let layerIDs = ["departements", "cpts", "white-zones", "overlaps", "communes"]

    struct Level: Sendable {
        let tolerance: Int
        let layers: [String: FeatureLayer]
        /// This level's build alone, and from the start of the build to this level ready.
        let buildSeconds: Double
        let readySeconds: Double
    }

    /// What the levels are built from: the territory snapshot's figures (not the snapshot, which owns this).
    struct Source: Sendable {
        let analysis: TerritoryAnalysis
        let reports: [CPTSReport]
        let overlaps: [CPTSOverlap]
        let whiteZones: [WhiteZone]
        /// The standard E2SFCA, awaited by the map's build thread (it is computed on another).
        let accessibility: @Sendable () throws -> AccessibilityIndex
        /// Told each level's generalised edge graph once the level is built (the snapshot stores those the store lacked).
        let generalised: @Sendable (_ tolerance: Int, PolygonCoverage) -> Void
    }

    private let source: Source
    private let levels: [Int: Eventual<Level>]
    private let started = Mutex(false)

    init(_ source: Source) {
        self.source = source
        levels = Dictionary(uniqueKeysWithValues: Self.tolerances.map { ($0, Eventual<Level>()) })
    }

    /// Starts the background build once; later calls do nothing. The thread holds the map weakly: a service
    /// discarded mid-build (tests start many) stops at the next level instead of building for nobody.
    func start() {
        guard started.withLock({ wasStarted in defer { wasStarted = true }; return !wasStarted }) else { return }
        let thread = Thread { [weak self, source, levels] in
            let start = ContinuousClock.now
            // The same at every level: the coverage when only the CPTS that signed the ACI count.
            let aci = TerritoryAnalysis(layer: source.analysis.layer, perimeters: source.analysis.perimeters, coveringStatuses: [.aciSigne])
            for tolerance in Self.tolerances {
                guard self != nil else { levels[tolerance]!.fulfil(.failure(CancellationError())); continue }
                let levelStart = ContinuousClock.now
                levels[tolerance]!.fulfil(Result {
                    let layers = try Self.layers(source, aci: aci, tolerance: tolerance)
                    return Level(tolerance: tolerance, layers: layers, buildSeconds: Self.seconds(since: levelStart),
                                 readySeconds: Self.seconds(since: start))
                })
            }
        }
        thread.name = "maillage-map-layers"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The level at `tolerance` (one of `tolerances`), once built.
    func level(_ tolerance: Int) async throws -> Level {
        start()
        guard let level = levels[tolerance] else { preconditionFailure("tolerance \(tolerance) is not a map level") }
        return try await level.value()
    }

    /// Each level: nil while building, else its result.
    func status() -> [(tolerance: Int, result: Result<Level, Error>?)] {
        Self.tolerances.map { ($0, levels[$0]!.result) }
    }

    // MARK: - Building a level

    /// `aci`: the analysis with only the ACI-signed CPTS covering, the second rate the choropleths show.
    private static func layers(_ source: Source, aci: TerritoryAnalysis, tolerance: Int) throws -> [String: FeatureLayer] {
        let shapes = try TerritoryShapes(layer: source.analysis.layer, toleranceMetres: Double(tolerance))
        source.generalised(tolerance, shapes.coverage)
        var layers = [
            "departements": FeatureLayer(id: "departements", title: "Départements", description: "Union des communes de chaque département, avec son taux de couverture",
                                         features: try departements(source, aci: aci, shapes: shapes)),
            "cpts": FeatureLayer(id: "cpts", title: "CPTS", description: "Périmètres des CPTS avec leurs chiffres et leur taux de couverture",
                                 features: try cpts(source, aci: aci, shapes: shapes)),
            "white-zones": FeatureLayer(id: "white-zones", title: "Zones blanches", description: "Communes contiguës couvertes par aucune CPTS",
                                        features: try TerritoryFeature.whiteZones(source.whiteZones, shapes: shapes)),
            "overlaps": FeatureLayer(id: "overlaps", title: "Chevauchements", description: "Communes revendiquées par deux CPTS, par paire",
                                     features: try TerritoryFeature.overlaps(source.overlaps, in: source.analysis, shapes: shapes)),
        ]
        if communeTolerances.contains(tolerance) {
            layers["communes"] = FeatureLayer(id: "communes", title: "Communes", description: "Communes avec leurs CPTS et leur indice d’accessibilité",
                                              features: try communes(source, shapes: shapes))
        }
        return layers
    }

    private static func departements(_ source: Source, aci: TerritoryAnalysis, shapes: TerritoryShapes) throws -> [TerritoryFeature] {
        let analysis = source.analysis
        let aciFigures = Dictionary(uniqueKeysWithValues: aci.coverage(.departement).map { ($0.code, $0) })
        let codes = Dictionary(grouping: analysis.layer.communes, by: \.departement).mapValues { $0.map(\.code) }
        return try analysis.coverage(.departement).map { d in
            let aciRate = aciFigures[d.code]?.coverageRate ?? 0
            return TerritoryFeature(id: d.code, properties: [
                ("code", .string(d.code)), ("name", analysis.layer.departementNames[d.code].map(JSONValue.string) ?? .null),
                ("population", .number(Double(d.populationTotal))),
                ("population_covered", .number(Double(d.populationCovered))), ("coverage_rate", TerritoryJSON.rounded(d.coverageRate, 4)),
                ("coverage_rate_aci", TerritoryJSON.rounded(aciRate, 4)),
                ("coverage_class", Self.coverageClass(d.populationTotal, d.coverageRate)),
                ("coverage_class_aci", Self.coverageClass(d.populationTotal, aciRate)),
                ("communes", .number(Double(d.communesTotal))), ("communes_covered", .number(Double(d.communesCovered))),
            ], geometry: try shapes.union(ofCommunes: codes[d.code] ?? []))
        }
    }

    /// The class the printed maps give that area (`CoverageClass`): the page colours it from `GET /api/v1/map/classes`.
    private static func coverageClass(_ populationTotal: Int, _ rate: Double) -> JSONValue {
        .number(Double(CoverageClass.of(populationTotal: populationTotal, rate: rate).rawValue))
    }

    private static func cpts(_ source: Source, aci: TerritoryAnalysis, shapes: TerritoryShapes) throws -> [TerritoryFeature] {
        try zip(TerritoryFeature.cpts(source.reports, shapes: shapes), source.reports).map { feature, report in
            let all = source.analysis.coverage(of: report.perimeter), aciOnly = aci.coverage(of: report.perimeter)
            return TerritoryFeature(id: feature.id, properties: feature.properties + [
                ("coverage_rate", TerritoryJSON.rounded(all.coverageRate, 4)),
                ("coverage_rate_aci", TerritoryJSON.rounded(aciOnly.coverageRate, 4)),
                ("coverage_class", Self.coverageClass(all.populationTotal, all.coverageRate)),
                ("coverage_class_aci", Self.coverageClass(aciOnly.populationTotal, aciOnly.coverageRate)),
            ], geometry: feature.geometry)
        }
    }

    /// The communes with the E2SFCA index: the accessibility choropleth is this layer, filled.
    private static func communes(_ source: Source, shapes: TerritoryShapes) throws -> [TerritoryFeature] {
        zip(try TerritoryFeature.communes(source.analysis, shapes: shapes), try source.accessibility().communes).map { feature, row in
            TerritoryFeature(id: feature.id, properties: feature.properties + [
                ("index_per_100k", row.indexPer100k.map { TerritoryJSON.rounded($0, 3) } ?? .null),
            ], geometry: feature.geometry)
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
