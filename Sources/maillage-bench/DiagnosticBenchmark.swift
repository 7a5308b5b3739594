import ChildProcess
import Foundation

/// `maillage-bench diagnostic`: the diagnostic of the CPTS with the most communes of the national store, through
/// `maillage serve` (the shipped binary, a separate process) on a copy of it. The first request builds the basis (every
/// profession's activities and the officines read), the answer is kept afterwards; the same communes POSTed as a proposal
/// are computed at each request (checked, dissolved, counted, flagged). `maillage diagnostic --cpts` beside, a process
/// each. Against the goal of issue 29 (≤ 50 ms in the service); then the white-zone proposals for the country, by the
/// service and by a process (goal ≤ 5 s). It reports; it does not fail on a missed goal.
enum DiagnosticBenchmark {
    static let goalMs = 50.0

    static func run(arguments: ArraySlice<String>, dataDirectory: String) throws {
        let runs = Int(BenchmarkSupport.option("--runs", in: arguments) ?? "20") ?? 20
        let (binary, store, directory, label) = try SoakStore.served("diagnostic", arguments: arguments, dataDirectory: dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard let largest = try store.rows("""
            SELECT cpts_id, COUNT(*) FROM cpts_commune GROUP BY cpts_id ORDER BY COUNT(*) DESC, cpts_id LIMIT 1;
            """).first else { throw BenchmarkError("\(label): no CPTS") }
        let id = largest[0]
        let communes = try store.rows("SELECT commune_code FROM cpts_commune WHERE cpts_id = '\(id)' ORDER BY commune_code;").map { $0[0] }
        let credentials = try SoakCredentials.write(tenants: [], to: directory + "/tokens.txt")
        let server = ServeProcess(binary: binary, store: store.path, tokens: credentials.file)
        let started = try server.start()
        defer { server.stop() }
        say("\(binary) serve (pid \(server.pid)) on a copy of \(label): " + String(format: "/health after %.1f s", started)
            + "; \(id), \(communes.count) communes, the CPTS with the most")

        let client = SoakClient(connections: 1, timeout: 600)
        let path = server.baseURL + "/api/v1/cpts/\(id)/diagnostic"
        let first = client.send("GET", path)
        guard first.status == 200 else { throw BenchmarkError("GET \(path): \(first.status) \(first.error ?? "")") }
        say(String(format: "first GET (the basis built, the answer computed and kept): %.1f ms, %.0f KB", first.seconds * 1000,
                   Double(first.body.count) / 1024))
        let kept = try timed(runs) { client.send("GET", path) }
        say(HealthLatency.summary("GET, answer kept (\(runs) requests)", kept))
        let body = Data((#"{"id":"PROPOSITION","communes":["# + communes.map { "\"\($0)\"" }.joined(separator: ",") + "]}").utf8)
        let post = { client.send("POST", server.baseURL + "/api/v1/diagnostic", token: credentials.ars, contentType: "application/json", body: body) }
        // The first dissolve of the service builds the commune layer's edge graph, once for every later one.
        say(String(format: "first POST (the layer's edge graph built for the dissolves): %.1f ms", try timed(1, post)[0] * 1000))
        let computed = try timed(runs, post)
        say(HealthLatency.summary("POST of the same communes, computed each time (\(runs) requests)", computed))
        let (printed, seconds) = try BenchmarkSupport.time { try ChildProcess.run(binary, ["diagnostic", "--cpts", id, "--db", store.path]) }
        guard printed.status == 0 else { throw BenchmarkError("maillage diagnostic: \(printed.output)") }
        say(String(format: "maillage diagnostic --cpts %@ (a process: store read, basis built): %.2f s", id, seconds))
        // The proposals for the country: computed by the first request (then kept), and by a process.
        let proposals = client.send("GET", server.baseURL + "/api/v1/white-zones/proposals")
        guard proposals.status == 200 else { throw BenchmarkError("proposals: \(proposals.status)") }
        say(String(format: "GET /api/v1/white-zones/proposals (the country, computed): %.1f ms, %.0f KB", proposals.seconds * 1000,
                   Double(proposals.body.count) / 1024))
        let (listed, proposing) = try BenchmarkSupport.time { try ChildProcess.run(binary, ["white-zones", "proposals", "--db", store.path]) }
        guard listed.status == 0 else { throw BenchmarkError("maillage white-zones proposals: \(listed.output)") }
        say(String(format: "maillage white-zones proposals (a process: store read, the country solved): %.2f s (goal ≤ 5 s)", proposing))
        let p99 = SoakRecorder.quantileMs(computed.sorted(), 0.99)
        say(String(format: "goal (issue 29): the diagnostic of the largest CPTS ≤ %.0f ms in the service: ", goalMs)
            + (p99 <= goalMs ? "met" : "NOT met") + String(format: " (computed p99 %.1f ms, kept p99 %.2f ms)", p99,
                                                          SoakRecorder.quantileMs(kept.sorted(), 0.99)))
    }

    /// Seconds of each of `runs` requests, every one answered 200.
    private static func timed(_ runs: Int, _ request: () -> SoakClient.Answer) throws -> [Double] {
        try (0..<runs).map { _ in
            let answer = request()
            guard answer.status == 200 else { throw BenchmarkError("\(answer.status): \(String(decoding: answer.body, as: UTF8.self).prefix(300))") }
            return answer.seconds
        }
    }
}
