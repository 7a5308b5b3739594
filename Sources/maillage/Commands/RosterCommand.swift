import ArgumentParser
import Storage
import UseCases

/// `maillage roster`: the volunteer roster as its coordinators keep it.
struct RosterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "The volunteer GPs' roster.",
                                                    subcommands: [RosterStaleCommand.self])
}

/// `maillage roster stale`: `StaleRoster`, whom to call to confirm their entry.
struct RosterStaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stale",
        abstract: "List the roster entries not updated within --stale-after months (oldest first, with name and practice address): whom to call.")
    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "Only the volunteers practising in this CPTS's communes.") var cpts: String?
    @OptionGroup var freshness: FreshnessOptions
    @Option(help: "json, csv or csv-excel.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let territory = try await analysis.loadAnalysis(communes: .attributes)
        let rows = try await refusingAsUsage {
            try await StaleRoster(scope: try cpts.map { try CPTSScope(cpts: $0, in: territory) }, freshness: try freshness.clock().now())
                .run(store: try await analysis.store.openStore(), analysis: territory)
        }
        try Terminal.printRows(rows, format: format.table)
    }
}
