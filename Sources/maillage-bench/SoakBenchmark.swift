import UseCases
import Foundation
import GeometryKit
import MaillageServer

/// `maillage-bench soak`: `maillage serve` (the shipped binary, a separate process) under minutes of mixed traffic from
/// this process — anonymous `nearest`, `coverage` and OGC item pages, 10 coordinators of 10 CPTS each uploading waiting
/// lists and committing matches in a loop, an ARS client — killed with SIGKILL halfway, restarted on the same port and
/// the traffic going on. Then the store is read outside the server: every assignment an answer reported committed is
/// there exactly once with its GP, no GP has more new patients than it had places, no uploaded request is missing.
/// Prints requests, p50/p99 and errors per endpoint (connection errors around the kill apart), each server process's
/// peak RSS; exits non-zero when an invariant fails.
enum Soak {
    struct Options {
        var seconds = 300.0
        var killAt: Double?
        var database: String?
        var binary: String?
        var keep: String?
        var anonymousClients = 6
        var coordinators = 10
        var batch = 10

        init(_ arguments: ArraySlice<String>) throws {
            func number(_ name: String) throws -> Double? {
                guard let text = BenchmarkSupport.option(name, in: arguments) else { return nil }
                guard let value = Double(text), value > 0 else { throw BenchmarkError("\(name) \(text): a positive number is needed") }
                return value
            }
            seconds = try number("--seconds") ?? seconds
            killAt = try number("--kill-at")
            database = BenchmarkSupport.option("--db", in: arguments)
            binary = BenchmarkSupport.option("--maillage", in: arguments)
            keep = BenchmarkSupport.option("--keep", in: arguments)
            anonymousClients = Int(try number("--clients") ?? Double(anonymousClients))
            if let killAt, killAt >= seconds { throw BenchmarkError("--kill-at \(killAt) must come before the end (--seconds \(seconds))") }
        }
    }

