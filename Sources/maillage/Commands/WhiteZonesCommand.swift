import ArgumentParser
import Territory

struct WhiteZonesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "white-zones",
        abstract: "Communes covered by no CPTS, grouped into zones of touching communes, largest population first."
    )

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var area: AreaFilter
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json

    func run() async throws {
        let zones: [WhiteZone]
        if let predicate = area.predicate {
            zones = try await analysis.loadAnalysis().whiteZones(within: predicate)   // zones cut at the area's limits: computed
        } else {
            zones = try await analysis.storedWhiteZones(withGeometry: format == .geojson)   // the whole territory: as stored for this import
        }
        if format == .geojson {
            print(try TerritoryGeoJSON.whiteZones(zones))
        } else {
            Terminal.printRows(zones.enumerated().map { TerritoryJSON.members($1, id: TerritoryGeoJSON.whiteZoneID($0)) }, csv: format == .csv)
        }
    }
}

/// `--departement` / `--region`: restricts an analysis to some communes.
struct AreaFilter: ParsableArguments {
    @Option(help: "Only this département (code, e.g. 59 or 2A); zones are computed inside it.") var departement: String?
    @Option(help: "Only this région (code, e.g. 32).") var region: String?

    var predicate: ((Commune) -> Bool)? {
        guard departement != nil || region != nil else { return nil }
        let departement = self.departement, region = self.region
        return { commune in
            (departement.map { commune.departement == $0 } ?? true) && (region.map { commune.region == $0 } ?? true)
        }
    }
}
