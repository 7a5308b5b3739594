import ArgumentParser
import Storage
import UseCases

/// `maillage audit`: `AuditTrail`, oldest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit",
        abstract: "List the audit trail: uploads, commits, reads of patient data, denials and purges (no patient reference or position).")
    @OptionGroup var store: StoreOptions
    @Option(help: "From this date or time (ISO 8601: 2026-12-01 or 2026-12-01T08:00:00Z).") var since: String?
    @Option(help: "Only the events of this CPTS.") var cpts: String?
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let trail = try await refusingAsUsage { try AuditTrail(since: since, cpts: cpts) }
        try Terminal.printRows(try await trail.answer(store: try await store.openStore()), format: format.table)
    }
}

/// `maillage purge`: `PurgePatientData`, as the operator.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge",
        abstract: "Erase the positions of patients assigned before a date, delete pending requests older than N months (audited).")
    @OptionGroup var store: StoreOptions
    @Option(help: "Erase the position of every request assigned before this date (YYYY-MM-DD); the assignment is kept.")
    var assignedBefore: String?
    @Option(parsing: .unconditional, help: "Delete the pending requests registered more than this many months ago.")
    var pendingOlderThan: Int?

    func run() async throws {
        let purge = try await refusingAsUsage { try PurgePatientData(assignedBefore: assignedBefore, pendingOlderThanMonths: pendingOlderThan) }
        try Terminal.printAnswer(try await purge.run(store: try await store.openStore(), by: .commandLine))
    }
}
