import Foundation

/// Runs an outside program (psql, wrk, ogrinfo, chromium, the built `maillage`) with posix_spawn and waits for it,
/// its output captured in files. Foundation's Process can wait forever on Linux when the child leaves a daemon
/// behind, as `pg_ctl start` and Chromium do; files (not pipes) also mean a chatty child never blocks on a full pipe.
///
/// ```swift
/// let result = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "--version"])
/// print(result.status, result.output)
/// let split = try ChildProcess.capture("/path/maillage", ["coverage"], environment: ["MAILLAGE_DB": "/tmp/m.sqlite"])
/// print(split.status, split.standardOutputText, split.standardError)
/// ```
public enum ChildProcess {
    /// Exit status and stdout and stderr interleaved, as a terminal shows them.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// Exit status, stdout (bytes: it may be a decompressed file, a GeoJSON…) and stderr, apart: a program that prints
    /// its result on stdout and its report on stderr is checked on each.
    public struct Captured: Sendable {
        public var status: Int32
        public var standardOutput: Data
        public var standardError: String

        /// stdout decoded as UTF-8 (invalid bytes replaced).
        public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `executable` is a path (use `/usr/bin/env` and the name as first argument to search `PATH`).
    /// stdout and stderr go to the same file, in the order the child wrote them.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let outputPath = temporaryPath("out")
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status = try spawnAndWait(executable, arguments, stdoutPath: outputPath, stderrPath: nil, environment: [:])
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: status, output: output)
    }

    /// Like `run`, with stdout and stderr captured apart, and `environment` added to (or replacing entries of) this
    /// process's environment.
    public static func capture(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Captured {
        let outputPath = temporaryPath("out"), errorPath = temporaryPath("err")
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let status = try spawnAndWait(executable, arguments, stdoutPath: outputPath, stderrPath: errorPath, environment: environment)
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        let error = FileManager.default.contents(atPath: errorPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Captured(status: status, standardOutput: output, standardError: error)
    }

    /// Whether a program is on `PATH`.
    public static func isInstalled(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \(name)"]).status) == 0
    }

    private static func temporaryPath(_ suffix: String) -> String {
        NSTemporaryDirectory() + "maillage-child-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).\(suffix)"
    }

    /// Spawns with stdin from /dev/null, stdout to `stdoutPath`, stderr to `stderrPath` (or to stdout when nil), and
    /// returns the exit code (128 + signal when killed, as a shell reports it).
    private static func spawnAndWait(_ executable: String, _ arguments: [String], stdoutPath: String, stderrPath: String?,
                                     environment: [String: String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned: Int32
        if environment.isEmpty {
            spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        } else {
            let merged = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
            let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { envp.forEach { free($0) } }
            spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        }
        guard spawned == 0 else { throw SpawnError(description: "cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
