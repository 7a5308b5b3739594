import ArgumentParser
import Foundation
import GeometryKit
import Storage

/// `maillage audit`: the audit trail the store keeps (uploads, commits, reads of patient data, denials, purges), oldest
/// first. Read from the store, so the service's log level changes nothing in it.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit",
        abstract: "List the audit trail: uploads, commits, reads of patient data, denials and purges (no patient reference or position).")
    @OptionGroup var store: StoreOptions
    @Option(help: "From this date or time (ISO 8601: 2026-12-01 or 2026-12-01T08:00:00Z).") var since: String?
    @Option(help: "Only the events of this CPTS.") var cpts: String?
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func validate() throws {
        if let since, !AuditCommand.isISODate(since) { throw ValidationError("--since \(since): expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ") }
    }

    func run() async throws {
        try require(format, in: [.json, .csv])
        let events = try await store.openStore().auditTrail(since: since, cpts: cpts)
        if format == .csv {
            Terminal.printRows(events.map { e in
                [("id", .number(Double(e.id ?? 0))), ("at", .string(e.at)), ("who", .string(e.who)), ("role", .string(e.role)),
                 ("action", .string(e.action.rawValue)), ("cpts", e.cpts.map(JSONValue.string) ?? .null),
                 ("patients", .number(Double(e.patients))), ("outcome", .string(e.outcome))]
            }, csv: true)
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(events), as: UTF8.self))
        }
    }

    /// `YYYY-MM-DD`, optionally followed by a time: what sorts as the stored timestamps do.
    static func isISODate(_ text: String) -> Bool {
        let day = text.prefix(10)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        guard day.count == 10, formatter.date(from: String(day)) != nil else { return false }
        return text.count == 10 || (text.count > 11 && text[text.index(text.startIndex, offsetBy: 10)] == "T")
    }
}

/// `maillage purge`: erases patient positions no longer needed, in one audited transaction.
struct PurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge",
        abstract: "Erase the positions of patients assigned before a date, delete pending requests older than N months (audited).")
    @OptionGroup var store: StoreOptions
    @Option(help: "Erase the position of every request assigned before this date (YYYY-MM-DD); the assignment is kept.")
    var assignedBefore: String?
    @Option(parsing: .unconditional, help: "Delete the pending requests registered more than this many months ago.")
    var pendingOlderThan: Int?

    func validate() throws {
        guard assignedBefore != nil || pendingOlderThan != nil else {
            throw ValidationError("give --assigned-before DATE, --pending-older-than MONTHS, or both")
        }
        if let assignedBefore, assignedBefore.count != 10 || !AuditCommand.isISODate(assignedBefore) {
            throw ValidationError("--assigned-before \(assignedBefore): expected a date YYYY-MM-DD")
        }
        if let pendingOlderThan, pendingOlderThan < 1 { throw ValidationError("--pending-older-than must be at least 1 month") }
    }

    func run() async throws {
        let cutoff = pendingOlderThan.map { months -> String in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let date = calendar.date(byAdding: .month, value: -months, to: Date())!
            return String(AuditEvent.timestamp(date).prefix(10))
        }
        let options = [assignedBefore.map { "--assigned-before \($0)" }, pendingOlderThan.map { "--pending-older-than \($0)" }]
        let counts = try await store.openStore().purgePatientData(
            assignedBefore: assignedBefore, pendingRegisteredBefore: cutoff,
            audit: AuditEvent(who: "cli", role: "operator", action: .purge, cpts: nil, patients: 0, outcome: options.compactMap { $0 }.joined(separator: " ")))
        Terminal.printJSON([("assigned_positions_erased", .number(Double(counts.assignedPositionsErased))),
                            ("pending_requests_deleted", .number(Double(counts.pendingDeleted))),
                            ("pending_registered_before", cutoff.map(JSONValue.string) ?? .null)])
    }
}
