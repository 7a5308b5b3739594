import ChildProcess
import Foundation
import XCTest

/// Runs the built `maillage` executable as a separate process, the way a user types a command: its exit status,
/// its stdout (the JSON, CSV or GeoJSON result) and its stderr (reports, rejected rows, errors) are checked apart.
/// The tests never link the CLI's modules: what is tested is the binary and its argument parsing.
enum MaillageProcess {
    /// The project root, from this file's path (Tests/CLITests/MaillageProcess.swift).
    static let projectRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `maillage` binary next to the running test bundle (.build/<triple>/debug or /release), so that
    /// `swift test` and `swift test -c release` each test the binary of their own configuration.
    static let binary: Result<String, CLITestError> = {
        let (found, searched) = ChildProcess.builtProduct("maillage")
        if let found { return .success(found) }
        return .failure(CLITestError("no maillage executable next to the test bundle (searched \(searched.joined(separator: ", "))): "
            + "run `swift build --product maillage` first (with `-c release` for `swift test -c release`)"))
    }()

    /// Runs `maillage ARGUMENTS` with `MAILLAGE_DB=db` in its environment (when given).
    static func run(_ arguments: [String], db: String? = nil) throws -> CommandResult {
        let captured = try ChildProcess.capture(try binary.get(), arguments, environment: db.map { ["MAILLAGE_DB": $0] } ?? [:])
        return CommandResult(arguments: arguments, status: captured.status, stdout: captured.standardOutput, stderr: captured.standardError)
    }
}

/// What one `maillage` invocation left: exit status, stdout and stderr.
struct CommandResult: Sendable {
    var arguments: [String]
    var status: Int32
    var stdout: Data
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// The command line and both outputs, for failure messages.
    var transcript: String {
        "maillage \(arguments.joined(separator: " ")) → exit \(status)\nstdout: \(stdoutText.prefix(2000))\nstderr: \(stderr.prefix(2000))"
    }

    /// Itself when the command exited 0; otherwise throws with the transcript (nothing else of the test can hold).
    func succeeded() throws -> CommandResult {
        guard status == 0 else { throw CLITestError("expected exit 0: \(transcript)") }
        return self
    }

    /// Fails unless the command exited 0, then decodes its stdout (snake_case keys → camelCase properties).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        _ = try succeeded()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(T.self, from: stdout) } catch { throw CLITestError("cannot decode \(T.self) (\(error)): \(transcript)") }
    }
}

struct CLITestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Great-circle distance on a sphere of 6 371 km, independent of the project's geodesic code: the WGS84 geodesic
/// distance the CLI reports differs from it by less than 0.5 %, so it serves to check nearest-first and radius answers.
func haversineKm(_ a: (lat: Double, lon: Double), _ b: (lat: Double, lon: Double)) -> Double {
    let radians = Double.pi / 180
    let dLat = (b.lat - a.lat) * radians, dLon = (b.lon - a.lon) * radians
    let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * radians) * cos(b.lat * radians) * sin(dLon / 2) * sin(dLon / 2)
    return 2 * 6371.0 * asin(min(1, h.squareRoot()))
}
