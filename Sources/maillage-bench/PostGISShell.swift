import ChildProcess
import Foundation

/// The same work done by PostGIS, for the ratios the benchmarks print: a scratch cluster started by
/// `Tools/postgis-scratch.sh`, driven through `psql`. Query times are psql's `\timing` figures
/// (server execution plus a one-row result).
final class PostGISShell {
    let connection: String
    let toolsDirectory: String
    /// The cluster's folder and port (the script's defaults when nil).
    let cluster: (directory: String, port: Int)?

    /// Starts the scratch cluster; nil (with the reason printed) when PostgreSQL/PostGIS is not installed. A benchmark
    /// that runs for minutes passes a cluster of its own, so that another benchmark stopping the default one does not
    /// stop it.
    static func start(cluster: (directory: String, port: Int)? = nil) -> PostGISShell? {
        let tools = FileManager.default.currentDirectoryPath + "/Tools"
        guard let (status, output) = try? script(tools, "start", cluster: cluster), status == 0,
              let connection = output.split(separator: "\n").last(where: { $0.hasPrefix("host=") }) else {
            say("  PostGIS: not available (install postgresql-15-postgis-3 for the comparison)")
            return nil
        }
        return PostGISShell(connection: String(connection), toolsDirectory: tools, cluster: cluster)
    }

    private init(connection: String, toolsDirectory: String, cluster: (directory: String, port: Int)?) {
        self.connection = connection
        self.toolsDirectory = toolsDirectory
        self.cluster = cluster
    }

    func stop() { _ = try? PostGISShell.script(toolsDirectory, "stop", cluster: cluster) }

    /// `Tools/postgis-scratch.sh start|stop [DIR]`, the port in MAILLAGE_PG_PORT.
    private static func script(_ tools: String, _ action: String, cluster: (directory: String, port: Int)?) throws -> (Int32, String) {
        let arguments = [tools + "/postgis-scratch.sh", action] + (cluster.map { [$0.directory] } ?? [])
        let result = try ChildProcess.capture("/bin/bash", arguments, environment: cluster.map { ["MAILLAGE_PG_PORT": String($0.port)] } ?? [:])
        return (result.status, result.standardOutputText + result.standardError)
    }

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
        try copyFile(path, into: table)
    }

    /// `\copy table FROM 'path' WITH options`: a file as it is on disk, read by psql (the client), as a user loads one.
    func copyFile(_ path: String, into table: String, options: String? = nil) throws {
        let command = "\\copy \(table) FROM '\(path)'" + (options.map { " WITH \($0)" } ?? "")
        let (status, output) = try PostGISShell.run("/usr/bin/env", ["psql", connection, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", command])
        guard status == 0 else { throw BenchmarkError("copy of \(path) into \(table) failed: \(output)") }
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

    static func run(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
        let result = try ChildProcess.run(executable, arguments)
        return (result.status, result.output)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
