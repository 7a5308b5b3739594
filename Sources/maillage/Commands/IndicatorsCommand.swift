import ArgumentParser
import Storage
import UseCases

extension OrientationIndicators.Grouping: ExpressibleByArgument {}

/// `maillage indicators`: `OrientationIndicators` over a period, as a CPTS reports them and the ARS follows them.
struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "indicators",
        abstract: "Orientation indicators over a period: requests registered, oriented, declined, waiting, purged; by priority; distances and delays.",
        discussion: """
        Counted from the stored requests, orientations (committed matchings and GPs' acceptances), declines and purges. \
        --by cpts (default), departement or region (of the request's commune). JSON: one row per group, each with its months \
        (by_month); CSV: one line per group.
        """)
    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "First day of the period (AAAA-MM-JJ or JJ/MM/AAAA), included.") var from: String
    @Option(help: "Last day of the period, included.") var to: String
    @Option(help: "Only this CPTS's requests.") var cpts: String?
    @Option(help: "cpts, departement or region.") var by: OrientationIndicators.Grouping = .cpts
    @Option(help: "json, csv or csv-excel.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let territory = try await analysis.loadAnalysis(communes: .attributes)
        let answer = try await refusingAsUsage {
            try await OrientationIndicators(from: from, to: to, by: by, cpts: cpts).run(store: try await analysis.store.openStore(), analysis: territory)
        }
        if format.isCSV { try Terminal.printRows(answer.rows, format: format.table) } else { try Terminal.printAnswer(answer) }
    }
}
