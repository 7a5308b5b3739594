import GeometryKit

/// The counts of an import as JSON members, the same for the CLI, the HTTP API and the import log:
/// every `Int` property of the counts (`invalidRPPS` → `invalid_rpps`), then the number of issues.
///
/// ```swift
/// let roster = try VolunteerRoster(path: file, activities: activities, communes: layer)
/// let members = ImportSummary.members(counts: roster.counts, issues: roster.issues)   // [("rows_read", 1185), …]
/// ```
public enum ImportSummary {
    public static func members(counts: Any, issues: [ImportIssue]) -> [(String, JSONValue)] {
        members(counts: counts, issueCount: issues.count)
    }

    /// Same, with every issue of the log counted, kept or not.
    public static func members(counts: Any, issues: ImportIssueLog) -> [(String, JSONValue)] {
        members(counts: counts, issueCount: issues.count)
    }

    private static func members(counts: Any, issueCount: Int) -> [(String, JSONValue)] {
        Mirror(reflecting: counts).children.compactMap { child in
            guard let label = child.label, let value = child.value as? Int else { return nil }
            return (snakeCase(label), .number(Double(value)))
        } + [("issues", .number(Double(issueCount)))]
    }

    /// The issues as JSON objects (`file`, `line`, `reason`), for an API answer.
    public static func issueList(_ issues: [ImportIssue]) -> JSONValue {
        .array(issues.map { .ordered([("file", .string($0.file)), ("line", .number(Double($0.line))), ("reason", .string($0.reason))]) })
    }

    /// `invalidRPPS` → `invalid_rpps`: a new word starts where a capital follows a small letter.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousIsLower = false
        for c in name {
            if c.isUppercase && previousIsLower { out += "_" }
            out += c.lowercased()
            previousIsLower = c.isLowercase || c.isNumber
        }
        return out
    }
}
