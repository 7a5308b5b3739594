import Foundation

/// Reads the `;`, `,` or `|` separated files of INSEE, BANATIC, the Annuaire santé, FINESS and the CPTS, row
/// by row: the file (plain or gzip) is read a chunk at a time and no row is kept once handed over, so a
/// national extract of 2.3 M rows takes the memory of one chunk.
///
/// Lines end with LF or CR LF and are numbered from 1 as in the file. Fields may be quoted (RFC 4180, `""`
/// for a quote) within one line: a quoted field does not run over a line end. Blank lines, and rows whose
/// fields are all blank (";;;;" at the end of BANATIC exports), are skipped; a trailing delimiter (RPPS
/// extracts end every line with `|`) is dropped when `trailingDelimiter` is set.
///
/// The encoding is detected as `TextDecoding` does, decided at the first line with a non-ASCII byte: the
/// lines before are ASCII and read the same either way, and the complete lines buffered from there (up to
/// a chunk) are checked as a whole. A file that turns out to be invalid UTF-8 after it was decided UTF-8
/// mixes encodings; rather than importing half of it misread, the reader throws naming the line.
///
/// ```swift
/// var reader = try DelimitedRowReader(path: "donnees_communes.csv.gz", delimiter: ";")
/// let header = try reader.header()                 // ["REG", "Région", "DEP", …]
/// let c = try header.columns(["COM", "PMUN"])
/// while let row = try reader.next() { print(row.line, row[c[0]], row[c[1]]) }
/// ```
public struct DelimitedRowReader {
    public let file: String
    private let delimiter: UInt8
    private let trailingDelimiter: Bool
    /// nil when the whole text was given in memory.
    private let source: CompressedFileReader?
    private var buffer: [UInt8]
    /// `buffer[start..<end]` is read from the file and not yet split into lines.
    private var start = 0
    private var end = 0
    private var atEndOfFile: Bool
    private var lineNumber = 0
    private var decidedEncoding: TextEncoding?
    private var firstNonASCIILine = 0
    /// `buffer[..<validatedEnd]` was checked as UTF-8 when the encoding was decided.
    private var validatedEnd = 0
    /// Reused from row to row: once the caller has let go of the previous row, no allocation.
    private var row = DelimitedRow(line: 0)
    private let scratch = FieldEndScratch()

    /// Bytes read from the file at a time (the buffer grows only for a longer line).
    public static let defaultChunkSize = 1 << 20

    public init(path: String, delimiter: Character, trailingDelimiter: Bool = false, chunkSize: Int = defaultChunkSize) throws {
        try self.init(file: path, source: CompressedFileReader(path: path), bytes: [UInt8](repeating: 0, count: max(1, chunkSize)),
                      delimiter: delimiter, trailingDelimiter: trailingDelimiter)
    }

    /// Rows of text already in memory (an upload); `file` names it in the issues.
    public init(text: String, file: String, delimiter: Character, trailingDelimiter: Bool = false) throws {
        try self.init(file: file, source: nil, bytes: Array(text.utf8), delimiter: delimiter, trailingDelimiter: trailingDelimiter)
    }

    private init(file: String, source: CompressedFileReader?, bytes: [UInt8], delimiter: Character, trailingDelimiter: Bool) throws {
        guard let delimiterByte = delimiter.asciiValue, delimiterByte != FieldSplitter.quote, delimiterByte != 0x0A else {
            throw ImportError(file: file, reason: "le séparateur doit être un caractère ASCII autre qu'un guillemet ou une fin de ligne")
        }
        self.file = file
        self.source = source
        self.delimiter = delimiterByte
        self.trailingDelimiter = trailingDelimiter
        buffer = bytes
        end = source == nil ? bytes.count : 0
        atEndOfFile = source == nil
    }

    /// The encoding the text is read in; UTF-8 until a non-ASCII byte says otherwise.
    public var encoding: TextEncoding { decidedEncoding ?? .utf8 }

