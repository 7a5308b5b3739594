import Foundation
@testable import MaillageServer
import Storage
import XCTest

/// Refusals in the audit trail without letting a flood fill it (issue 31: wrk's anonymous `POST /api/v1/match` wrote
/// 12 765 rows in 10 s): a handful per caller, address and minute one by one, the rest as one row per minute.
final class DenialAuditTests: XCTestCase {
    func testAMinuteOfDenialsIsAHandfulOfRowsAndOneSummary() throws {
        let tally = DenialTally(writtenPerMinute: 3, maxKeys: 4)
        let t0 = Date(timeIntervalSince1970: 1_796_000_000 - 1_796_000_000.truncatingRemainder(dividingBy: 60))   // a minute's start
        let written = (0..<10).map { tally.denial(client: "10.0.0.1", who: "anonymous", role: "anonymous", outcome: "401 POST /api/v1/match",
                                                  now: t0.addingTimeInterval(Double($0))).write }
        XCTAssertEqual(written, [true, true, true] + Array(repeating: false, count: 7))
        XCTAssertEqual(tally.flush(now: t0.addingTimeInterval(59)), [], "the minute is not over")
        // Another caller from the same address has a share of its own.
        XCTAssertTrue(tally.denial(client: "10.0.0.1", who: "ars#ab12", role: "ars", outcome: "403", now: t0).write)
        let summaries = tally.flush(now: t0.addingTimeInterval(60))
        XCTAssertEqual(summaries.count, 1, "only the minute with denials counted")
        let summary = try XCTUnwrap(summaries.first)
        XCTAssertEqual(summary.who, "anonymous")
        XCTAssertEqual(summary.action, .denied)
        XCTAssertEqual(summary.at, AuditEvent.timestamp(t0.addingTimeInterval(59)))
        XCTAssertEqual(summary.outcome, "7 refus de plus depuis 10.0.0.1 dans la minute de \(AuditEvent.timestamp(t0)), dont : 401 POST /api/v1/match")
        XCTAssertEqual(tally.trackedKeys, 0)

        // The next minute starts a new share; its summary comes with the first denial after it.
        for second in 0..<5 { _ = tally.denial(client: "10.0.0.1", who: "anonymous", role: "anonymous", outcome: "401 GET /x", now: t0.addingTimeInterval(60 + Double(second))) }
        let next = tally.denial(client: "10.0.0.1", who: "anonymous", role: "anonymous", outcome: "401 GET /x", now: t0.addingTimeInterval(125))
        XCTAssertTrue(next.write)
        XCTAssertEqual(next.ended?.outcome.hasPrefix("2 refus de plus depuis 10.0.0.1"), true, next.ended?.outcome ?? "no summary")

        // Many addresses: the table stays bounded, the newcomers counted together.
        for i in 0..<100 { _ = tally.denial(client: "10.1.0.\(i)", who: "anonymous", role: "anonymous", outcome: "401", now: t0.addingTimeInterval(130)) }
        XCTAssertLessThanOrEqual(tally.trackedKeys, 5)
        let overflow = tally.flush(now: nil).first { $0.outcome.contains("autres adresses") }
        XCTAssertEqual(overflow?.outcome.hasPrefix("97 refus de plus depuis autres adresses"), true, overflow?.outcome ?? "no overflow summary")
    }

    func testAFloodOfAnonymousRefusalsWritesTenRowsThenItsCount() async throws {
        let store = try await SampleService.freshStore()
        try await SampleService.withServer(store: store) { client, state in
            for _ in 0..<200 {
                let refused = try await client.post("/api/v1/match", body: "")
                XCTAssertEqual(refused.status, .unauthorized)
            }
            let trail = try await state.store.auditTrail(since: nil, cpts: nil)
            // Ten, or a few more if the flood crossed a minute (each minute has its share).
            XCTAssertGreaterThanOrEqual(trail.count, 10)
            XCTAssertLessThanOrEqual(trail.count, 21)
        }
        // At the server's stop the counted ones are written as one row per minute: all 200 refusals are accounted for.
        let trail = try await store.auditTrail(since: nil, cpts: nil)
        XCTAssertTrue(trail.allSatisfy { $0.action == .denied && $0.who == "anonymous" })
        let counted = trail.compactMap { event -> Int? in
            guard event.outcome.contains("refus de plus") else { return nil }
            return Int(event.outcome.prefix { $0.isNumber })
        }
        XCTAssertEqual(trail.count - counted.count + counted.reduce(0, +), 200, trail.map(\.outcome).joined(separator: "\n"))
        XCTAssertLessThanOrEqual(trail.count, 24)
    }
}
