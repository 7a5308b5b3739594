import ChildProcess
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import MaillageServer
import XCTest

/// The HTTP server's limits, through real sockets: failed tokens rate-limited per address, idle connections closed.
final class ServerLimitsTests: XCTestCase {
    func testFailedTokensFromOneAddressAreAnswered429AndAKnownTokenIsStillServed() async throws {
        try await SampleService.withServer(failedAttemptLimit: 3) { client, state in
            for attempt in 1...3 {
                let refused = try await client.get("/api/v1/requests-near?rpps=10003958985", token: "guess-\(attempt)")
                XCTAssertEqual(refused.status, .unauthorized, "attempt \(attempt)")
            }
            let audited = try await state.store.auditTrail(since: nil, cpts: nil).count
            for attempt in 4...20 {
                let blocked = try await client.get("/api/v1/cpts", token: "guess-\(attempt)")
                XCTAssertEqual(blocked.status, .tooManyRequests, "attempt \(attempt)")
                let retry = try XCTUnwrap(blocked.headers[.retryAfter].flatMap { Int($0) })
                XCTAssertTrue((1...60).contains(retry), "Retry-After \(retry)")
                XCTAssertEqual(try blocked.json()["error"]?.stringValue, "too many requests")
            }
            let auditedAfter = try await state.store.auditTrail(since: nil, cpts: nil).count
            XCTAssertEqual(auditedAfter, audited, "the refused guesses are not written one by one")
            // A colleague behind the same address, with his own token: served.
            let match = try await client.post("/api/v1/match", token: SampleService.amiens, body: "")
            XCTAssertEqual(match.status, .ok, "a known token is never locked out")
            // Anonymous requests (no token) are public and stay served.
            let health = try await client.get("/health")
            XCTAssertEqual(health.status, .ok)
        }
    }

    func testTheWindowEndsAndTheTableStaysBounded() {
        let attempts = FailedAttempts(limit: 2, window: 60, maxClients: 100)
        attempts.recordFailure(client: "a", now: 1000)
        XCTAssertNil(attempts.retryAfter(client: "a", now: 1001), "under the limit")
        attempts.recordFailure(client: "a", now: 1010)
        XCTAssertEqual(attempts.retryAfter(client: "a", now: 1010), 50, "until the window opened at 1000 ends")
        XCTAssertNil(attempts.retryAfter(client: "b", now: 1010), "per address")
        XCTAssertNil(attempts.retryAfter(client: "a", now: 1060), "the window is over")
        for i in 0..<1000 { attempts.recordFailure(client: "10.0.\(i / 256).\(i % 256)", now: 2000 + Double(i) / 100) }
        XCTAssertLessThanOrEqual(attempts.trackedClients, 100)
        // The newest clients are the ones kept when the table is full of live windows.
        attempts.recordFailure(client: "10.0.3.231", now: 2010)
        XCTAssertEqual(attempts.retryAfter(client: "10.0.3.231", now: 2010), 60)
    }

    func testAnIdleConnectionIsClosedAfterTheTimeout() async throws {
        try await SampleService.withServer(idleTimeoutSeconds: 1) { client, _ in
            let port = try XCTUnwrap(client.port)
            let start = Date()
            let closedAfter = try await Task.detached { try RawConnection.secondsUntilClosed(port: port, sending: nil, giveUpAfter: 10) }.value
            XCTAssertNotNil(closedAfter, "the server kept an idle connection open for 10 s")
            XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.9)
            XCTAssertLessThan(closedAfter ?? 99, 5)
            // A keep-alive connection left idle after its answer is closed too.
            let afterRequest = try await Task.detached {
                try RawConnection.secondsUntilClosed(port: port, sending: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", giveUpAfter: 10)
            }.value
            XCTAssertNotNil(afterRequest)
            XCTAssertGreaterThanOrEqual(afterRequest ?? 0, 0.9)
        }
    }

    /// Through the application itself, not HummingbirdTesting: its test application rebuilds the configuration with
    /// `with(address:)`, which drops the `availableConnectionsDelegate` (Hummingbird 2.28).
    func testConnectionsBeyondTheLimitWaitUntilOneCloses() async throws {
        let state = try await ServiceState(store: try await SampleService.freshStore())
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, tokens: SampleService.tokens, maxConnections: 1)
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let app = try MaillageService.application(state: state, configuration: configuration, logger: Logger(label: "test")) { listening.yield($0) }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var next = ports.makeAsyncIterator()
        let announced = await next.next()
        let port = try XCTUnwrap(announced)
        try await Task.detached {
            let first = try RawConnection(port: port)
            XCTAssertNotNil(try first.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 10), "the first connection is served")
            let second = try RawConnection(port: port)   // the kernel's backlog completes the handshake; the server does not accept
            XCTAssertNil(try second.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 1.5),
                         "a second connection is not served while the first is open")
            first.close()
            let late = try XCTUnwrap(try second.answer(to: nil, within: 10), "served once the first closed")
            XCTAssertTrue(late.hasPrefix("HTTP/1.1 200"), late)
        }.value
    }
}

/// A TCP connection to the loopback port.
final class RawConnection {
    private var fd: Int32

    init(port: Int, from source: String? = nil) throws {
        fd = try LoopbackSocket.connect(port: port, source: source)
    }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Seconds until the peer closed, reading (and dropping) whatever it answers; nil if still open after `limit`.
    func secondsUntilClosed(giveUpAfter limit: Double) -> Double? {
        let start = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date().timeIntervalSince(start) < limit {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            if recv(fd, &buffer, buffer.count, 0) <= 0 { return Date().timeIntervalSince(start) }
        }
        return nil
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Sends `request` (if any) and returns the first bytes answered within `limit` seconds, nil if none came.
    func answer(to request: String?, within limit: Double) throws -> String? {
        if let request { _ = Array(request.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(limit * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}

extension RawConnection {
    /// Seconds from connecting until the peer closed (read returned 0 or reset); nil if still open after `giveUpAfter`.
    static func secondsUntilClosed(port: Int, sending request: String?, giveUpAfter limit: Double) throws -> Double? {
        let fd = try LoopbackSocket.connect(port: port)
        defer { Glibc.close(fd) }
        let start = Date()
        if let request { _ = Array(request.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date().timeIntervalSince(start) < limit {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return Date().timeIntervalSince(start) }
        }
        return nil
    }
}
