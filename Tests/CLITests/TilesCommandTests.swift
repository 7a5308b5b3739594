import ChildProcess
import Foundation
import XCTest

/// `maillage tiles export` to a directory and to MBTiles, both read back by GDAL (its MVT and MBTiles drivers).
final class TilesCommandTests: XCTestCase {
    /// Features of one zoom as GDAL reads them (a tileset's zoom level: the sum over its tiles), and the field names.
    func gdalLayer(_ arguments: [String]) throws -> (count: Int, fields: [String]) {
        let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so"] + arguments)
        XCTAssertEqual(info.status, 0, info.output)
        let lines = info.output.components(separatedBy: "\n")
        let count = lines.first { $0.hasPrefix("Feature Count: ") }.flatMap { Int($0.dropFirst("Feature Count: ".count)) } ?? -1
        let fields = lines.compactMap { line -> String? in
            let parts = line.components(separatedBy: ": ")
            return parts.count == 2 && !parts[0].contains(" ") && ["String", "Integer", "Real"].contains(where: { parts[1].hasPrefix($0) }) ? parts[0] : nil
        }
        return (count, fields)
    }

    func testDirectoryAndMBTilesHoldTheSameTiles() throws {
        if !ChildProcess.isInstalled("ogrinfo") {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
            throw XCTSkip("ogrinfo not installed")
        }
        let directory = try SampleStore.temporaryFile("cpts-tiles"), mbtiles = try SampleStore.temporaryFile("cpts.mbtiles")
        let toDirectory = try SampleStore.run(["tiles", "export", "--layer", "cpts", "--zooms", "0-9", "--out", directory]).succeeded()
        let toFile = try SampleStore.run(["tiles", "export", "--layer", "cpts", "--zooms", "0-9", "--out", mbtiles]).succeeded()
        func tileCount(_ result: CommandResult) -> Int? {
            result.stderr.components(separatedBy: "(").last.flatMap { Int($0.components(separatedBy: " ").first ?? "") }
        }
        XCTAssertEqual(tileCount(toDirectory), tileCount(toFile), toDirectory.transcript + toFile.transcript)
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory).filter { $0.hasSuffix(".pbf") }
        XCTAssertEqual(files.count, tileCount(toDirectory), "one .pbf per tile")
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/metadata.json"))

        // The whole zoom 9 through both drivers: the same features, and the CPTS's fields from the metadata.
        let fromDirectory = try gdalLayer(["MVT:\(directory)/9"])
        let fromMBTiles = try gdalLayer(["-oo", "ZOOM_LEVEL=9", mbtiles])
        XCTAssertGreaterThanOrEqual(fromDirectory.count, 63, "every CPTS at least once (those across tiles more)")
        XCTAssertEqual(fromDirectory.count, fromMBTiles.count)
        for field in ["id", "name", "status", "population", "size_category", "departements"] {
            XCTAssertTrue(fromMBTiles.fields.contains(field), "MBTiles lacks \(field): \(fromMBTiles.fields)")
            XCTAssertTrue(fromDirectory.fields.contains(field), "the directory lacks \(field): \(fromDirectory.fields)")
        }
        let metadata = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-so", "-al", mbtiles]).output
        XCTAssertTrue(metadata.contains("using driver `MBTiles'"), metadata)
        XCTAssertTrue(metadata.contains("Layer name: cpts"), metadata)
    }

    func testBadZoomsAndLayerAreRefused() throws {
        let out = try SampleStore.temporaryFile("refused")
        for (arguments, message) in [(["--layer", "cpts", "--zooms", "3-20"], "--zooms : 3-20"), (["--layer", "cpts", "--zooms", "5-2"], "DE ≤ À"),
                                     (["--layer", "nope"], "nope")] {
            let result = try SampleStore.run(["tiles", "export"] + arguments + ["--out", out])
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stderr.contains(message), result.transcript)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written")
        }
    }
}
