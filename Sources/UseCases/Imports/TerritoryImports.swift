import GeometryKit
import OpenData
import Storage
import Territory

/// `maillage import communes`: the commune layer built from IGN polygons, the COG, its movements and INSEE populations
/// replaces the store's; the CPTS dissolves, overlaps, white zones and coverage of the new layer, and the layer generalised
/// at each map tolerance, are computed once and stored with it.
public struct ImportCommuneLayer: Sendable {
    public let sources: CommuneSources
    public init(_ sources: CommuneSources) { self.sources = sources }

    public func run(store: any MaillageStore, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> CommuneImportReport {
        let (communes, report) = try CommuneLayerImport.run(sources, progress: progress)
        progress("écriture de \(communes.count) communes")
        let layer = CommuneLayer(communes, departementNames: report.departementNames, epciNames: report.epciNames)
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: try JSONValueEncoder.string(CommuneImportSummary(report)))
        try await store.saveGeneralisedLevels(of: layer, progress: progress)
        progress("fusion des CPTS et des zones blanches de la nouvelle couche")
        try await store.refreshDerivedTerritory(layer: layer)
        return report
    }
}

/// The figures of a commune import, as the CLI prints them and the store's import log keeps them.
public struct CommuneImportSummary: Encodable, Sendable {
    let report: CommuneImportReport
    public init(_ report: CommuneImportReport) { self.report = report }

    enum CodingKeys: String, CodingKey {
        case communesImported = "communes_imported", communesWithGeometry = "communes_with_geometry"
        case communesWithoutPolygon = "communes_without_polygon", formerCodesReattached = "former_codes_reattached"
        case geometryCodesUnattached = "geometry_codes_unattached", populationCodesUnattached = "population_codes_unattached"
        case communesWithoutPopulation = "communes_without_population", populationTotal = "population_total"
        case geometriesRepaired = "geometries_repaired", rowsRejected = "rows_rejected"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(report.communesImported, forKey: .communesImported)
        try c.encode(report.communesWithGeometry, forKey: .communesWithGeometry)
        try c.encode(report.communesWithoutPolygon.map { "\($0.code) \($0.name)" }, forKey: .communesWithoutPolygon)
        try c.encode(report.reattachedCodes.count, forKey: .formerCodesReattached)
        try c.encode(report.unattachedGeometryCodes.map { "\($0.code) \($0.name)" }, forKey: .geometryCodesUnattached)
        try c.encode(report.unattachedPopulationCodes, forKey: .populationCodesUnattached)
        try c.encode(report.communesWithoutPopulation.count, forKey: .communesWithoutPopulation)
        try c.encode(report.populationTotal, forKey: .populationTotal)
        try c.encode(report.repairedGeometryCodes.count, forKey: .geometriesRepaired)
        try c.encode(report.issues.count, forKey: .rowsRejected)
    }
}

/// `maillage import cpts`: the CPTS perimeters of a file replace the store's (former commune codes translated through
/// the COG movements); their dissolves and white zones are computed once and stored.
public struct ImportCPTSPerimeters: Sendable {
    public let file: String
    public init(file: String) { self.file = file }

    public func run(store: any MaillageStore) async throws -> (summary: CPTSImportSummary, file: CPTSPerimeterFile) {
        let perimeters = try CPTSPerimeterFile(path: file, communes: try await CommuneLookup.stored(in: store, polygons: false))
        let summary = CPTSImportSummary(perimeters)
        try await store.replaceCPTS(perimeters.perimeters, importSummary: try JSONValueEncoder.string(summary))
        try await store.refreshDerivedTerritory()
        return (summary, perimeters)
    }
}

public struct CPTSImportSummary: Encodable, Sendable {
    public var cpts: Int
    public var rowsRead: Int
    public var rowsImported: Int
    public var rowsRejected: Int
    public var codesTranslated: Int
    public var unknownCodes: [String]

    init(_ file: CPTSPerimeterFile) {
        cpts = file.perimeters.count
        rowsRead = file.rowsRead
        rowsImported = file.rowsRead - file.issues.count
        rowsRejected = file.issues.count
        codesTranslated = file.translations.count
        unknownCodes = file.unknownCodes
    }

    enum CodingKeys: String, CodingKey {
        case cpts, rowsRead = "rows_read", rowsImported = "rows_imported", rowsRejected = "rows_rejected"
        case codesTranslated = "codes_translated", unknownCodes = "unknown_codes"
    }
}
