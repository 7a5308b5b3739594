import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking HTTP client over URLSession (FoundationNetworking on Linux): one call at a time per worker thread, the
/// latency measured around the whole exchange as a client sees it (connect when needed, send, the full body read).
final class SoakClient: @unchecked Sendable {
    private let session: URLSession

    init(connections: Int, timeout: Double = 60) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    struct Answer {
        /// 0 when no HTTP answer came (connection refused or reset, timeout).
        var status: Int
        var body: Data
        var error: String?
        var started: Double
        var seconds: Double
    }

    func send(_ method: String, _ url: String, token: String? = nil, contentType: String? = nil, body: Data? = nil) -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.httpBody = body
        let done = DispatchSemaphore(value: 0)
        let box = AnswerBox()
        let started = Soak.clock()
        session.dataTask(with: request) { data, response, error in
            box.answer = Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data(),
                                error: error.map { String(describing: $0) }, started: started, seconds: Soak.clock() - started)
            done.signal()
        }.resume()
        done.wait()
        return box.answer!
    }

    private final class AnswerBox: @unchecked Sendable { var answer: Answer? }
}

/// Per endpoint: answers, latencies, failures, with their times (to tell the kill window apart afterwards).
final class SoakRecorder: @unchecked Sendable {
    struct Failure {
        var endpoint: String
        var started: Double
        var ended: Double
        /// 0: no HTTP answer.
        var status: Int
        var detail: String
    }

    private let lock = NSLock()
    private var latencies: [String: [Double]] = [:]
    private var failures: [Failure] = []

    /// Records `answer`; true when it is a 2xx.
    @discardableResult
    func record(_ endpoint: String, _ answer: SoakClient.Answer) -> Bool {
        let ok = (200..<300).contains(answer.status)
        lock.withLock {
            if ok { latencies[endpoint, default: []].append(answer.seconds) } else {
                let detail = answer.status == 0 ? (answer.error ?? "no answer") : String(decoding: answer.body.prefix(200), as: UTF8.self)
                failures.append(Failure(endpoint: endpoint, started: answer.started, ended: answer.started + answer.seconds,
                                        status: answer.status, detail: detail))
            }
        }
        return ok
    }

    var endpoints: [String] { lock.withLock { Set(latencies.keys).union(failures.map(\.endpoint)).sorted() } }
    func successes(_ endpoint: String) -> [Double] { lock.withLock { latencies[endpoint] ?? [] } }
    func failures(of endpoint: String) -> [Failure] { lock.withLock { failures.filter { $0.endpoint == endpoint } } }
    var allFailures: [Failure] { lock.withLock { failures } }

    /// The `fraction` quantile (nearest rank) of sorted seconds, in milliseconds.
    static func quantileMs(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank] * 1000
    }
}