    /// Monotonic seconds.
    static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func run(arguments: ArraySlice<String>, dataDirectory: String) throws {
        let options = try Options(arguments)
        let binary = try options.binary ?? TilesBenchmark.shippedBinary()
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw BenchmarkError("--maillage \(binary): not an executable") }
        let directory = options.keep ?? BenchmarkSupport.temporaryPath("soak")
        if let kept = options.keep, FileManager.default.fileExists(atPath: kept) { throw BenchmarkError("--keep \(kept): the folder exists; name a new one") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: directory) } }

        let store = try SoakStore.prepare(database: options.database, dataDirectory: dataDirectory, binary: binary, directory: directory)
        let tenants = try store.tenants(count: options.coordinators)
        let points = try store.queryPoints(limit: 2_000)
        let credentials = try SoakCredentials.write(tenants: tenants, to: directory + "/tokens.txt")
        let baseline = try StoreInvariants.baseline(store)
        say("soak: \(binary) serve on \(store.path) (copy of \(options.database ?? "the national scenario")), \(Int(options.seconds)) s; "
            + "\(options.anonymousClients) anonymous clients, 1 ars, \(tenants.count) coordinators of \(tenants.map(\.cpts).joined(separator: ", "))")

        let server = ServeProcess(binary: binary, store: store.path, tokens: credentials.file)
        let firstStart = try server.start()
        say("server pid \(server.pid) on \(server.baseURL): /health after " + String(format: "%.1f s", firstStart))
        let traffic = SoakTraffic(base: server.baseURL, points: points, tenants: tenants, credentials: credentials, batch: options.batch)
        let begin = clock()
        let end = begin + options.seconds
        traffic.start(anonymous: options.anonymousClients, until: end)

        // The kill: halfway unless told; the clients go on throughout, as users would.
        let killAt = begin + (options.killAt ?? options.seconds / 2)
        var kill: (at: Double, healthy: Double, restart: Double, killedPID: Int32)?
        while clock() < end {
            server.readPeak()
            if kill == nil, clock() >= killAt {
                let killedPID = server.pid
                let at = clock()
                server.kill()
                let restart = try server.start()
                kill = (at, clock(), restart, killedPID)
                say(String(format: "t=%.1f s: SIGKILL to pid %d; restarted as pid %d, /health again after %.1f s",
                           at - begin, killedPID, server.pid, restart))
            }
            usleep(250_000)
        }
        traffic.wait()
        let elapsed = clock() - begin
        server.stop()

        let outcome = try StoreInvariants.check(store, baseline: baseline, committed: traffic.committed, uploaded: traffic.uploaded)
        report(traffic: traffic, elapsed: elapsed, kill: kill.map { (at: $0.at, healthy: $0.healthy) }, begin: begin, server: server)
        say("invariants, read from the store after the run (sqlite3 -readonly):")
        for line in outcome.lines { say("  " + line) }
        if traffic.anomalies > 0 { say("  note: \(traffic.anomalies) upload answers counted fewer rows inserted than sent (listed above)") }
        if outcome.failed { throw BenchmarkError("soak: an invariant failed (above)") }
    }

    /// The table: per endpoint, requests, successes, p50/p99 of successes, errors outside and inside the kill window.
    static func report(traffic: SoakTraffic, elapsed: Double, kill: (at: Double, healthy: Double)?, begin: Double, server: ServeProcess) {
        let recorder = traffic.recorder
        // Around the kill: from the SIGKILL until 2 s after /health answered again (clients' pooled connections reconnect).
        func inKillWindow(_ failure: SoakRecorder.Failure) -> Bool {
            guard let kill, failure.status == 0 else { return false }
            return failure.ended >= kill.at && failure.started <= kill.healthy + 2
        }
        say(String(format: "%.0f s of traffic", elapsed)
            + (kill.map { String(format: "; SIGKILL at t=%.1f s, /health again at t=%.1f s", $0.at - begin, $0.healthy - begin) } ?? ""))
        say("endpoint                 requests     2xx    req/s   p50 ms   p99 ms   errors  conn. errors in kill window")
        var total = 0
        for endpoint in recorder.endpoints {
            let ok = recorder.successes(endpoint).sorted()
            let failures = recorder.failures(of: endpoint)
            let window = failures.filter(inKillWindow).count
            let requests = ok.count + failures.count
            total += requests
            say(endpoint.padding(toLength: 22, withPad: " ", startingAt: 0) + padded(String(requests), 11) + padded(String(ok.count), 8)
                + padded(String(format: "%.1f", Double(requests) / elapsed), 9)
                + padded(String(format: "%.2f", SoakRecorder.quantileMs(ok, 0.5)), 9) + padded(String(format: "%.2f", SoakRecorder.quantileMs(ok, 0.99)), 9)
                + padded(String(failures.count - window), 9) + padded(String(window), 29))
        }
        say("all endpoints: \(total) requests")
        let others = recorder.allFailures.filter { !inKillWindow($0) }
        var causes: [String: Int] = [:]
        for failure in others { causes["\(failure.endpoint) \(failure.status == 0 ? "no answer" : String(failure.status)): \(failure.detail.prefix(120))", default: 0] += 1 }
        for (cause, count) in causes.sorted(by: { $0.value > $1.value }).prefix(10) { say("  error ×\(count): \(cause)") }
        for (pid, mib) in server.peakMiB { say(String(format: "server pid %d: max RSS (VmHWM) %.0f MB", pid, mib)) }
    }
}

/// The soak's tokens: 10 coordinators (one per tenant CPTS) and one ARS, their SHA-256 lines in a 0600 file.
struct SoakCredentials {
    let file: String
    let coordinators: [String]
    let ars: String

    static func write(tenants: [SoakStore.Tenant], to file: String) throws -> SoakCredentials {
        let coordinators = tenants.map { _ in AccessTokens.generateToken() }
        let ars = AccessTokens.generateToken()
        let lines = zip(coordinators, tenants).map { AccessTokens.line(token: $0, role: .coordinator(cpts: $1.cpts)) }
            + [AccessTokens.line(token: ars, role: .ars)]
        guard FileManager.default.createFile(atPath: file, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else { throw BenchmarkError("cannot write \(file)") }
        return SoakCredentials(file: file, coordinators: coordinators, ars: ars)
    }
}
