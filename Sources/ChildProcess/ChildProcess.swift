import Foundation

/// Runs an outside program (psql, wrk, ogrinfo, chromium) with posix_spawn and waits for it, its output
/// (stdout and stderr) captured in a file. Foundation's Process can wait forever on Linux when the child
/// leaves a daemon behind, as `pg_ctl start` and Chromium do.
///
/// ```swift
/// let result = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "--version"])
/// print(result.status, result.output)
/// ```
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `executable` is a path (use `/usr/bin/env` and the name as first argument to search `PATH`).
    public static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let outputPath = NSTemporaryDirectory() + "maillage-child-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).txt"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw SpawnError(description: "cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitCode, output: output)
    }

    /// Whether a program is on `PATH`.
    public static func isInstalled(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \(name)"]).status) == 0
    }
}
