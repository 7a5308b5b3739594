import Foundation
import MaillageServer

/// `maillage-bench`: the benchmarks behind every performance figure Maillage claims.
/// Run in release: `swift run -c release maillage-bench <name> [--data Data]`.
let arguments = CommandLine.arguments.dropFirst()
let dataDirectory = BenchmarkSupport.option("--data", in: arguments) ?? BenchmarkSupport.defaultDataDirectory
let benchmarks: [String: (String) async throws -> Void] = [
    "import": { try await ImportBenchmark.run(dataDirectory: $0) },
    "coverage": { try CoverageBenchmark.run(dataDirectory: $0) },
    "orientation": { try OrientationBenchmark.run(dataDirectory: $0) },
    "accessibility": { try AccessibilityBenchmark.run(dataDirectory: $0) },
    "generalise": { try GeneraliseBenchmark.run(dataDirectory: $0) },
    "json": { try JSONWritersBenchmark.run(dataDirectory: $0) },
    "tiles": { try await TilesBenchmark.run(dataDirectory: $0) },
    "cli": { try CLIBenchmark.run(dataDirectory: $0, keeping: BenchmarkSupport.option("--keep", in: arguments)) },
    "soak": { try Soak.run(arguments: arguments, dataDirectory: $0) },
    "backends": { try await BackendsBenchmark.run(arguments: arguments, dataDirectory: $0) },
    "health-latency": { try HealthLatency.run(arguments: arguments, dataDirectory: $0) },
    "ready": { try Readiness.run(arguments: arguments, dataDirectory: $0) },
    "diagnostic": { try DiagnosticBenchmark.run(arguments: arguments, dataDirectory: $0) },
    "http": { _ in
        try await HTTPBenchmark.run(database: BenchmarkSupport.option("--db", in: arguments) ?? "maillage.sqlite",
                              seconds: Int(BenchmarkSupport.option("--seconds", in: arguments) ?? "10") ?? 10)
    },
]

if arguments.first == "http" { MaillageService.runTasksOnEventLoops() }   // as `maillage serve` does
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    print("usage: maillage-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [--data DIR] [--db FILE] [--seconds N] [--keep DIR (cli, soak: its store and files)] [--maillage BINARY] (soak, health-latency, ready: [--db STORE] [--seconds N] [--kill-at S] [--clients N] [--runs N])")
    exit(2)
}
do {
    try await benchmark(dataDirectory)
} catch {
    FileHandle.standardError.write(Data("maillage-bench: \(error)\n".utf8))
    exit(1)
}
