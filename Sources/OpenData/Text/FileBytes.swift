import CZlib

/// The bytes of an input file, gzip-compressed or not: zlib's `gzread` inflates a `.gz` file and passes a
/// plain file through unchanged, so every importer takes `communes-2026.csv` and `communes-2026.csv.gz` alike.
///
/// ```swift
/// let bytes = try FileBytes.read("Data/cog/communes-2026.csv.gz")   // the CSV as published
/// ```
public enum FileBytes {
    /// The whole (decompressed) content of `path`; throws naming the file when it cannot be opened or
    /// is a damaged gzip stream (truncated, bad checksum), so nothing is imported from a partial read.
    public static func read(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else { throw ImportError(file: path, reason: "cannot read the file") }
        defer { gzclose(file) }
        _ = gzbuffer(file, 1 << 17)
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = bytes.withUnsafeMutableBufferPointer { gzread(file, $0.baseAddress! + start, UInt32(chunk)) }
            // At the end, zlib tells a complete stream from a truncated one only through gzerror (Z_BUF_ERROR).
            var code: Int32 = Z_OK
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            guard read >= 0, code == Z_OK else { throw ImportError(file: path, reason: "cannot read the file: \(message)") }
            bytes.removeLast(chunk - Int(read))
            if read == 0 { return bytes }
        }
    }

    /// Whether a file name is one of the published extensions, optionally followed by `.gz`.
    static func hasExtension(_ name: String, in extensions: [String]) -> Bool {
        let base = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
        return extensions.contains { base.hasSuffix($0) }
    }
}
