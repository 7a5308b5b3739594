import ArgumentParser
import Storage
import GeometryKit
import Territory
import UseCases

struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match the waiting list to volunteer GPs: most priority patients placed (ALD, plus-de-70-ans, C2S, aucune), then least distance."
    )

    @OptionGroup var analysis: AnalysisOptions
    // `.unconditional`: `--max-km -1` is read as a value and refused by run(), never taken for a flag.
    @Option(parsing: .unconditional, help: "Never propose a GP farther than this (km).") var maxKm = 30.0
    @Option(help: "json or csv.") var format: OutputFormat = .json
    @Flag(help: "Record the assignments and take one place from each GP; without it nothing changes.") var commit = false
    @Option(help: "Match only this CPTS's waiting list, with the volunteers practising in its communes (as its coordinator does through the service).")
    var cpts: String?
    @OptionGroup var freshness: FreshnessOptions

    func run() async throws {
        try require(format, in: [.json, .csv])
        // Patients and GPs carry their positions: no polygon, no practitioner activity is needed.
        let territory = try await analysis.loadAnalysis(communes: .orientation(around: nil, commune: nil))
        let store = try await analysis.store.openStore()
        let answer = try await refusingAsUsage {
            let match = try MatchWaitingList(maxKm: maxKm, commit: commit, scope: try cpts.map { try CPTSScope(cpts: $0, in: territory) },
                                             freshness: try freshness.clock().now())
            return try await match.run(store: store, analysis: territory, orientation: { try await store.orientationService(analysis: territory) },
                                       by: .commandLine)
        }
        if commit { Terminal.report("\(answer.match.assignments.count) affectations enregistrées") }
        if answer.leftOutStale > 0 { Terminal.report("\(answer.leftOutStale) médecins avec des places laissés de côté : liste non mise à jour depuis plus de \(freshness.excludeAfter) mois") }
        for line in MatchAnswer.PriorityRow.rows(answer.match) { Terminal.report("  \(try JSONValueEncoder.string(line))") }
        if format.isCSV {
            try Terminal.printRows(answer.patientRows, format: format.table)
        } else {
            try Terminal.printAnswer(answer)
        }
    }
}
