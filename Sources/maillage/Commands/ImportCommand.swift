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
    @Option(help: "COG départements CSV (departements-2026.csv, optional): their names, shown beside their codes and accepted in their place.")
    var cogDepartements: String?
    @Option(help: "Keep only these départements, comma-separated (a regional deployment, e.g. 02,59,60,62,80).") var departements: String?

    func run() async throws {
        let keep = departements.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let sources = CommuneSources(geometryDirectory: geometry, cogCommunes: cog, movements: movements, population: population,
                                     epci: epci, cogDepartements: cogDepartements, departements: keep)
        let report = try await ImportCommuneLayer(sources).run(store: try await store.openStore(), progress: Terminal.progress)
        Terminal.endProgress()
        CommuneReportText.print(report)
        try Terminal.printAnswer(CommuneImportSummary(report))
    }
}

/// The import report's lists, on stderr.
enum CommuneReportText {
    static func print(_ report: CommuneImportReport) {
        Terminal.report("\(report.communesImported) communes importées (\(report.communesWithGeometry) avec un polygone), population \(report.populationTotal)")
        Terminal.report("\(report.reattachedCodes.count) anciens codes rattachés à leur commune actuelle par les mouvements du COG")
        for (code, name) in report.communesWithoutPolygon { Terminal.report("  sans polygone : \(code) \(name)") }
        for (code, name) in report.unattachedGeometryCodes { Terminal.report("  polygone non rattaché à une commune actuelle : \(code) \(name)") }
        for code in report.unattachedPopulationCodes { Terminal.report("  ligne de population non rattachée : \(code)") }
        if !report.communesWithoutPopulation.isEmpty {
            Terminal.report("  sans chiffre de population : \(report.communesWithoutPopulation.joined(separator: " "))")
        }
        for issue in report.issues { Terminal.report("  rejet : \(issue)") }
    }
}
