import ArgumentParser
import Territory

struct OverlapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlaps",
        abstract: "Every pair of CPTS claiming the same communes, with those communes and their population."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json

    func run() throws {
        // Overlaps are shared commune codes: polygons only for the GeoJSON map of them.
        let analysis = try analysis.loadAnalysis(communes: format == .geojson ? .full : .attributes)
        let overlaps = analysis.overlaps()
        if format == .geojson {
            print(try TerritoryGeoJSON.overlaps(overlaps, in: analysis))
        } else {
            Terminal.printRows(overlaps.map(TerritoryJSON.members), csv: format == .csv)
        }
    }
}
