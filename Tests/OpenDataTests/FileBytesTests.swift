import Foundation
import XCTest
@testable import OpenData

/// Published files plain or gzip-compressed read alike; a damaged gzip file is refused, naming it.
final class FileBytesTests: XCTestCase {
    static func temporary(_ name: String) -> String { NSTemporaryDirectory() + "maillage-filebytes-\(UUID().uuidString)-\(name)" }

    /// Compresses with the system's gzip, not with the code under test.
    static func gzip(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-f", "-9", path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return path + ".gz"
    }

    func testPlainAndGzipFilesGiveTheSameRows() throws {
        // Latin-1 text, longer than one read chunk once repeated: decoding and chunking both go through the inflater.
        let row = "01001;Abergement-Cl\u{E9}menciat;860\n"
        let body = Data("COM;LIBELLE;PMUN\n".utf8) + Data(String(repeating: row, count: 40_000).unicodeScalars.map { UInt8($0.value) })
        let plain = Self.temporary("pop.csv")
        try body.write(to: URL(fileURLWithPath: plain))
        let compressed = try Self.gzip(plain)
        defer { for path in [plain, compressed] { try? FileManager.default.removeItem(atPath: path) } }
        XCTAssertLessThan(try XCTUnwrap(FileManager.default.attributesOfItem(atPath: compressed)[.size] as? Int), body.count / 10)

        XCTAssertEqual(try FileBytes.read(compressed), [UInt8](body))
        var fromPlain = try DelimitedRowReader(path: plain, delimiter: ";"), fromGzip = try DelimitedRowReader(path: compressed, delimiter: ";")
        let plainRows = try DelimitedRowReaderTests.drain(&fromPlain), gzipRows = try DelimitedRowReaderTests.drain(&fromGzip)
        XCTAssertEqual(fromGzip.encoding, .windows1252)
        XCTAssertEqual(gzipRows.count, 40_001)
        XCTAssertEqual(gzipRows.map(\.1), plainRows.map(\.1))
        XCTAssertEqual(gzipRows.last?.0, 40_001)
        XCTAssertEqual(gzipRows[1].1[1], "Abergement-Clémenciat")
    }

    func testDamagedOrMissingFilesAreRefusedByName() throws {
        let plain = Self.temporary("cog.csv")
        try Data(String(repeating: "COM,01001,84\n", count: 5_000).utf8).write(to: URL(fileURLWithPath: plain))
        let compressed = try Self.gzip(plain)
        defer { for path in [plain, compressed] { try? FileManager.default.removeItem(atPath: path) } }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: compressed))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: compressed))   // truncated, as an interrupted copy
        XCTAssertThrowsError(try FileBytes.read(compressed)) { error in
            XCTAssertEqual((error as? ImportError)?.file, compressed)
            XCTAssertTrue("\(error)".contains("impossible de lire le fichier"), "\(error)")
        }
        var reader = try DelimitedRowReader(path: compressed, delimiter: ",", chunkSize: 4_096)
        XCTAssertThrowsError(try DelimitedRowReaderTests.drain(&reader), "the row reader refuses it too, after the rows it could read") { error in
            XCTAssertEqual((error as? ImportError)?.file, compressed)
        }
        XCTAssertThrowsError(try FileBytes.read("/nonexistent/communes-2026.csv.gz")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/communes-2026.csv.gz: impossible de lire le fichier")
        }
        XCTAssertThrowsError(try DelimitedRowReader(path: "/nonexistent/communes-2026.csv.gz", delimiter: ","))
    }
}
