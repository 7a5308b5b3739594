import Foundation
import Synchronization

/// `maillage-bench ready`: how soon a fresh `maillage serve` (the shipped binary, a process of its own) answers what the
/// web map, a GIS client and a tile client ask first. Each run starts the server on the same store, waits for `/health`,
/// then sends at once (then, on another fresh server each, one at a time): the map's levels (`/api/v1/map/status` polled until all are built), a commune view of Paris at
/// 100 m, the first OGC pages of communes and overlaps, a commune tile at zoom 10 and a CPTS tile at zoom 5. Prints each
/// answer's time from the process start and from `/health`, per run and the median, against the goal of issue 28
/// (ready ≤ 2 s after start). It reports; it does not fail on a missed goal.
enum Readiness {
    static let firstRequests = [
        ("map: communes of Paris at 100 m", "/api/v1/map/communes?tolerance=100&bbox=2.2,48.8,2.5,48.95"),
        ("OGC: first page of communes", "/ogc/collections/communes/items?limit=100"),
        ("OGC: first page of overlaps", "/ogc/collections/overlaps/items?limit=100"),
        ("tile: communes 10/524/354", "/tiles/communes/10/524/354.mvt"),
        ("tile: CPTS 5/16/11", "/tiles/cpts/5/16/11.mvt"),
    ]
    static let levels = "map: every level built"
    static let goalSeconds = 2.0

    static func run(arguments: ArraySlice<String>, dataDirectory: String) throws {
        let runs = max(1, Int(BenchmarkSupport.option("--runs", in: arguments) ?? "5") ?? 5)
        let (binary, store, directory, label) = try SoakStore.served("ready", arguments: arguments, dataDirectory: dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        say("\(binary) serve on a copy of \(label), \(runs) runs, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores; seconds from the process start (after /health)")
        var measured: [[String: Double]] = []
        for run in 1...runs {
            let times = try Self.measure(binary: binary, store: store.path, asking: firstRequests.map(\.0) + [levels])
            measured.append(times)
            say("run \(run), all at once: " + (["/health"] + firstRequests.map(\.0) + [levels]).map { name in
                String(format: "%@ %.2f", name, times[name] ?? .nan)
            }.joined(separator: "; "))
        }
        // Each client alone on a fresh server: what a map user, a GIS client or a tile client waits for by himself.
        var alone: [String: [Double]] = [:]
        for run in 1...runs {
            for name in firstRequests.map(\.0) + [levels] {
                let times = try Self.measure(binary: binary, store: store.path, asking: [name])
                alone[name, default: []].append(times[name]! - times["/health"]!)
                alone["/health", default: []].append(times["/health"]!)
            }
            say("run \(run), each alone: done")
        }
        say(pad("median of \(runs)") + "  from start  after /health  alone, after /health")
        let health = median(measured.compactMap { $0["/health"] })
        for name in ["/health"] + firstRequests.map(\.0) + [levels] {
            let value = median(measured.compactMap { $0[name] })
            let after = median(measured.compactMap { times in times[name].flatMap { t in times["/health"].map { t - $0 } } })
            say(pad(name) + (name == "/health" ? String(format: "  %8.2f s", value)
                             : String(format: "  %8.2f s  %10.2f s  %10.2f s", value, after, median(alone[name] ?? []))))
        }
        let last = median(measured.compactMap { times in (firstRequests.map(\.0) + [levels]).compactMap { times[$0] }.max() })
        say(String(format: "all at once, everything answered %.2f s after the process start, %.2f s after /health (goal: %.0f s after start)",
                   last, last - health, goalSeconds))
    }

    /// One run: the server started, the requests `asking` names sent together once `/health` answers, each timed from the start.
    private static func measure(binary: String, store: String, asking: [String]) throws -> [String: Double] {
        let server = ServeProcess(binary: binary, store: store, tokens: nil)
        let begin = Date()
        let health = try server.start()
        defer { server.stop() }
        let times = Mutex<[String: Double]>(["/health": health])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        func spawn(_ body: @escaping @Sendable () -> Void) {
            group.enter()
            Thread { body(); group.leave() }.start()
        }
        let base = server.baseURL
        for (name, path) in firstRequests where asking.contains(name) {
            spawn {
                let answer = SoakClient(connections: 1, timeout: 120).send("GET", base + path)
                if answer.status == 200 { times.withLock { $0[name] = Date().timeIntervalSince(begin) } }
                else { failures.withLock { $0.append("\(path) → \(answer.status) \(answer.error ?? "")") } }
            }
        }
        if asking.contains(levels) { spawn {
            let client = SoakClient(connections: 1, timeout: 120)
            while Date().timeIntervalSince(begin) < 120 {
                let answer = client.send("GET", base + "/api/v1/map/status")
                let status = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
                if status?["ready"] as? Bool == true { times.withLock { $0[levels] = Date().timeIntervalSince(begin) }; return }
                usleep(20_000)
            }
            failures.withLock { $0.append("the map's levels were not built within 120 s") }
        } }
        group.wait()
        if let failure = failures.withLock({ $0.first }) { throw BenchmarkError(failure) }
        return times.withLock { $0 }
    }

    private static func pad(_ text: String) -> String { text.padding(toLength: 36, withPad: " ", startingAt: 0) }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
