/// A strict RFC 8259 JSON parser over UTF-8 bytes, built for large GeoJSON files: no Foundation
/// boxing, positions parsed straight into `[Double]`.
///
/// ```swift
/// let value = try JSONParser.parse(Array("{\"a\": [1, 2]}".utf8))   // .object(["a": .numbers([1, 2])])
/// ```
public struct JSONParser {
    /// Where and why a document is not JSON.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let offset: Int
        public let line: Int
        public let reason: String
        public var description: String { "line \(line) (byte \(offset)): \(reason)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses one JSON document; trailing non-space bytes are an error.
    public static func parse(_ data: [UInt8]) throws -> JSONValue {
        try data.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(buffer)
            let value = try parser.parseValue(depth: 0)
            parser.skipSpace()
            guard parser.position == buffer.count else { throw parser.error("unexpected data after the document") }
            return value
        }
    }

    private func error(_ reason: String) -> SyntaxError {
        let line = bytes[..<min(position, bytes.count)].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return SyntaxError(offset: position, line: line, reason: reason)
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw error("nesting deeper than 512") }
        skipSpace()
        guard position < bytes.count else { throw error("unexpected end of data") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else { throw error("invalid literal") }
        position += count
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            members[key] = try parseValue(depth: depth + 1)
            skipSpace()
            guard position < bytes.count else { throw error("unterminated object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1
        var values: [JSONValue] = []
        var numbers: [Double] = []
        var onlyNumbers = true
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array([]) }
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unterminated array") }
            let first = bytes[position]
            if onlyNumbers, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) {
                numbers.append(try parseNumber())
            } else {
                if onlyNumbers { values = numbers.map { .number($0) }; onlyNumbers = false }
                values.append(try parseValue(depth: depth + 1))
            }
            skipSpace()
            guard position < bytes.count else { throw error("unterminated array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw error("expected ',' or ']'")
        }
        return onlyNumbers ? .numbers(numbers) : .array(values)
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Checked here because
    /// `Double(String)` also takes "01", ".5", "1.", "+1"…, which are not JSON.
    private mutating func parseNumber() throws -> Double {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("invalid value") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("invalid number: leading zero") }
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() else { throw error("invalid number: no digit after '.'") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() else { throw error("invalid number: no digit in the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("invalid number '\(text)'") }
        return value
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Skips a run of digits; false when there was none.
    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position > start
    }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        var hasEscape = false
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") { hasEscape = true; position += 2; continue }
            if b < 0x20 { throw error("control character in a string") }
            position += 1
        }
        guard position < bytes.count else { throw error("unterminated string") }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
        position += 1
        guard hasEscape else { return String(decoding: raw, as: UTF8.self) }
        return try unescape(raw)
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) throws -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var i = 0
        func flush() { if !utf8.isEmpty { scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars); utf8.removeAll() } }
        func hex4(_ at: Int) throws -> UInt32 {
            // Exactly four hex digits (UInt32(_:radix:) alone would also take a sign, as in "\u+123").
            guard at + 4 <= raw.count, raw[at..<at + 4].allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }),
                  let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: raw[at..<at + 4]), as: UTF8.self), radix: 16) else {
                throw error("invalid \\u escape")
            }
            return v
        }
        while i < raw.count {
            guard raw[i] == UInt8(ascii: "\\"), i + 1 < raw.count else { utf8.append(raw[i]); i += 1; continue }
            flush()
            let code = raw[i + 1]
            i += 2
            switch code {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var value = try hex4(i)
                i += 4
                if (0xD800..<0xDC00).contains(value), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if (0xDC00..<0xE000).contains(low) { value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00); i += 6 }
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: throw error("invalid escape")
            }
        }
        flush()
        return String(scalars)
    }
}
