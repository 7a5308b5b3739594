import ChildProcess
import Foundation
import GeometryKit
import Logging
import MaillageServer
import Storage
import StorageSQLite
import TestSupport

/// Requests per second and latency of `maillage serve` under load: the service runs in this process on
/// a loopback port over the store the demo builds, and wrk (Debian's package) loads it from another
/// process, on the same 2 cores. Nearest-volunteer queries vary over 2 000 points inside the sample's
/// communes (fixed seed); the coverage call is the ARS panel's `coverage?by=departement`.
enum HTTPBenchmark {
    /// On the main thread: wrk's runs and the wait for the service block it, leaving NIO's event loops (Swift's global
    /// executor here) to the service.
    @MainActor
    static func run(database: String, seconds: Int) async throws {
        guard ChildProcess.isInstalled("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        guard FileManager.default.fileExists(atPath: database) else {
            throw BenchmarkError("\(database) not found: build it with `bash Tools/demo.sh` (or pass --db)")
        }
        let state = try await ServiceState(store: try SQLiteStore(path: database))
        var logger = Logger(label: "maillage-bench")
        logger.logLevel = .warning
        let port = try startServer(state: state, logger: logger)
        say("maillage serve on 127.0.0.1:\(port) (release, \(ProcessInfo.processInfo.activeProcessorCount) cores shared with wrk), \(seconds) s per run")

        let script = BenchmarkSupport.temporaryPath("nearest.lua")
        try nearestScript(points: try await queryPoints(database: database, count: 2_000)).write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        for connections in [16, 32, 64] {
            let nearest = try load("http://127.0.0.1:\(port)/api/v1/nearest", script: script, connections: connections, seconds: seconds)
            say(String(format: "nearest-5 (%d connections): %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d (goal ≥ 20 000 req/s, p99 ≤ 5 ms)",
                       connections, nearest.rate, nearest.p50, nearest.p99, nearest.errors))
        }
        let coverage = try load("http://127.0.0.1:\(port)/api/v1/coverage?by=departement", script: nil, connections: 16, seconds: seconds)
        say(String(format: "coverage by département (16 connections): %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d",
                   coverage.rate, coverage.p50, coverage.p99, coverage.errors))
    }

    /// Starts the service on a free port and waits until it listens.
    static func startServer(state: ServiceState, logger: Logger) throws -> Int {
        let listening = DispatchSemaphore(value: 0)
        let box = PortBox()
        let app = try MaillageService.application(state: state, configuration: ServerConfiguration(port: 0), logger: logger) { port in
            box.port = port
            listening.signal()
        }
        Task { try await app.run() }
        guard listening.wait(timeout: .now() + 30) == .success else { throw BenchmarkError("the service did not start") }
        return box.port
    }

    final class PortBox: @unchecked Sendable { var port = 0 }

    /// Points inside the sample's communes: each a random commune's representative point (fixed seed).
    static func queryPoints(database: String, count: Int) async throws -> [Coordinate] {
        let points = try await SQLiteStore(path: database).allCommunes().compactMap(\.representativePoint)
        var random = SeededRandom(seed: 11)
        return (0..<count).map { _ in points[Int(random.next() % UInt64(points.count))] }
    }

    /// A wrk script sending `?lat=&lon=&k=5` for the points in turn.
    static func nearestScript(points: [Coordinate]) -> String {
        let list = points.map { String(format: "\"lat=%.6f&lon=%.6f&k=5\"", $0.latitude, $0.longitude) }.joined(separator: ",")
        return """
        local queries = {\(list)}
        local i = 0
        request = function()
          i = i % #queries + 1
          return wrk.format("GET", "/api/v1/nearest?" .. queries[i])
        end
        """
    }

    struct LoadFigures { var rate: Double; var p50: Double; var p99: Double; var errors: Int }

    static func load(_ url: String, script: String?, connections: Int, seconds: Int) throws -> LoadFigures {
        var arguments = ["wrk", "-t1", "-c\(connections)", "-d\(seconds)s", "--latency"]
        if let script { arguments += ["-s", script] }
        let result = try ChildProcess.run("/usr/bin/env", arguments + [url])
        guard result.status == 0, let rate = figure(after: "Requests/sec:", in: result.output),
              let p50 = milliseconds(after: "50%", in: result.output), let p99 = milliseconds(after: "99%", in: result.output) else {
            throw BenchmarkError("wrk failed: \(result.output)")
        }
        let errors = result.output.contains("Non-2xx or 3xx responses:") ? Int(figure(after: "Non-2xx or 3xx responses:", in: result.output) ?? 0) : 0
        return LoadFigures(rate: rate, p50: p50, p99: p99, errors: errors)
    }

    static func figure(after label: String, in output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }) else { return nil }
        return Double(line.replacingOccurrences(of: label, with: "").trimmingCharacters(in: .whitespaces))
    }

    /// wrk's latency lines: `99%    1.23ms` (or us / s).
    static func milliseconds(after percentile: String, in output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(percentile) }),
              let text = line.split(separator: " ", omittingEmptySubsequences: true).last else { return nil }
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
            return Double(text.dropLast(unit.count)).map { $0 * scale }
        }
        return nil
    }
}
