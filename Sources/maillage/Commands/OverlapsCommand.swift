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
        let overlaps = try await analysis.answering { try await Overlaps().answer(from: $0) }
        if format == .geojson {
            // The map of them: the shared communes' polygons.
            Terminal.printText(try TerritoryGeoJSON.overlaps(overlaps.map(\.overlap), in: try await analysis.loadAnalysis(communes: .full)))
        } else {
            try Terminal.printRows(overlaps, format: format.table)
        }
    }
}
