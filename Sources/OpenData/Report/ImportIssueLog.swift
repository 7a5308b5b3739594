/// The issues of one import: every one counted, the first `limit` kept. Issues are few in a sound file, but a
/// national extract with one systematic fault (a column emptied) would otherwise hold a reason per row.
///
/// ```swift
/// var log = ImportIssueLog(limit: 2)
/// for line in 2...5 { log.append(ImportIssue(file: "ps.txt", line: line, reason: "pas de numéro RPPS")) }
/// log.count      // 4
/// log.kept.map(\.line)   // [2, 3]
/// log.unlisted   // 2
/// ```
public struct ImportIssueLog: Sendable, Equatable {
    public static let defaultLimit = 10_000

    public let limit: Int
    /// The first `limit` issues, in the order found.
    public private(set) var kept: [ImportIssue] = []
    /// Every issue, kept or not.
    public private(set) var count = 0

    public init(limit: Int = ImportIssueLog.defaultLimit) {
        self.limit = max(0, limit)
    }

    /// Issues counted but not kept.
    public var unlisted: Int { count - kept.count }

    public mutating func append(_ issue: ImportIssue) {
        count += 1
        if kept.count < limit { kept.append(issue) }
    }

    /// The kept issues in line order (an importer that finds issues in several passes reports them as the file reads).
    mutating func sortByLine() {
        kept.sort { $0.line < $1.line }
    }
}
