import ChildProcess
import Foundation

/// `maillage-bench health-latency`: does heavy anonymous work starve the service? `maillage serve` (the shipped binary,
/// a separate process) on a copy of the store; wrk (Debian's package) keeps 32 connections busy on the heaviest anonymous
/// endpoints (white zones of several status sets, 10 000-commune OGC pages, `nearest` with k = 100, coverage by CPTS),
/// while one client of this process asks `/health` over one keep-alive connection, one request after the other, and
/// times each answer. Prints /health's p50/p99/max alone and under the load, against the goal of issue 12 (p99 ≤ 10 ms).
/// It reports; it does not fail on a missed goal.
enum HealthLatency {
    static let heavyPaths = [
        "/api/v1/white-zones?status=aci-signe",
        "/api/v1/white-zones",
        "/api/v1/white-zones?status=aci-signe,projet-sante-valide",
        "/api/v1/white-zones?status=pre-projet,lettre-intention-validee",
        "/ogc/collections/communes/items?limit=10000",
        "/ogc/collections/communes/items?limit=10000&offset=20000",
        "/api/v1/coverage?by=cpts",
    ]
    static let goalMs = 10.0

    static func run(arguments: ArraySlice<String>, dataDirectory: String) throws {
        guard ChildProcess.isInstalled("wrk") else { throw BenchmarkError("wrk is not installed (apt-get install wrk)") }
        let seconds = Int(BenchmarkSupport.option("--seconds", in: arguments) ?? "30") ?? 30
        let connections = Int(BenchmarkSupport.option("--clients", in: arguments) ?? "32") ?? 32
        let (binary, store, directory, label) = try SoakStore.served("health-latency", arguments: arguments, dataDirectory: dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let points = try store.queryPoints(limit: 500)
        let server = ServeProcess(binary: binary, store: store.path, tokens: nil)
        let started = try server.start()
        defer { server.stop() }
        say("\(binary) serve (pid \(server.pid)) on a copy of \(label): "
            + String(format: "/health after %.1f s; %d cores shared by the server, wrk and the probe", started, ProcessInfo.processInfo.activeProcessorCount))

        // Each heavy path once, alone: what a first request costs (caches built on first use are then warm).
        let client = SoakClient(connections: 4, timeout: 600)   // a 10 000-commune page writes its features the first time
        for path in heavyPaths + [String(format: "/api/v1/nearest?lat=%.6f&lon=%.6f&k=100", points[0].lat, points[0].lon)] {
            let answer = client.send("GET", server.baseURL + path)
            say("  alone: \(path) → \(answer.status), " + String(format: "%.0f KB, %.1f ms", Double(answer.body.count) / 1024, answer.seconds * 1000))
        }

        let quiet = try HealthProbe(port: server.port).sample(for: 3)
        say(summary("/health alone (3 s)", quiet))

        let script = directory + "/heavy.lua"
        try wrkScript(points: points).write(toFile: script, atomically: true, encoding: .utf8)
        let probe = try HealthProbe(port: server.port)
        let loaded = ResultBox()
        let probed = DispatchSemaphore(value: 0)
        let probing = Thread {
            usleep(1_000_000)   // the load is on before the first sample
            loaded.samples = (try? probe.sample(for: Double(seconds) - 2)) ?? []
            probed.signal()
        }
        probing.start()
        let wrk = try ChildProcess.run("/usr/bin/env", ["wrk", "-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "60s", "--latency",
                                                          "-s", script, server.baseURL])
        probed.wait()
        server.readPeak()
        guard wrk.status == 0 else { throw BenchmarkError("wrk failed: \(wrk.output)") }
        let rate = HTTPBenchmark.figure(after: "Requests/sec:", in: wrk.output) ?? .nan
        let heavyP99 = HTTPBenchmark.milliseconds(after: "99%", in: wrk.output) ?? .nan
        let non2xx = HTTPBenchmark.figure(after: "Non-2xx or 3xx responses:", in: wrk.output) ?? 0
        say(String(format: "load: %d wrk connections over %d heavy paths for %d s: %.1f req/s, p99 %.0f ms, non-2xx %.0f",
                   connections, heavyPaths.count + 1, seconds, rate, heavyP99, non2xx))
        let samples = loaded.samples ?? []
        say(summary("/health under load", samples))
        let p99 = SoakRecorder.quantileMs(samples.sorted(), 0.99)
        say(String(format: "goal (issue 12): /health p99 ≤ %.0f ms under %d clients: ", goalMs, connections)
            + (p99 <= goalMs ? "met" : "NOT met") + String(format: " (p99 %.1f ms)", p99))
        for (pid, mib) in server.peakMiB { say(String(format: "server pid %d: max RSS (VmHWM) %.0f MB", pid, mib)) }
    }

    final class ResultBox: @unchecked Sendable { var samples: [Double]? }

    static func summary(_ label: String, _ samples: [Double]) -> String {
        let sorted = samples.sorted()
        return label + String(format: ": %d requests, p50 %.2f ms, p99 %.2f ms, max %.2f ms", sorted.count,
                      SoakRecorder.quantileMs(sorted, 0.5), SoakRecorder.quantileMs(sorted, 0.99), (sorted.last ?? .nan) * 1000)
    }

    /// The heavy paths in turn, nearest k = 100 at varying points among them.
    static func wrkScript(points: [(lat: Double, lon: Double)]) -> String {
        let nearest = points.map { String(format: "\"/api/v1/nearest?lat=%.6f&lon=%.6f&k=100\"", $0.lat, $0.lon) }.joined(separator: ",")
        let heavy = heavyPaths.map { "\"\($0)\"" }.joined(separator: ",")
        return """
        local heavy = {\(heavy)}
        local nearest = {\(nearest)}
        local i, j = 0, 0
        request = function()
          i = i % (#heavy + 1) + 1
          if i > #heavy then
            j = j % #nearest + 1
            return wrk.format("GET", nearest[j])
          end
          return wrk.format("GET", heavy[i])
        end
        """
    }
}

/// `GET /health` over one keep-alive TCP connection, one request after the other, each timed from the write to the
/// last byte of the body (Content-Length): no client library between the clock and the socket.
final class HealthProbe: @unchecked Sendable {
    let port: Int
    private var fd: Int32 = -1