    /// The first row, as column names (trimmed); throws when the file has no row at all.
    public mutating func header() throws -> DelimitedHeader {
        guard let row = try next() else { throw ImportError(file: file, reason: "le fichier est vide") }
        return DelimitedHeader(file: file, line: row.line, names: (0..<row.fieldCount).map { row[$0] })
    }

    /// The next row that carries data; nil at the end of the file.
    public mutating func next() throws -> DelimitedRow? {
        while let line = try nextLine() {
            lineNumber += 1
            if try split(line) { return row }
        }
        return nil
    }

    /// The bytes of the next line in `buffer`, without its LF; valid until the next call.
    private mutating func nextLine() throws -> Range<Int>? {
        while true {
            if let newline = firstNewline(in: start..<end) {
                defer { start = newline + 1 }
                return start..<newline
            }
            if atEndOfFile {
                guard start < end else { return nil }
                defer { start = end }
                return start..<end
            }
            try refill()
        }
    }

    private func firstNewline(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            memchr(bytes.baseAddress! + range.lowerBound, 0x0A, range.count).map {
                bytes.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
        }
    }

    /// Moves the partial line left in the buffer to its front and reads the next chunk after it (the buffer
    /// doubles for a line longer than itself).
    private mutating func refill() throws {
        guard let source else { atEndOfFile = true; return }
        if start > 0 {
            let (from, count) = (start, end - start)
            buffer.withUnsafeMutableBytes { bytes in _ = memmove(bytes.baseAddress!, bytes.baseAddress! + from, count) }
            end = count
            validatedEnd = max(0, validatedEnd - from)
            start = 0
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let filled = end
        let read = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
        if read == 0 { atEndOfFile = true } else { end += read }
    }

    /// Splits `line` into `row`; false when the line carries no data (blank, or bare delimiters).
    private mutating func split(_ line: Range<Int>) throws -> Bool {
        var lower = line.lowerBound, upper = line.upperBound
        if lineNumber == 1, buffer[lower..<upper].starts(with: TextDecoding.byteOrderMark) { lower += 3 }
        if upper > lower, buffer[upper - 1] == 0x0D { upper -= 1 }
        row.line = lineNumber
        let hasNonASCII: Bool? = buffer.withUnsafeBufferPointer { bytes in
            let text = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
            if text.allSatisfy(DelimitedRow.isSpaceOrTab) { return nil }
            return FieldSplitter.split(text, delimiter: delimiter, scratch: scratch, into: &row)
        }
        guard let hasNonASCII else { return false }
        if hasNonASCII { try checkEncoding(lower..<upper) }
        row.encoding = encoding
        if trailingDelimiter, row.fieldCount > 1, row.withField(row.fieldCount - 1, \.isEmpty) { row.ends.removeLast() }
        return !row.isBlank
    }

    /// Decides the encoding at the first non-ASCII line, from the complete lines buffered from there; then
    /// every later non-ASCII line of a UTF-8 file must be valid UTF-8.
    private mutating func checkEncoding(_ line: Range<Int>) throws {
        if decidedEncoding == nil {
            // The complete lines buffered from this one: the last may be cut inside a character, so it is left out.
            let regionEnd = atEndOfFile ? end : max(line.upperBound, buffer[line.lowerBound..<end].lastIndex(of: 0x0A) ?? end)
            let decided = buffer.withUnsafeBufferPointer { TextDecoding.detect(UnsafeBufferPointer(rebasing: $0[line.lowerBound..<regionEnd])) }
            decidedEncoding = decided ?? .utf8
            firstNonASCIILine = lineNumber
            if decidedEncoding == .utf8 { validatedEnd = regionEnd }
        }
        guard decidedEncoding == .utf8, line.upperBound > validatedEnd else { return }
        let invalid = buffer.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: $0[line])) }
        if invalid != nil {
            throw ImportError(file: file, line: lineNumber, reason: "UTF-8 invalide, alors que le fichier se lit en UTF-8 depuis la ligne \(firstNonASCIILine) "
                              + "(son premier texte non ASCII) : le fichier mélange les encodages")
        }
    }
}

