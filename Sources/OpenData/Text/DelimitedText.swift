/// One data row of a delimited file, with its 1-based line number for error reports.
public struct DelimitedRow: Sendable {
    public var line: Int
    public var fields: [String]

    /// The field at `index`, trimmed of surrounding spaces; "" when the row is shorter.
    public subscript(index: Int) -> String {
        index < fields.count ? fields[index].trimmingCharacters(in: .whitespaces) : ""
    }
}

/// Reads the `;`, `,` or `|` separated files of INSEE, BANATIC, the Annuaire santé and FINESS.
///
/// Fields may be quoted (RFC 4180, `""` for a quote); blank lines are skipped; a trailing delimiter
/// (RPPS extracts end every line with `|`) is dropped when `trailingDelimiter` is set.
///
/// ```swift
/// let table = try DelimitedText(path: "donnees_communes.csv", delimiter: ";")
/// table.header           // ["REG", "Région", "DEP", …]
/// table.rows.first?[6]   // "01001"
/// ```
public struct DelimitedText: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [DelimitedRow]
    public let encoding: TextEncoding

    public init(path: String, delimiter: Character, trailingDelimiter: Bool = false, hasHeader: Bool = true) throws {
        let (text, encoding) = try TextDecoding.read(path)
        try self.init(text: text, file: path, delimiter: delimiter, trailingDelimiter: trailingDelimiter, hasHeader: hasHeader, encoding: encoding)
    }

    public init(text: String, file: String, delimiter: Character, trailingDelimiter: Bool = false, hasHeader: Bool = true,
                encoding: TextEncoding = .utf8) throws {
        self.file = file
        self.encoding = encoding
        guard let delimiterByte = delimiter.asciiValue else {
            throw ImportError(file: file, reason: "the delimiter must be an ASCII character")
        }
        var rows: [DelimitedRow] = []
        var lineNumber = 0
        // Work on UTF-8 bytes: Swift treats "\r\n" as one Character, and byte splitting is much faster.
        for rawLine in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            var fields = DelimitedText.split(Substring(line), delimiter: delimiter, delimiterByte: delimiterByte)
            if trailingDelimiter, fields.count > 1, fields.last == "" { fields.removeLast() }
            // A row of bare delimiters (";;;;" at the end of BANATIC exports) carries no data.
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            rows.append(DelimitedRow(line: lineNumber, fields: fields))
        }
        if hasHeader {
            guard let first = rows.first else { throw ImportError(file: file, reason: "the file is empty") }
            header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            self.rows = Array(rows.dropFirst())
        } else {
            header = []
            self.rows = rows
        }
    }

    /// The index of each named column; throws naming the missing ones.
    public func columns(_ names: [String]) throws -> [Int] {
        let missing = names.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw ImportError(file: file, line: 1, reason: "missing column(s) \(missing.joined(separator: ", ")) in header \(header.joined(separator: ","))")
        }
        return names.map { header.firstIndex(of: $0)! }
    }

    static func split(_ line: Substring, delimiter: Character, delimiterByte: UInt8) -> [String] {
        guard line.utf8.contains(UInt8(ascii: "\"")) else {
            return line.utf8.split(separator: delimiterByte, omittingEmptySubsequences: false).map { String(Substring($0)) }
        }
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            let next = line.index(after: index)
            if inQuotes {
                if c == "\"" {
                    if next < line.endIndex, line[next] == "\"" { current.append("\""); index = line.index(after: next); continue }
                    inQuotes = false
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.isEmpty {
                inQuotes = true
            } else if c == delimiter {
                fields.append(current); current = ""
            } else {
                current.append(c)
            }
            index = next
        }
        fields.append(current)
        return fields
    }
}

import Foundation
