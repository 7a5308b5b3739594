import ArgumentParser
import Foundation
import GeometryKit
import OpenData
import Territory
import UseCases

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import open data into the store.",
        subcommands: [ImportCommunes.self, ImportCPTS.self, ImportRPPS.self, ImportFINESS.self, ImportVolunteers.self, ImportPatients.self]
    )
}

struct ImportCommunes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "Build the commune layer from IGN polygons, the COG, its movements and INSEE populations."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Folder of commune GeoJSON files (properties code, nom).") var geometry: String
    @Option(help: "COG communes CSV (communes-2026.csv).") var cog: String
    @Option(help: "COG movements CSV (mouvements-communes.csv).") var movements: String
    @Option(help: "INSEE population CSV (donnees_communes.csv).") var population: String
    @Option(help: "BANATIC EPCI membership CSV (optional).") var epci: String?
    @Option(help: "Keep only these départements, comma-separated (a regional deployment, e.g. 02,59,60,62,80).") var departements: String?

    func run() async throws {
        let keep = departements.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let sources = CommuneSources(geometryDirectory: geometry, cogCommunes: cog, movements: movements, population: population,
                                     epci: epci, departements: keep)
        let (communes, report) = try CommuneLayerImport.run(sources, progress: Terminal.progress)
        Terminal.progress("writing \(communes.count) communes")
        let summary = CommuneReportText.summary(report)
        let layer = CommuneLayer(communes), store = try await store.openStore()
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: JSONWriter.string(object: summary))
        Terminal.progress("dissolving the CPTS and white zones of the new layer")
        try await store.refreshDerivedTerritory(layer: layer)
        Terminal.endProgress()
        CommuneReportText.print(report)
        Terminal.printJSON(summary)
    }
}

/// The import report, as JSON figures on stdout and lists on stderr.
enum CommuneReportText {
    static func summary(_ report: CommuneImportReport) -> [(String, JSONValue)] {
        [("communes_imported", .int(report.communesImported)),
         ("communes_with_geometry", .int(report.communesWithGeometry)),
         ("communes_without_polygon", .array(report.communesWithoutPolygon.map { .string("\($0.code) \($0.name)") })),
         ("former_codes_reattached", .int(report.reattachedCodes.count)),
         ("geometry_codes_unattached", .array(report.unattachedGeometryCodes.map { .string("\($0.code) \($0.name)") })),
         ("population_codes_unattached", .array(report.unattachedPopulationCodes.map { .string($0) })),
         ("communes_without_population", .int(report.communesWithoutPopulation.count)),
         ("population_total", .int(report.populationTotal)),
         ("geometries_repaired", .int(report.repairedGeometryCodes.count)),
         ("rows_rejected", .int(report.issues.count))]
    }

    static func print(_ report: CommuneImportReport) {
        Terminal.report("imported \(report.communesImported) communes (\(report.communesWithGeometry) with a polygon), population \(report.populationTotal)")
        Terminal.report("\(report.reattachedCodes.count) former codes carried to their current commune through the COG movements")
        for (code, name) in report.communesWithoutPolygon { Terminal.report("  no polygon: \(code) \(name)") }
        for (code, name) in report.unattachedGeometryCodes { Terminal.report("  polygon not attached to a current commune: \(code) \(name)") }
        for code in report.unattachedPopulationCodes { Terminal.report("  population row not attached: \(code)") }
        if !report.communesWithoutPopulation.isEmpty {
            Terminal.report("  no population figure: \(report.communesWithoutPopulation.joined(separator: " "))")
        }
        for issue in report.issues { Terminal.report("  rejected: \(issue)") }
    }
}
