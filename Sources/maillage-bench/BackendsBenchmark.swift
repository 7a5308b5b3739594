import Foundation
import GeometryKit
import MaillageServer
import Storage
import StoreTestSupport
import Synchronization
import Territory
import UseCases

/// `maillage-bench backends`: the embedded SQLite store and the PostGIS store side by side on the national data, both
/// through the shipped binary as operators run it — each import of the national scenario, `serve` started until
/// `/health` answers, `nearest` requests per second under wrk, and matchings committed per second by ten coordinators
/// through two `serve` instances on the same store (uploads of new patients then `match?commit=true`), checked after:
/// no GP over capacity, no patient placed twice. It reports; it does not fail on a figure.
enum BackendsBenchmark {
    /// A scratch cluster of its own for the whole run.
    static let cluster = (directory: "/tmp/maillage-postgis-backends", port: 54332)

    struct Figures {
        var imports: [(String, Double)] = []
        var serveStart = 0.0
        var nearestRate = 0.0
        var nearestP99 = 0.0
        var commits = 0
        var commitSeconds = 0.0
        var placed = 0
        var invariants = ""
        /// The one-query `nearest` read both ways, on a store with a k-nearest scan.
        var nearestRead: (boxes: Double, scan: Double)?
    }

    static func run(arguments: ArraySlice<String>, dataDirectory: String) async throws {
        let shipped = try TilesBenchmark.shippedBinary()
        let seconds = Double(BenchmarkSupport.option("--seconds", in: arguments) ?? "20") ?? 20
        let directory = BenchmarkSupport.temporaryPath("backends")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scenario = try CLIScenario.write(dataDirectory: dataDirectory, into: directory)
        guard let shell = PostGISShell.start(cluster: cluster) else { throw BenchmarkError("the PostGIS backend needs postgresql-15-postgis-3") }
        defer { shell.stop() }
        let schema = "backends_\(getpid())"
        let postgres = "postgres://postgres@127.0.0.1:\(cluster.port)/postgres?schema=\(schema)"
        // The cluster outlives the run (its folder is reused): the national store is not left behind in it.
        defer { try? shell.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
        var results: [(String, Figures)] = []
        for (name, store) in [("SQLite", directory + "/national.sqlite"), ("PostGIS", postgres)] {
            say("\n== \(name): \(store)")
            results.append((name, try await measure(store: store, binary: shipped, scenario: scenario, dataDirectory: dataDirectory,
                                                    directory: directory, seconds: seconds)))
        }
        report(results)
    }

    static func measure(store: String, binary: String, scenario: CLIScenario, dataDirectory: String, directory: String,
                        seconds: Double) async throws -> Figures {
        var figures = Figures()
        let maillage = ShippedMaillage(binary: binary, store: store)
        say(CLITable.header)
        figures.imports = try CLIBenchmark.importStore(maillage, scenario: scenario, dataDirectory: dataDirectory)
        figures.serveStart = try maillage.serveUntilHealthy(runs: 3).seconds

        let opened = try await StoreLocation.open(store)
        let tenants = try await opened.cptsWithMostVolunteers(10).map { SoakStore.Tenant(cpts: $0.id, communes: $0.locatedCommunes) }
        let initialPlaces = Dictionary(uniqueKeysWithValues: try await opened.volunteers().map { ($0.rpps, $0.placesRemaining) })
        let credentials = try SoakCredentials.write(tenants: tenants, to: directory + "/tokens-\(UUID().uuidString.prefix(6))")
        let instances = [ServeProcess(binary: binary, store: store, tokens: credentials.file),
                         ServeProcess(binary: binary, store: store, tokens: credentials.file)]
        for instance in instances { try instance.start() }
        defer { for instance in instances { instance.stop() } }

        let script = directory + "/nearest.lua"
        try HTTPBenchmark.nearestScript(points: scenario.patients.prefix(500).map(\.position)).write(toFile: script, atomically: true, encoding: .utf8)
        let load = try HTTPBenchmark.load(instances[0].baseURL, script: script, connections: 16, seconds: 10)
        (figures.nearestRate, figures.nearestP99) = (load.rate, load.p99)
        say(String(format: "nearest: %.0f req/s, p99 %.1f ms (wrk, 16 connections, one instance)", load.rate, load.p99))

        if opened is any NearestVolunteersReading {
            let points = scenario.patients.prefix(500).map(\.position)
            let read = try await NearestReadBenchmark.run(store: opened, points: points)
            figures.nearestRead = read
            say(String(format: "one-query nearest (maillage nearest), %d points, same answers: growing boxes %.2f s, k-nearest scan <-> %.2f s",
                       points.count, read.boxes, read.scan))
        }

        let commits = try commitLoad(instances: instances, tenants: tenants, credentials: credentials, seconds: seconds)
        (figures.commits, figures.commitSeconds, figures.placed) = (commits.commits, seconds, commits.placed)
        say(String(format: "match commits: %d in %.0f s through two instances (%.1f/s), %d patients placed, %d refused (a GP's places taken meanwhile)",
                   commits.commits, seconds, Double(commits.commits) / seconds, commits.placed, commits.refused))
        figures.invariants = try await checkInvariants(opened, initialPlaces: initialPlaces, placed: commits.placed)
        say("after: " + figures.invariants)
        return figures
    }

    /// Ten coordinators, half on each instance: each uploads 20 new patients and commits a matching, in a loop.
    static func commitLoad(instances: [ServeProcess], tenants: [SoakStore.Tenant], credentials: SoakCredentials,
                           seconds: Double) throws -> (commits: Int, placed: Int, refused: Int) {
        let client = SoakClient(connections: tenants.count)
        let tally = Mutex((commits: 0, placed: 0, refused: 0))
        let end = Soak.clock() + seconds
        DispatchQueue.concurrentPerform(iterations: tenants.count) { index in
            let tenant = tenants[index], token = credentials.coordinators[index], base = instances[index % instances.count].baseURL
            var serial = 0
            while Soak.clock() < end {
                let rows = (0..<20).map { n in
                    "BENCH\(index)-\(serial + n);\(tenant.communes[(serial + n) % tenant.communes.count]);;;ALD;non;2026-11-30"
                }
                serial += 20
                let csv = (["reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"] + rows).joined(separator: "\n") + "\n"
                _ = client.send("POST", base + "/api/v1/waiting-list", token: token, contentType: "text/csv", body: Data(csv.utf8))
                let match = client.send("POST", base + "/api/v1/match?commit=true&max_km=30", token: token)
                let answer = (try? JSONSerialization.jsonObject(with: match.body)) as? [String: Any]
                tally.withLock {
                    if match.status == 200 {
                        $0.commits += 1
                        $0.placed += (answer?["assignments"] as? [Any])?.count ?? 0
                    } else if match.status == 409 {
                        $0.refused += 1
                    }
                }
            }
        }
        return tally.withLock { $0 }
    }

    /// Through the store: every GP within its places, and the places used exactly the patients the commits reported
    /// placed (a patient placed twice, or a place lost, would break the equality).
    static func checkInvariants(_ store: any MaillageStore, initialPlaces: [String: Int], placed: Int) async throws -> String {
        let volunteers = try await store.volunteers()
        let negative = volunteers.filter { $0.placesRemaining < 0 }.count
        let gained = volunteers.filter { $0.placesRemaining > (initialPlaces[$0.rpps] ?? 0) }.count
        let used = volunteers.reduce(0) { $0 + (initialPlaces[$1.rpps] ?? 0) - $1.placesRemaining }
        guard negative == 0, gained == 0, used == placed else {
            return "VIOLATION: \(negative) GPs below zero places, \(gained) with more places than before, \(used) places used for \(placed) placed"
        }
        return "every GP within capacity; \(used) places used = \(placed) patients placed"
    }

    static func report(_ results: [(String, Figures)]) {
        say("\n" + padded("", 34) + results.map { padded($0.0, 12) }.joined())
        let importNames = results.first?.1.imports.map(\.0) ?? []
        for (i, name) in importNames.enumerated() {
            say(padded(name + " (s)", 34) + results.map { padded(String(format: "%.1f", $0.1.imports[i].1), 12) }.joined())
        }
        let rows: [(String, (Figures) -> String)] = [
            ("serve until /health (s)", { String(format: "%.2f", $0.serveStart) }),
            ("nearest (req/s)", { String(format: "%.0f", $0.nearestRate) }),
            ("nearest p99 (ms)", { String(format: "%.1f", $0.nearestP99) }),
            ("one-query nearest ×500, boxes (s)", { $0.nearestRead.map { String(format: "%.2f", $0.boxes) } ?? "–" }),
            ("one-query nearest ×500, <-> (s)", { $0.nearestRead.map { String(format: "%.2f", $0.scan) } ?? "–" }),
            ("match commits, two instances (/s)", { String(format: "%.1f", Double($0.commits) / $0.commitSeconds) }),
            ("patients placed", { "\($0.placed)" }),
        ]
        for (label, value) in rows { say(padded(label, 34) + results.map { padded(value($0.1), 12) }.joined()) }
        for (name, figures) in results { say("\(name): \(figures.invariants)") }
    }
}
