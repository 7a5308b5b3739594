import Foundation
import GeometryKit
import XCTest

/// RFC 7946 checks done here with GEOS, and by independent tools when they are installed.
enum GeoJSONChecks {
    static func assertRFC7946(_ text: String, features count: Int, file: String) throws {
        XCTAssertFalse(text.contains("\"crs\""), "\(file): RFC 7946 has no crs member")
        let features = try GeoJSON.features(in: JSONParser.parse(Array(text.utf8)))
        XCTAssertEqual(features.count, count, file)
        // No number with more than 6 decimals.
        XCTAssertNil(text.range(of: #"\d\.\d{7,}"#, options: .regularExpression), "\(file): more than 6 decimals")
        for feature in features {
            guard let shape = feature.geometry else { continue }
            let geometry = try Geometry(shape: shape)
            XCTAssertTrue(geometry.isValid, "\(file) \(String(describing: feature.id)): \(geometry.validityReason)")
            for rings in shape.polygons {
                for (i, ring) in rings.enumerated() {
                    XCTAssertEqual(RingOrientation.isCounterClockwise(ring), i == 0, "\(file): ring orientation")
                }
            }
        }
    }
}

/// geojson-validator (PyPI) and GDAL's ogrinfo, installed by `.ci/run`. Locally they are optional unless
/// `MAILLAGE_REQUIRE_VALIDATORS=1` (set by CI), in which case their absence fails the test.
enum ExternalValidators {
    static var required: Bool { ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" }

    /// `paths` with the number of features each must hold, as ogrinfo counts them.
    static func run(paths: [(path: String, features: Int)]) throws {
        let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = projectRoot.appendingPathComponent("Tools/validate-geojson.py").path
        if available("python3", ["-c", "import geojson_validator"]) {
            let (status, output) = try execute("python3", [script] + paths.map(\.path))
            XCTAssertEqual(status, 0, "geojson-validator: \(output)")
        } else {
            XCTAssertFalse(required, "geojson-validator is not installed")
        }
        if available("ogrinfo", ["--version"]) {
            for (path, features) in paths {
                let (status, output) = try execute("ogrinfo", ["-ro", "-al", "-so", path])
                XCTAssertEqual(status, 0, "ogrinfo \(path): \(output)")
                XCTAssertTrue(output.contains("Feature Count: \(features)\n"), "ogrinfo \(path) should count \(features) features: \(output)")
            }
        } else {
            XCTAssertFalse(required, "ogrinfo (gdal-bin) is not installed")
        }
    }

    static func available(_ tool: String, _ arguments: [String]) -> Bool {
        (try? execute(tool, arguments).status) == 0
    }

    static func execute(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
