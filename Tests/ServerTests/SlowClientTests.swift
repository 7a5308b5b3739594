import Foundation
@testable import MaillageServer
import XCTest

/// Clients that trickle bytes or send what will be refused, through real sockets: issue 31's slow-body attack (1 100
/// connections announcing 100 MB and sending a byte every 20 s kept `/health` from answering for 90 s) replayed small.
final class SlowClientTests: XCTestCase {
    /// An ARS perimeter check announcing 900 000 bytes, under the test server's 1 MB limit: a body the server waits for.
    static let hugeUpload = "POST /api/v1/perimeter-check HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(SampleService.ars)\r\n"
        + "Content-Type: application/json\r\nContent-Length: 900000\r\n\r\n{"

    func testSlowBodiesFromOneAddressHoldOnlyItsShareAndAreCutAfterTheGrace() async throws {
        let limits = ConnectionLimits(minimumBodyBytesPerSecond: 1000, bodyGraceSeconds: 2, connectionsPerAddress: 4)
        try await SampleService.withServer(maxConnections: 6, connectionLimits: limits) { client, _ in
            let port = try XCTUnwrap(client.port)
            try await Task.detached {
                let attacker = try (0..<8).map { _ in try RawConnection(port: port, from: "127.0.0.2") }
                attacker.forEach { $0.send(Self.hugeUpload) }
                let started = Date()
                // Which four are let in depends on the event loop each lands on; four, and only four, are closed at once.
                usleep(300_000)
                var open = attacker.filter { $0.secondsUntilClosed(giveUpAfter: 0.01) == nil }
                XCTAssertEqual(open.count, 4, "connections beyond the address's share are closed at once")
                // Six connections at most, four of them the attacker's: another address is still served.
                let probe = try RawConnection(port: port, from: "127.0.0.3")
                let health = try XCTUnwrap(try probe.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 2), "no answer to /health")
                XCTAssertTrue(health.hasPrefix("HTTP/1.1 200"), health)
                // A byte every 0.2 s is far below 1 000 B/s: each trickling body is cut once the 2 s of grace are over.
                while !open.isEmpty, Date().timeIntervalSince(started) < 10 {
                    open.forEach { $0.send(" ") }
                    open.removeAll { $0.secondsUntilClosed(giveUpAfter: 0.05) != nil }
                    usleep(200_000)
                }
                XCTAssertTrue(open.isEmpty, "\(open.count) trickling bodies still open after 10 s")
                XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.9, "not before the grace period")
                // Their slots are free again: the address gets its share back.
                let again = try RawConnection(port: port, from: "127.0.0.2")
                let answer = try XCTUnwrap(try again.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 2))
                XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), answer)
            }.value
        }
    }

    func testABodyMustArriveWithinItsDeadlineHoweverSteady() async throws {
        let limits = ConnectionLimits(bodySeconds: 1.5, minimumBodyBytesPerSecond: 10, bodyGraceSeconds: 0.5)
        try await SampleService.withServer(connectionLimits: limits) { client, _ in
            let port = try XCTUnwrap(client.port)
            try await Task.detached {
                let connection = try RawConnection(port: port)
                connection.send(Self.hugeUpload)
                let started = Date()
                var closed = false
                while !closed, Date().timeIntervalSince(started) < 6 {
                    connection.send(String(repeating: " ", count: 100))   // 500 B/s: above the rate, never whole
                    closed = connection.secondsUntilClosed(giveUpAfter: 0.2) != nil
                }
                XCTAssertTrue(closed, "a body still coming after 6 s was not cut")
                XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.4)
            }.value
        }
    }

    func testAHeadMustArriveWithinItsDeadline() async throws {
        try await SampleService.withServer(connectionLimits: ConnectionLimits(headSeconds: 1)) { client, _ in
            let port = try XCTUnwrap(client.port)
            try await Task.detached {
                let connection = try RawConnection(port: port)
                connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                let started = Date()
                var closed = false
                while !closed, Date().timeIntervalSince(started) < 6 {
                    connection.send("X-Slow: 1\r\n")   // within the 60 s idle timeout each time
                    closed = connection.secondsUntilClosed(giveUpAfter: 0.3) != nil
                }
                XCTAssertTrue(closed, "a head still coming after 6 s was not cut")
                XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.9)
                // Whole requests on a kept-alive connection are never timed out between them.
                let kept = try RawConnection(port: port)
                for _ in 0..<3 {
                    let answer = try XCTUnwrap(try kept.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within: 2))
                    XCTAssertTrue(answer.hasPrefix("HTTP/1.1 200"), answer)
                    usleep(600_000)
                }
            }.value
        }
    }

    /// A refusal given before the body is read closes the connection: the server does not read 100 MB to keep it alive.
    func testAnEarlyRefusalClosesTheConnectionInsteadOfReadingTheBody() async throws {
        try await SampleService.withServer { client, _ in
            let port = try XCTUnwrap(client.port)
            let refusals = [
                ("POST /api/v1/waiting-list", "Bearer not-a-token", "HTTP/1.1 401"),
                ("POST /api/v1/waiting-list", "Bearer \(SampleService.ars)", "HTTP/1.1 403"),
                ("POST /api/v1/perimeter-check", "Bearer \(SampleService.ars)", "HTTP/1.1 413"),
            ]
            try await Task.detached {
                for (target, authorization, status) in refusals {
                    let connection = try RawConnection(port: port)
                    let request = "\(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\nContent-Type: text/csv\r\nContent-Length: 100000000\r\n\r\nreference;"
                    let answer = try XCTUnwrap(try connection.answer(to: request, within: 5), "\(target): no answer")
                    XCTAssertTrue(answer.hasPrefix(status), "\(target) \(authorization): \(answer)")
                    XCTAssertTrue(answer.lowercased().contains("connection: close"), answer)
                    XCTAssertLessThan(connection.secondsUntilClosed(giveUpAfter: 5) ?? 99, 1, "\(target): the connection stays open to read the body")
                }
            }.value
        }
    }

    /// Pipelined: the answer to a GET written while the next request's body is still coming keeps the connection open,
    /// and that request is answered once its body is whole.
    func testAnAnswerToAnEarlierPipelinedRequestKeepsTheConnection() async throws {
        try await SampleService.withServer { client, _ in
            let port = try XCTUnwrap(client.port)
            try await Task.detached {
                let connection = try RawConnection(port: port)
                let body = #"{"id":"P-1","name":"Essai","communes":["80021"]}"#
                let post = "POST /api/v1/perimeter-check HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(SampleService.ars)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                let first = try XCTUnwrap(try connection.answer(to: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + post + "{", within: 5))
                XCTAssertTrue(first.hasPrefix("HTTP/1.1 200"), first)
                XCTAssertFalse(first.lowercased().contains("connection: close"), first)
                let second = try XCTUnwrap(try connection.answer(to: String(body.dropFirst()), within: 10), "the pipelined request was not answered")
                XCTAssertTrue(second.hasPrefix("HTTP/1.1 200"), second)
            }.value
        }
    }
}
