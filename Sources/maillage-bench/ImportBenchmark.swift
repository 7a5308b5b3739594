import Foundation
import OpenData
import StorageSQLite
import Territory
import Storage

/// Times the whole-country commune import (read, reconcile, dissolve, measure, store), as
/// `maillage import communes` does it, and prints wall time and peak memory.
enum ImportBenchmark {
    static func run(dataDirectory: String) async throws {
        let sources = CommuneSources(dataDirectory: dataDirectory)
        let database = BenchmarkSupport.temporaryPath("import.sqlite")
        defer { BenchmarkSupport.removeDatabase(database) }
        let ((communes, report), buildSeconds) = try BenchmarkSupport.time { try CommuneLayerImport.run(sources) }
        let (layer, graphSeconds) = BenchmarkSupport.time { CommuneLayer(communes) }
        let (_, storeSeconds) = try await BenchmarkSupport.time {
            try await SQLiteStore(path: database).replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: "benchmark")
        }
        say("import communes: \(report.communesImported) communes, \(report.communesWithGeometry) with polygon, population \(report.populationTotal)")
        say(String(format: "  read+reconcile+measure: %.2f s", buildSeconds))
        say(String(format: "  index + touch graph:    %.2f s (%d touching pairs)", graphSeconds, layer.touchingPairs.count))
        say(String(format: "  store (SQLite):         %.2f s", storeSeconds))
        say(String(format: "  total wall time:        %.2f s (goal ≤ 30 s)", buildSeconds + graphSeconds + storeSeconds))
        say(String(format: "  peak memory:            %.0f MiB (goal ≤ 1536 MiB)", BenchmarkSupport.peakMemoryMiB))
        say("  cores: \(ProcessInfo.processInfo.activeProcessorCount)")
    }
}
