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

    func run() async throws {
        try require(format, in: [.json, .csv])
        guard maxKm > 0 else { throw ValidationError("--max-km must be positive") }
        // Farther than that, no GP is a médecin traitant; the matcher stores distances on that bound.
        guard maxKm <= BatchMatcher.maximumDistanceKm else {
            throw ValidationError("--max-km must be at most \(Int(BatchMatcher.maximumDistanceKm)) km")
        }
        // Patients and GPs carry their positions: no polygon, no practitioner activity is needed.
        let territory = try await analysis.loadAnalysis(communes: .orientation(around: nil, commune: nil))
        let store = try await analysis.store.openStore()
        var desk = try await store.orientationService(analysis: territory)
        if let cpts {
            guard let perimeter = try await store.allCPTS().first(where: { $0.id == cpts }) else { throw ValidationError("--cpts \(cpts): no such CPTS in the store") }
            desk = desk.scoped(toCPTS: cpts, communes: Set(perimeter.communeCodes))
        }
        let match = desk.matchWaitingList(maxKm: maxKm)
        if commit {
            try await store.recordAssignments(match.assignments, audit: AuditEvent(
                who: "cli", role: "operator", action: .matchCommit, cpts: cpts, patients: match.assignments.count + match.unassigned.count,
                outcome: "\(match.assignments.count) placed"))
            Terminal.report("recorded \(match.assignments.count) assignments")
        }
        for line in MatchAnswer.PriorityRow.rows(match) { Terminal.report("  \(try JSONValueEncoder.string(line))") }
        if format == .csv {
            try Terminal.printRows(MatchAnswer.patientRows(match), csv: true)
        } else {
            try Terminal.printAnswer(MatchAnswer(match: match, maxKm: maxKm, committed: commit))
        }
    }
}
