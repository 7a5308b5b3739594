import ChildProcess
import Foundation

/// `maillage serve` as a separate process, as operators run it: started on a store and a tokens file, waited for until
/// `/health` answers, killed with SIGKILL (a crash, an OOM kill) or SIGTERM, restarted on the same port. Each process's
/// peak resident memory is its VmHWM in /proc, read while it runs (the kernel's high-water mark: no sampling gap).
final class ServeProcess: @unchecked Sendable {
    let binary: String
    let store: String
    let tokens: String?
    private(set) var port: Int
    private(set) var process: Process?
    /// VmHWM of every process started so far, in MiB, by PID (the running one updated by `readPeak()`).
    private(set) var peakMiB: [(pid: Int32, mib: Double)] = []
    private let log: String

    init(binary: String, store: String, tokens: String?, port: Int = 0) {
        self.binary = binary; self.store = store; self.tokens = tokens; self.port = port
        log = BenchmarkSupport.temporaryPath("serve-\(UUID().uuidString.prefix(8)).log")
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Starts the server and returns once `/health` answers 200, in seconds since the start.
    @discardableResult
    func start(timeout: Double = 300) throws -> Double {
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw BenchmarkError("cannot write \(log)") }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        // The first start takes any free port (read back from the "listening" log line); a restart binds it again.
        server.arguments = ["serve", "--db", store, "--port", String(port), "--log-level", "warning"] + (tokens.map { ["--tokens", $0] } ?? [])
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: log)
        let begin = Date()
        try server.run()
        process = server
        peakMiB.append((server.processIdentifier, 0))
        while Date().timeIntervalSince(begin) < timeout {
            guard server.isRunning else { throw BenchmarkError("maillage serve exited (\(server.terminationStatus)): \(logTail())") }
            if port == 0 { port = listeningPort() ?? 0 }
            if port != 0, (try? ChildProcess.run("/usr/bin/env", ["curl", "-sf", "-o", "/dev/null", "-m", "1", baseURL + "/health"]))?.status == 0 {
                readPeak()
                return Date().timeIntervalSince(begin)
            }
            usleep(20_000)
        }
        throw BenchmarkError("maillage serve did not answer /health within \(Int(timeout)) s: \(logTail())")
    }

    /// SIGKILL: no drain, no checkpoint, as a crash. The peak memory is read just before.
    func kill() {
        guard let process else { return }
        readPeak()
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGTERM, as an operator stops it (open requests finish).
    func stop() {
        guard let process else { return }
        readPeak()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        self.process = nil
        try? FileManager.default.removeItem(atPath: log)
    }

    /// Updates the running process's VmHWM (called by a monitor every second, and before any stop).
    func readPeak() {
        guard let process, let index = peakMiB.lastIndex(where: { $0.pid == process.processIdentifier }),
              let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ").compactMap({ Double($0) }).first else { return }
        peakMiB[index].mib = max(peakMiB[index].mib, kb / 1024)
    }

    /// Log lines at warning and above (errors of the server during the run).
    func logTail(_ characters: Int = 800) -> String {
        String(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(characters))
    }

    private func listeningPort() -> Int? {
        // --log-level warning hides the "listening" line; the port is read from /proc's socket table instead.
        guard let pid = process?.processIdentifier else { return nil }
        return Self.listeningPorts(of: pid).first
    }

    /// TCP ports in LISTEN state owned by `pid` (its socket inodes matched against /proc/net/tcp).
    static func listeningPorts(of pid: Int32) -> [Int] {
        let fdDirectory = "/proc/\(pid)/fd"
        let inodes = Set(((try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []).compactMap { fd -> String? in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + fd),
                  target.hasPrefix("socket:[") else { return nil }
            return String(target.dropFirst(8).dropLast())
        })
        var ports: [Int] = []
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            for line in ((try? String(contentsOfFile: table, encoding: .utf8)) ?? "").split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                // local_address rem_address st … inode: state 0A is LISTEN.
                guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])),
                      let port = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }) else { continue }
                ports.append(port)
            }
        }
        return ports
    }
}