    init(port: Int) throws {
        self.port = port
        try connectSocket()
    }

    deinit { if fd >= 0 { close(fd) } }

    private func connectSocket() throws {
        if fd >= 0 { close(fd) }
        do { fd = try LoopbackSocket.connect(port: port, noDelay: true) } catch {
            fd = -1
            throw BenchmarkError("/health probe: \(error)")
        }
    }

    /// Latencies in seconds of back-to-back requests for `seconds`, 5 ms apart (a monitor's pace, not a second load).
    func sample(for seconds: Double) throws -> [Double] {
        var samples: [Double] = []
        let end = Soak.clock() + seconds
        while Soak.clock() < end {
            samples.append(try once())
            usleep(5_000)
        }
        return samples
    }

    func once() throws -> Double {
        let request = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        let start = Soak.clock()
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else {
            try connectSocket()
            return try once()
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else {
                // The server closed the connection (idle timeout, restart): reconnect and ask again, timed afresh.
                try connectSocket()
                return try once()
            }
            received += buffer[0..<count]
            if let headerEnd = Self.headerEnd(received) {
                let header = String(decoding: received[0..<headerEnd], as: UTF8.self).lowercased()
                guard header.hasPrefix("http/1.1 200"), let range = header.range(of: "content-length: ") else {
                    throw BenchmarkError("/health: unexpected answer \(header.prefix(200))")
                }
                let length = Int(header[range.upperBound...].prefix { $0.isNumber }) ?? 0
                if received.count >= headerEnd + 4 + length { return Soak.clock() - start }
            }
        }
    }

    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
        return nil
    }
}
