import ArgumentParser
import Storage
import UseCases

/// `maillage waiting-list`: `PendingRequests` of one CPTS, as its coordinator reads them through the service.
struct WaitingListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "waiting-list",
        abstract: "List the requests of a CPTS still waiting for a GP (reference, commune, priority, registration date; audited).")
    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "The CPTS whose waiting list to list.") var cpts: String
    @Option(help: "json, csv or csv-excel.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let territory = try await analysis.loadAnalysis(communes: .attributes)
        let rows = try await refusingAsUsage {
            try await PendingRequests(scope: try CPTSScope(cpts: cpts, in: territory))
                .run(store: try await analysis.store.openStore(), communes: territory.layer, by: .commandLine)
        }
        try Terminal.printRows(rows, format: format.table)
    }
}

/// `maillage assignments`: `AssignmentHistory` of one CPTS: who was placed with whom, when, how far.
struct AssignmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "assignments",
        abstract: "List the orientations recorded for a CPTS: reference, priority, GP (RPPS, name, practice address), distance, date (audited).")
    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "The CPTS whose orientations to list.") var cpts: String
    @Option(help: "From this day (AAAA-MM-JJ or JJ/MM/AAAA), included.") var from: String?
    @Option(help: "To this day, included.") var to: String?
    @Option(help: "json, csv or csv-excel.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let territory = try await analysis.loadAnalysis(communes: .attributes)
        let rows = try await refusingAsUsage {
            try await AssignmentHistory(scope: try CPTSScope(cpts: cpts, in: territory), from: from, to: to)
                .run(store: try await analysis.store.openStore(), communes: territory.layer, by: .commandLine)
        }
        try Terminal.printRows(rows, format: format.table)
    }
}
