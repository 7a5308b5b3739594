import ArgumentParser
import Territory
import UseCases

struct OverlapsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlaps",
        abstract: "Every pair of CPTS claiming the same communes, with those communes and their population."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json

    func run() async throws {
        // Overlaps are shared commune codes, kept by the store per import: polygons only for the GeoJSON map of them.
        if format == .geojson {
            let loaded = try await analysis.loadAnalysis(communes: .full)
            print(try TerritoryGeoJSON.overlaps(loaded.overlaps(), in: loaded))
        } else {
            Terminal.printRows(try await analysis.storedOverlaps().map(TerritoryJSON.members), csv: format == .csv)
        }
    }
}
