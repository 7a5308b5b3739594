import Foundation

/// The character encoding an open-data file came in.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    /// Windows-1252, the superset of ISO-8859-1 that French administrative exports use.
    case windows1252 = "Windows-1252"
}

/// Decodes the bytes of a text file whose encoding is not announced (FINESS comes UTF-8 or Latin-1).
///
/// Detection, not guessing: text is UTF-8 only if every byte sequence is valid UTF-8 — French
/// Latin-1 text (`É` = 0xC9 followed by a letter) never is — otherwise it is Windows-1252. ASCII reads
/// the same in both, so bytes that are all ASCII decide nothing (`detect` gives nil): a stream decides
/// at its first non-ASCII text (`DelimitedRowReader`).
///
/// ```swift
/// TextDecoding.decode([0xC9, 0x76, 0x72, 0x65, 0x75, 0x78])   // ("Évreux", .windows1252)
/// ```
public enum TextDecoding {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The whole text of `bytes` (a UTF-8 byte-order mark dropped) and the encoding it was read in.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncoding) {
        let body = bytes.starts(with: byteOrderMark) ? bytes[3...] : bytes[...]
        return body.withUnsafeBufferPointer { body in
            let encoding = detect(body) ?? .utf8
            return (string(body, encoding: encoding), encoding)
        }
    }

    /// nil when every byte is ASCII (both encodings read it alike), else UTF-8 when the bytes are valid UTF-8,
    /// else Windows-1252.
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        guard let firstHigh = bytes.firstIndex(where: { $0 >= 0x80 }) else { return nil }
        return UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[firstHigh...])) == nil ? .utf8 : .windows1252
    }

    /// `bytes` as text in `encoding` (invalid UTF-8 becomes U+FFFD: callers validate first).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> String {
        switch encoding {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var text = String.UnicodeScalarView()
            for byte in bytes { text.append(windows1252Scalar(byte)) }
            return String(text)
        }
    }

    private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte < 0x80 || byte >= 0xA0 { return Unicode.Scalar(byte) }
        return Unicode.Scalar(windows1252High[Int(byte) - 0x80])!
    }

    /// 0x80–0x9F, where Windows-1252 differs from ISO-8859-1 (U+FFFD for the five unassigned bytes).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178]
}

/// UTF-8 validity as RFC 3629 defines it (no overlong forms, no surrogates, nothing above U+10FFFF), without
/// building a String: the row reader checks every line of a UTF-8 file that has non-ASCII bytes.
enum UTF8Validation {
    /// The offset of the first byte that does not start a valid sequence, nil when all of `bytes` is valid UTF-8.
    static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
        while i < n {
            // Most of a French line is ASCII: skip it eight bytes at a time.
            while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int, secondRange: ClosedRange<UInt8>
            switch lead {
            case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondRange = 0x80...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return i
            }
            guard i + length <= n, secondRange.contains(bytes[i + 1]) else { return i }
            for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}
