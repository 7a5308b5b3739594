import GeometryKit

/// The counts of an import as JSON members, the same for the CLI, the HTTP API and the import log: the counts'
/// members in snake case (`invalidRPPS` → `invalid_rpps`), then the number of issues.
///
/// ```swift
/// let roster = try VolunteerRoster(path: file, activities: activities, communes: layer)
/// let members = try ImportSummary.members(counts: roster.counts, issues: roster.issues)   // [("rows_read", 1185), …]
/// ```
public enum ImportSummary {
    public static func members<Counts: Encodable>(counts: Counts, issues: [ImportIssue]) throws -> [(String, JSONValue)] {
        try members(counts: counts, issueCount: issues.count)
    }

    /// Same, with every issue of the log counted, kept or not.
    public static func members<Counts: Encodable>(counts: Counts, issues: ImportIssueLog) throws -> [(String, JSONValue)] {
        try members(counts: counts, issueCount: issues.count)
    }

    private static func members<Counts: Encodable>(counts: Counts, issueCount: Int) throws -> [(String, JSONValue)] {
        try JSONValueEncoder.members(counts).map { (snakeCase($0.0), $0.1) } + [("issues", .number(Double(issueCount)))]
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
