/// The counts every row-by-row importer keeps.
public protocol RowCounts: Sendable, Hashable, Encodable {
    init()
    var rowsRead: Int { get set }
    var rejected: Int { get set }
    var wrongFieldCount: Int { get set }
}

/// The counts and issues of a row-by-row read; the records went to the importer's sink.
public struct ImportReport<Counts: RowCounts>: Sendable {
    public var counts = Counts()
    /// In line order.
    public var issues: ImportIssueLog

    public init(issues: ImportIssueLog) { self.issues = issues }
}

/// How importers account for their rows: every row read is counted, every rejected row leaves an issue
/// (file, line, reason) and counts under its cause — nothing is dropped silently.
enum RowLedger {
    /// Counts a data row; rejects it (returns false) when its field count differs from the header's.
    static func admit<Counts: RowCounts>(_ row: DelimitedRow, headerCount: Int, file: String,
                                         issues: inout ImportIssueLog, counts: inout Counts) -> Bool {
        counts.rowsRead += 1
        guard row.fieldCount == headerCount else {
            reject(row, "\(row.fieldCount) champs, l'en-tête en a \(headerCount)", \.wrongFieldCount, file: file, issues: &issues, counts: &counts)
            return false
        }
        return true
    }

    static func reject<Counts: RowCounts>(_ row: DelimitedRow, _ reason: String, _ cause: WritableKeyPath<Counts, Int>, file: String,
                                          issues: inout ImportIssueLog, counts: inout Counts) {
        issues.append(ImportIssue(file: file, line: row.line, reason: reason))
        counts[keyPath: cause] += 1
        counts.rejected += 1
    }
}
