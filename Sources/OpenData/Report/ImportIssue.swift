/// One input row that was not imported as given, with where it is and why — never dropped silently.
public struct ImportIssue: Sendable, Hashable, Encodable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the file (0 when the problem concerns the whole file).
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}

/// A file that cannot be read at all (missing, wrong header, not text).
public struct ImportError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int = 0, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}
