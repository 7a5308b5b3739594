import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import MaillageServer
import XCTest

/// A département or région nobody has is refused before any answer is keyed by it: sixteen anonymous requests with other
/// weights and made-up départements used to recompute the national E2SFCA each and keep it.
final class UnknownAreasTests: XCTestCase {
    func testUnknownAreasBuildAndKeepNothing() async throws {
        try await SampleService.withServer { client, state in
            let kept = state.territory.keptAnswers, drawn = state.territory.reportMaps.count
            var paths = (101...116).map { "/api/v1/accessibility?weights=10:1,20:0.4&departement=q\($0)" }
            paths += ["/api/v1/pharmacies/quota?departement=q1", "/api/v1/white-zones?departement=Atlantide", "/api/v1/white-zones?region=99",
                      "/api/v1/maps/white-zones.png?region=Atlantide", "/api/v1/maps/coverage.svg?region=99"]
            for path in paths {
                let answer = try await client.get(path)
                XCTAssertEqual(answer.status, .notFound, path)
                XCTAssertEqual(try answer.json()["error"]?.stringValue, "unknown code", path)
            }
            XCTAssertEqual(state.territory.keptAnswers, kept, "no answer kept for an unknown area")
            XCTAssertEqual(state.territory.reportMaps.count, drawn, "no drawing started for an unknown région")
            // A name and its code are one question, one answer kept.
            let byName = try await client.get("/api/v1/white-zones?departement=Somme")
            let byCode = try await client.get("/api/v1/white-zones?departement=80")
            XCTAssertEqual(byName.status, .ok)
            XCTAssertEqual(String(buffer: byName.body), String(buffer: byCode.body))
            XCTAssertEqual(state.territory.keptAnswers, kept + 1)
        }
    }
}

/// Report maps are drawn one at a time and only the last 16 are kept, whatever widths anonymous callers ask for.
final class ReportMapBoundsTests: XCTestCase {
    func testManyWidthsAtOnceKeepAFewMaps() async throws {
        try await SampleService.withServer { client, state in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for width in 400..<424 { group.addTask { try await client.get("/api/v1/maps/coverage.png?width=\(width)").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(statuses, Array(repeating: .ok, count: 24))
            XCTAssertEqual(state.territory.reportMaps.count, 16, "the oldest drawings are let go")
            let again = try await client.get("/api/v1/maps/coverage.png?width=400")
            XCTAssertEqual(again.status, .ok, "an evicted map is drawn again")
        }
    }
}
