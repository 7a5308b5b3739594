import OpenData

/// What a coordinator's upload keeps of the rows its file gave: those inside its CPTS, and those no other rule refuses.
/// A refused row becomes an issue with its line, never dropped silently.
struct RowFilter<Item> {
    var items: [Item]
    var lines: [Int]
    var issues: [ImportIssue]
    /// Rows refused by the last `keep`.
    private(set) var rejected = 0
    let file: String

    init(items: [Item], lines: [Int], issues: [ImportIssue], file: String) {
        self.items = items; self.lines = lines; self.issues = issues; self.file = file
    }

    /// Keeps the items `reject` gives no reason to refuse. When no row is left, nothing may change: the upload is
    /// refused, listing why.
    mutating func keep(_ reject: (Item) -> String?) throws {
        var kept: [Item] = [], keptLines: [Int] = []
        rejected = 0
        for (item, line) in zip(items, lines) {
            if let reason = reject(item) {
                issues.append(ImportIssue(file: file, line: line, reason: reason))
                rejected += 1
            } else {
                kept.append(item); keptLines.append(line)
            }
        }
        (items, lines) = (kept, keptLines)
        issues.sort { $0.line < $1.line }
        guard !items.isEmpty else {
            let first = issues.prefix(5).map(\.description).joined(separator: "; ")
            throw UseCaseError.invalidFile(issues.isEmpty ? "no data row" : "no row could be imported: \(first)")
        }
    }

    /// Keeps the items in the scope's communes.
    mutating func keepInside(_ scope: CPTSScope, commune: KeyPath<Item, String>) throws {
        try keep { scope.communes.contains($0[keyPath: commune]) ? nil : scope.outsideReason }
    }
}
