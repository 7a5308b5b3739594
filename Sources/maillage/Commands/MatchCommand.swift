import ArgumentParser
import GeometryKit
import Territory

struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match the waiting list to volunteer GPs: most priority patients placed (ALD, plus-de-70-ans, C2S, aucune), then least distance."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "Never propose a GP farther than this (km).") var maxKm = 30.0
    @Option(help: "json or csv.") var format: OutputFormat = .json
    @Flag(help: "Record the assignments and take one place from each GP; without it nothing changes.") var commit = false

    func run() throws {
        try require(format, in: [.json, .csv])
        guard maxKm > 0 else { throw ValidationError("--max-km must be positive") }
        let match = try analysis.loadOrientation().matchWaitingList(maxKm: maxKm)
        if commit {
            try analysis.store.openStore().recordAssignments(match.assignments)
            Terminal.report("recorded \(match.assignments.count) assignments")
        }
        let summary = PatientPriority.allCases.map { priority -> JSONValue in
            .ordered([("priorite", .string(priority.rawValue)), ("waiting", .number(Double(match.waitingByPriority[priority] ?? 0))),
                      ("placed", .number(Double(match.placedByPriority[priority] ?? 0))),
                      ("placed_by_greedy", .number(Double(match.greedyPlacedByPriority[priority] ?? 0)))])
        }
        for line in summary { Terminal.report("  \(JSONWriter.string(line))") }
        let assigned = match.assignments.map { a -> [(String, JSONValue)] in
            [("reference", .string(a.reference)), ("rpps", .string(a.rpps)), ("distance_km", TerritoryJSON.rounded(a.distanceKm)), ("reason", .null)]
        }
        let waiting = match.unassigned.map { u -> [(String, JSONValue)] in
            [("reference", .string(u.reference)), ("rpps", .null), ("distance_km", .null), ("reason", .string(u.reason.rawValue))]
        }
        if format == .csv {
            Terminal.printRows(assigned + waiting, csv: true)
            return
        }
        Terminal.printJSON([
            ("committed", .bool(commit)), ("max_km", .number(maxKm)),
            ("total_distance_km", TerritoryJSON.rounded(match.totalDistanceKm)),
            ("greedy_total_distance_km", TerritoryJSON.rounded(match.greedyTotalDistanceKm)),
            ("by_priority", .array(summary)),
            ("assignments", .array(assigned.map { .ordered(Array($0.dropLast())) })),
            ("unassigned", .array(match.unassigned.map { .ordered([("reference", .string($0.reference)), ("reason", .string($0.reason.rawValue))]) })),
        ])
    }
}
