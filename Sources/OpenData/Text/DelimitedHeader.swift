/// The header row of a delimited file: columns are found by name, so a reordered or extended export reads alike.
///
/// ```swift
/// let header = try reader.header()
/// let c = try header.columns(["rpps", "latitude"])   // [0, 4]
/// ```
public struct DelimitedHeader: Sendable {
    public let file: String
    public let line: Int
    /// The column names, trimmed.
    public let names: [String]

    public var count: Int { names.count }

    /// The index of each named column; throws naming the missing ones.
    public func columns(_ wanted: [String]) throws -> [Int] {
        let missing = wanted.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw ImportError(file: file, line: line, reason: "colonne(s) manquante(s) \(missing.joined(separator: ", ")) dans l'en-tête \(names.joined(separator: ","))")
        }
        return wanted.map { names.firstIndex(of: $0)! }
    }

    /// The index of each named column that is there (an extract without the directory's columns still imports).
    public func optionalColumns(_ wanted: [String]) -> [Int?] { wanted.map { names.firstIndex(of: $0) } }
}
