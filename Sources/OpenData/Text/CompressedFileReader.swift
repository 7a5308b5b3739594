import CZlib

/// The bytes of an input file, gzip-compressed or not, a chunk at a time: zlib's `gzread` inflates a `.gz`
/// file and passes a plain file through unchanged, so every importer takes `communes-2026.csv` and
/// `communes-2026.csv.gz` alike, and none holds more of the file than one chunk.
///
/// ```swift
/// let reader = try CompressedFileReader(path: "PS_LibreAcces_Personne_activite.txt.gz")
/// var chunk = [UInt8](repeating: 0, count: 1 << 20)
/// while case let count = try chunk.withUnsafeMutableBytes({ try reader.read(into: $0) }), count > 0 { … }
/// ```
final class CompressedFileReader {
    let path: String
    private let file: gzFile

    /// Throws naming the file when it cannot be opened.
    init(path: String) throws {
        guard let file = gzopen(path, "rb") else { throw ImportError(file: path, reason: "impossible de lire le fichier") }
        self.path = path
        self.file = file
        _ = gzbuffer(file, 1 << 17)
    }

    deinit { gzclose(file) }

    /// Fills `buffer` with the next bytes; returns how many, 0 at the end of the file. Throws naming the file on a
    /// damaged gzip stream (truncated, bad checksum), so that nothing is imported from a partial read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let read = gzread(file, base, UInt32(min(buffer.count, Int(Int32.max))))
        // At the end, zlib tells a complete stream from a truncated one only through gzerror (Z_BUF_ERROR).
        var code: Int32 = Z_OK
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "erreur de lecture"
        guard read >= 0, code == Z_OK else { throw ImportError(file: path, reason: "impossible de lire le fichier : \(message)") }
        return Int(read)
    }
}
