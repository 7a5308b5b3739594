import Foundation

/// The same work done by PostGIS, for the ratios the benchmarks print: a scratch cluster started by
/// `Tools/postgis-scratch.sh`, driven through `psql`. Query times are psql's `\timing` figures
/// (server execution plus a one-row result).
final class PostGISShell {
    let connection: String
    let toolsDirectory: String

    /// Starts the scratch cluster; nil (with the reason printed) when PostgreSQL/PostGIS is not installed.
    static func start() -> PostGISShell? {
        let tools = FileManager.default.currentDirectoryPath + "/Tools"
        guard let (status, output) = try? run("/bin/bash", [tools + "/postgis-scratch.sh", "start"]), status == 0,
              let connection = output.split(separator: "\n").last(where: { $0.hasPrefix("host=") }) else {
            say("  PostGIS: not available (install postgresql-15-postgis-3 for the comparison)")
            return nil
        }
        return PostGISShell(connection: String(connection), toolsDirectory: tools)
    }

    private init(connection: String, toolsDirectory: String) {
        self.connection = connection
        self.toolsDirectory = toolsDirectory
    }

    func stop() { _ = try? PostGISShell.run("/bin/bash", [toolsDirectory + "/postgis-scratch.sh", "stop"]) }

    /// Runs SQL statements (a script), failing on the first error.
    func execute(_ sql: String) throws {
        let (status, output) = try PostGISShell.run("/usr/bin/env", ["psql", connection, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
        guard status == 0 else { throw BenchmarkError("psql failed: \(output)") }
    }

    /// Loads tab-separated rows with `\copy` into `table`.
    func copy(_ rows: String, into table: String) throws {
        let path = NSTemporaryDirectory() + "maillage-bench-\(getpid())-\(table).tsv"
        try rows.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try PostGISShell.run("/usr/bin/env", ["psql", connection, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", "\\copy \(table) FROM '\(path)'"])
        guard status == 0 else { throw BenchmarkError("copy into \(table) failed: \(output)") }
    }

    /// Runs a query `runs` times and returns its result (last run) and the fastest time in seconds.
    func time(_ sql: String, runs: Int = 2) throws -> (result: String, seconds: Double) {
        var best = Double.infinity
        var result = ""
        for _ in 0..<runs {
            let (status, output) = try PostGISShell.run("/usr/bin/env", ["psql", connection, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", "\\timing on", "-c", sql])
            guard status == 0 else { throw BenchmarkError("query failed: \(output)") }
            let lines = output.split(separator: "\n")
            guard let timing = lines.last(where: { $0.hasPrefix("Time: ") }),
                  let ms = Double(timing.dropFirst(6).split(separator: " ")[0]) else { throw BenchmarkError("no timing in: \(output)") }
            best = min(best, ms / 1000)
            result = lines.filter { !$0.hasPrefix("Time: ") }.joined(separator: "\n")
        }
        return (result, best)
    }

    /// Runs a program with posix_spawn and waits for it, output (stdout and stderr) captured in a file.
    /// (Foundation's Process can wait forever on Linux when the child leaves a daemon behind, as
    /// `pg_ctl start` does.)
    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let outputPath = NSTemporaryDirectory() + "maillage-bench-\(getpid())-output.txt"
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
        guard spawned == 0 else { throw BenchmarkError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, output)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
