import ArgumentParser
import Territory
import UseCases

struct WhiteZonesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "white-zones",
        abstract: "Communes covered by no CPTS, grouped into zones of touching communes, largest population first."
    )

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var area: AreaFilter
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json
    @Flag(help: "Zones as the touch graph joins them across régions (by default they are cut at the régions' limits: one list per ARS).")
    var national = false

    func run() async throws {
        let question = WhiteZones(coveringStatuses: try analysis.coveringStatuses(), area: area.area, cut: national ? .national : .region)
        let zones = try await analysis.answering { try await question.answer(from: $0, withGeometry: format == .geojson) }
        if format == .geojson {
            Terminal.printText(try TerritoryGeoJSON.collection(TerritoryFeature.whiteZones(numbered: zones)))
        } else {
            try Terminal.printRows(zones, format: format.table)
        }
    }
}

/// `--departement` / `--region`: restricts an analysis to some communes.
struct AreaFilter: ParsableArguments {
    @Option(help: "Only this département (code, e.g. 59 or 2A); zones are computed inside it.") var departement: String?
    @Option(help: "Only this région (code, e.g. 32).") var region: String?

    var area: Area { Area(departement: departement, region: region) }

    var predicate: ((Commune) -> Bool)? {
        let area = self.area
        return area.isWhole ? nil : { area.contains($0) }
    }
}
