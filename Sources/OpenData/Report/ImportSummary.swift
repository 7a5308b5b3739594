import GeometryKit

/// The counts of an import as one JSON object, the same for the CLI, the HTTP API and the store's import log: the
/// counts' members in snake case (`invalidRPPS` → `invalid_rpps`), then the number of issues, then what the import
/// adds of its own (`extra`: a FINESS extract's encoding and date, a CPTS's id).
///
/// ```swift
/// let roster = try VolunteerRoster(path: file, activities: activities, communes: layer)
/// try JSONValueEncoder.string(ImportSummary(counts: roster.counts, issues: roster.report.issues))   // {"rows_read":1185,…,"issues":3}
/// ```
public struct ImportSummary<Counts: Encodable & Sendable>: Encodable, Sendable {
    public var counts: Counts
    /// Every issue found, listed or not.
    public var issues: Int
    public var extra: [(String, String)] = []

    public init(counts: Counts, issues: [ImportIssue], extra: [(String, String)] = []) {
        self.counts = counts; self.issues = issues.count; self.extra = extra
    }

    public init(counts: Counts, issues: ImportIssueLog, extra: [(String, String)] = []) {
        self.counts = counts; self.issues = issues.count; self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: NamedKey.self)
        for (name, value) in try JSONValueEncoder.members(counts) { try object.encode(value, forKey: NamedKey(Self.snakeCase(name))) }
        try object.encode(issues, forKey: NamedKey("issues"))
        for (name, value) in extra { try object.encode(value, forKey: NamedKey(name)) }
    }

    /// The object as the store's import log keeps it.
    public var text: String { get throws { try JSONValueEncoder.string(self) } }

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
