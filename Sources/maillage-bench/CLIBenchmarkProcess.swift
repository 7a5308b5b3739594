import ChildProcess
import Foundation

/// The shipped `maillage` run as users run it: one fresh process per run (nothing cached in the process; the OS file
/// cache stays warm), wall time measured around the process, peak RSS from `/usr/bin/time`.
struct ShippedMaillage {
    let binary: String
    let store: String

    struct Run {
        var seconds: Double
        var peakMB: Double
        var standardOutput: Data
        var standardError: String
    }

    /// The fastest of `runs` runs of `maillage ARGUMENTS --db STORE` (and the largest peak RSS among them).
    func best(of runs: Int = 3, _ arguments: [String], store: String? = nil) throws -> Run {
        let all = try (0..<runs).map { _ in try once(arguments, store: store) }
        var fastest = all.min { $0.seconds < $1.seconds }!
        fastest.peakMB = all.map(\.peakMB).max()!
        return fastest
    }

    /// One run; throws with its stderr when the command fails.
    func once(_ arguments: [String], store: String? = nil) throws -> Run {
        let full = ["-f", "peak %M KB", binary] + arguments + ["--db", store ?? self.store]
        let (captured, seconds) = try BenchmarkSupport.time { try ChildProcess.capture("/usr/bin/time", full) }
        let lines = captured.standardError.split(separator: "\n")
        guard captured.status == 0 else {
            throw BenchmarkError("maillage \(arguments.joined(separator: " ")) failed (\(captured.status)): \(lines.suffix(5).joined(separator: "\n"))")
        }
        // "peak 186212 KB", the last line /usr/bin/time writes.
        let peakKB = lines.last { $0.hasPrefix("peak ") }.flatMap { Double($0.split(separator: " ")[1]) } ?? .nan
        return Run(seconds: seconds, peakMB: peakKB / 1024, standardOutput: captured.standardOutput,
                   standardError: lines.filter { !$0.hasPrefix("peak ") }.joined(separator: "\n"))
    }

    /// `maillage serve` started fresh `runs` times: the fastest time until `/health` answers 200, and the largest resident
    /// memory (VmRSS) at that moment, before any other request; each then stopped by SIGTERM.
    func serveUntilHealthy(runs: Int = 3) throws -> (seconds: Double, rssMB: Double) {
        let all = try (0..<runs).map { _ in try startServe() }
        return (all.map(\.seconds).min()!, all.map(\.rssMB).max()!)
    }

    private func startServe() throws -> (seconds: Double, rssMB: Double) {
        // The port is read from /proc's socket table: a log line may name another address (the PostGIS store's URL).
        let server = ServeProcess(binary: binary, store: store, tokens: nil)
        defer { server.stop() }   // SIGTERM, as an operator stops it
        let seconds = try server.start(timeout: 120)
        return (seconds, Self.residentMB(of: server.pid))
    }

    /// VmRSS of a running process, from /proc.
    static func residentMB(of pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = line.split(separator: " ").compactMap({ Double($0) }).first else { return .nan }
        return kb / 1024
    }
}
