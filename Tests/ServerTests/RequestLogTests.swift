import Foundation
import HummingbirdTesting
import Logging
import MaillageServer
import XCTest

/// The request log names the path and never the query string: `nearest?lat=…&lon=…` is where a patient lives.
final class RequestLogTests: XCTestCase {
    func testRequestLinesCarryNoCoordinates() async throws {
        let lines = CapturedLines()
        var logger = Logger(label: "test") { _ in CapturingHandler(lines: lines) }
        logger.logLevel = .trace
        try await SampleService.withServer(logger: logger, requestLogLevel: .info) { client, _ in
            let answer = try await client.get("/api/v1/nearest?lat=49.894067&lon=2.295753&k=3")
            XCTAssertEqual(answer.status, .ok)
            let refused = try await client.get("/api/v1/requests-near?rpps=10731857727&km=4.25")
            XCTAssertEqual(refused.status, .unauthorized)
        }
        let logged = lines.all.joined(separator: "\n")
        XCTAssertTrue(logged.contains("path=/api/v1/nearest"), logged)
        XCTAssertTrue(logged.contains("status=401"), logged)
        for secret in ["49.894067", "2.295753", "lat=", "10731857727", "4.25"] { XCTAssertFalse(logged.contains(secret), secret) }
    }
}

final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

struct CapturingHandler: LogHandler {
    let lines: CapturedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.append("\(event.message) " + all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " "))
    }
}
