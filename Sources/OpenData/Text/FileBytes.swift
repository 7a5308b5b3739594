import Foundation

/// The whole (decompressed) content of an input file, for the formats read at once (GeoJSON): delimited files
/// go through `DelimitedRowReader`, which keeps one chunk.
///
/// ```swift
/// let bytes = try FileBytes.read("Data/communes/communes-59.geojson.gz")   // the file as published
/// ```
public enum FileBytes {
    /// The whole (decompressed) content of `path`; throws naming the file when it cannot be opened or
    /// is a damaged gzip stream (truncated, bad checksum), so nothing is imported from a partial read.
    public static func read(_ path: String) throws -> [UInt8] {
        let reader = try CompressedFileReader(path: path)
        var bytes: [UInt8] = []
        let chunk = 1 << 20
        while true {
            let start = bytes.count
            bytes.append(contentsOf: repeatElement(0, count: chunk))
            let read = try bytes.withUnsafeMutableBytes { try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            bytes.removeLast(chunk - read)
            if read == 0 { return bytes }
        }
    }

    /// Whether a file name is one of the published extensions, optionally followed by `.gz`.
    static func hasExtension(_ name: String, in extensions: [String]) -> Bool {
        let base = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
        return extensions.contains { base.hasSuffix($0) }
    }
}
