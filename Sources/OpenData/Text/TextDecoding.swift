import Foundation

/// The character encoding an open-data file came in.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    /// Windows-1252, the superset of ISO-8859-1 that French administrative exports use.
    case windows1252 = "Windows-1252"
}

/// Decodes the bytes of a text file whose encoding is not announced (FINESS comes UTF-8 or Latin-1).
///
/// Detection, not guessing: a file is UTF-8 only if every byte sequence is valid UTF-8 — French
/// Latin-1 text (`É` = 0xC9 followed by a letter) never is — otherwise it is Windows-1252.
public enum TextDecoding {
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncoding) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
        var text = String.UnicodeScalarView()
        for byte in body { text.append(windows1252Scalar(byte)) }
        return (String(text), .windows1252)
    }

    /// Reads (inflating a `.gz` file) and decodes a file.
    public static func read(_ path: String) throws -> (text: String, encoding: TextEncoding) {
        decode(try FileBytes.read(path))
    }

    private static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte < 0x80 || byte >= 0xA0 { return Unicode.Scalar(byte) }
        let high: [UInt32] = [0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178]
        return Unicode.Scalar(high[Int(byte) - 0x80])!
    }
}