/// Splits one line into the fields of a row (RFC 4180 quotes within the line).
enum FieldSplitter {
    static let quote = UInt8(ascii: "\"")

    /// Fills `row` with the fields of `line`; returns whether the line has a non-ASCII byte.
    static func split(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8, scratch: FieldEndScratch, into row: inout DelimitedRow) -> Bool {
        row.bytes.removeAll(keepingCapacity: true)
        row.ends.removeAll(keepingCapacity: true)
        var high: UInt8 = 0
        guard memchr(line.baseAddress!, Int32(quote), line.count) != nil else {
            // No quote: the fields are the line itself, its delimiters are the separators. The ends go to the scratch
            // first, then to the row at once (an append per field costs more than the scan).
            row.bytes.append(contentsOf: line)
            let ends = scratch.room(for: line.count + 1)
            let (count, nonASCII) = delimiterPositions(line, delimiter: delimiter, into: ends)
            ends[count] = line.count
            row.ends.append(contentsOf: UnsafeBufferPointer(start: ends, count: count + 1))
            return nonASCII
        }
        // A quote opens a quoted field only at the start of a field; `""` inside is one quote; text after the
        // closing quote, or a quote within an unquoted field, is kept as written.
        var inQuotes = false
        var fieldStart = 0
        var i = 0
        while i < line.count {
            let byte = line[i]
            high |= byte
            if inQuotes {
                if byte == quote {
                    if i + 1 < line.count, line[i + 1] == quote { row.bytes.append(quote); i += 2; continue }
                    inQuotes = false
                } else {
                    row.bytes.append(byte)
                }
            } else if byte == quote && row.bytes.count == fieldStart {
                inQuotes = true
            } else if byte == delimiter {
                row.ends.append(row.bytes.count)
                row.bytes.append(delimiter)
                fieldStart = row.bytes.count
            } else {
                row.bytes.append(byte)
            }
            i += 1
        }
        row.ends.append(row.bytes.count)
        return high >= 0x80
    }
}

extension FieldSplitter {
    /// Writes the offsets of `delimiter` in `line` to `positions`; returns how many, and whether a byte is non-ASCII.
    ///
    /// Eight bytes at a time (SWAR): in `x = word ^ delimiter×8` a byte is 0 exactly where the delimiter is, and
    /// `~(((x & 0x7F…) + 0x7F…) | x) & 0x80…` sets the top bit of those bytes only (no carry crosses a byte). Most
    /// fields of an RPPS row are a few bytes or empty, so a byte-by-byte loop spends its time on branches.
    static func delimiterPositions(_ line: UnsafeBufferPointer<UInt8>, delimiter: UInt8,
                                   into positions: UnsafeMutablePointer<Int>) -> (count: Int, nonASCII: Bool) {
        let length = line.count
        let raw = UnsafeRawPointer(line.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        let pattern = UInt64(delimiter) &* ones
        var count = 0, i = 0
        var seen: UInt64 = 0
        while i + 8 <= length {
            // Little-endian order whatever the machine: byte k of the line is bits 8k…8k+7.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            seen |= word
            let x = word ^ pattern
            var matches = ~(((x & low7) &+ low7) | x) & high
            while matches != 0 {
                positions[count] = i + matches.trailingZeroBitCount >> 3
                count += 1
                matches &= matches &- 1
            }
            i += 8
        }
        var tail: UInt8 = 0
        while i < length {
            let byte = line[i]
            tail |= byte
            if byte == delimiter { positions[count] = i; count += 1 }
            i += 1
        }
        return (count, seen & high != 0 || tail >= 0x80)
    }
}

/// Room for the field ends of one line, kept from line to line: a line has at most one field per byte, and one more.
final class FieldEndScratch {
    private var ends = UnsafeMutablePointer<Int>.allocate(capacity: 256)
    private var capacity = 256

    func room(for count: Int) -> UnsafeMutablePointer<Int> {
        if count > capacity {
            ends.deallocate()
            capacity = max(count, 2 * capacity)
            ends = .allocate(capacity: capacity)
        }
        return ends
    }

    deinit { ends.deallocate() }
}
