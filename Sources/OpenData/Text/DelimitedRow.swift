import Foundation

/// One data row of a delimited file, with its 1-based line number for error reports.
///
/// The row keeps the bytes of its fields (quotes removed) and decodes a field only when asked: an importer
/// reads the 9 columns it needs of the 56 of an RPPS row, and the others never become Strings.
///
/// ```swift
/// row.line        // 12
/// row[36]         // "59350", trimmed of surrounding spaces
/// row.fieldCount  // 56
/// ```
public struct DelimitedRow: Sendable {
    public internal(set) var line: Int
    /// The fields' bytes, one separator byte between two fields (field `i` ends at `ends[i]`).
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// How the bytes are decoded: a row read before a stream met non-ASCII text is ASCII, which UTF-8 reads.
    var encoding: TextEncoding = .utf8

    init(line: Int) { self.line = line }

    public var fieldCount: Int { ends.count }

    /// Every field as written (quotes removed, not trimmed).
    public var fields: [String] { ends.indices.map { withField($0) { TextDecoding.string($0, encoding: encoding) } } }

    /// The field at `index`, trimmed of surrounding spaces (tab and Unicode spaces, as `CharacterSet.whitespaces`);
    /// "" when the row is shorter.
    public subscript(index: Int) -> String {
        guard index < ends.count else { return "" }
        return withField(index) { field in
            var start = 0, end = field.count
            while start < end, Self.isSpaceOrTab(field[start]) { start += 1 }
            while end > start, Self.isSpaceOrTab(field[end - 1]) { end -= 1 }
            let text = TextDecoding.string(UnsafeBufferPointer(rebasing: field[start..<end]), encoding: encoding)
            // A non-ASCII edge ("Salarié") is seldom a Unicode space (a no-break space): only then does Foundation trim.
            guard start < end, field[start] >= 0x80 || field[end - 1] >= 0x80,
                  let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
                  Self.isWhitespace(first) || Self.isWhitespace(last) else { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Whether the field at `index` is empty once trimmed.
    func isBlank(_ index: Int) -> Bool {
        // An ASCII letter settles it; only a non-ASCII byte (maybe a Unicode space) needs the decoded field.
        let settled: Bool? = withField(index) { field in
            for byte in field {
                if byte >= 0x80 { return nil }
                if !Self.isSpaceOrTab(byte) { return false }
            }
            return true
        }
        return settled ?? self[index].isEmpty
    }

    /// Whether every field is blank: a row of bare delimiters (";;;;" at the end of BANATIC exports).
    var isBlank: Bool { ends.indices.allSatisfy(isBlank) }

    func withField<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = index == 0 ? 0 : ends[index - 1] + 1
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// What `CharacterSet.whitespaces` holds: general category Zs, and the tab.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
    }
}
