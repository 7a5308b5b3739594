/// Where an importer's rows come from: a file (plain or gzip) or text already in memory (an upload).
///
/// ```swift
/// try RPPSExtract(.file("PS_LibreAcces_Personne_activite.txt.gz"), communes: lookup)
/// try VolunteerRoster(.text(body, name: "roster.csv"), …)
/// ```
public enum DelimitedSource: Sendable {
    case file(String)
    /// `name` stands for the file in the issues.
    case text(String, name: String)

    public var name: String {
        switch self {
        case .file(let path): return path
        case .text(_, let name): return name
        }
    }

    public func reader(delimiter: Character, trailingDelimiter: Bool = false) throws -> DelimitedRowReader {
        switch self {
        case .file(let path): return try DelimitedRowReader(path: path, delimiter: delimiter, trailingDelimiter: trailingDelimiter)
        case .text(let text, let name): return try DelimitedRowReader(text: text, file: name, delimiter: delimiter, trailingDelimiter: trailingDelimiter)
        }
    }
}
