import Foundation
import GeometryKit
import Hummingbird
import HummingbirdTesting
@testable import MaillageServer
import Storage
import Territory
import UseCases
import XCTest

/// `GET /api/v1/indicators` on the sample after a committed matching and a GP's acceptance: who reads which rows, and the
/// rows as the use case counts them.
final class IndicatorsAPITests: XCTestCase {
    func testWhoReadsWhichIndicators() async throws {
        let store = try await SampleService.freshStore()
        let amiens = try await store.volunteers(inCommunes: ["80021"])
        let gp = try XCTUnwrap(amiens.first(where: \.isAvailable))
        let tokens = try AccessTokens(text: SampleService.tokensText + "\n" + AccessTokens.line(token: "prat", role: .practitioner(rpps: gp.rpps)), source: "t")
        let today = CalendarDay.of(Date())
        try await SampleService.withServer(store: store, tokens: tokens) { client, state in
            let rows = (1...4).map { "IND-\($0);80021;;;ALD;non;\(today)" }
            let upload = try await client.post("/api/v1/waiting-list", token: SampleService.amiens,
                                               body: (["reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"] + rows)
                                                   .joined(separator: "\n") + "\n", contentType: "text/csv")
            XCTAssertEqual(upload.status, .ok, upload.text)
            let accepted = try await client.post("/api/v1/me/requests/CPTS-80-002/IND-1/accept", token: "prat", body: "")
            XCTAssertEqual(accepted.status, .ok, accepted.text)
            let declined = try await client.post("/api/v1/me/requests/CPTS-80-002/IND-2/decline", token: "prat", body: #"{"reason":"complet"}"#)
            XCTAssertEqual(declined.status, .ok, declined.text)

            let period = "from=\(today)&to=\(today)"
            let refusals: [(String, String?, HTTPResponse.Status)] = [
                ("/api/v1/indicators?\(period)", nil, .unauthorized), ("/api/v1/indicators?\(period)", "prat", .forbidden),
                ("/api/v1/indicators?\(period)&cpts=CPTS-59-001", SampleService.amiens, .forbidden),
                ("/api/v1/indicators?\(period)&by=region", SampleService.amiens, .forbidden),
                ("/api/v1/indicators?to=\(today)", SampleService.ars, .badRequest), ("/api/v1/indicators?\(period)&by=commune", SampleService.ars, .badRequest),
                ("/api/v1/indicators?from=2026-12-08&to=2026-12-01", SampleService.ars, .badRequest),
                ("/api/v1/indicators?from=2016-01-01&to=2026-12-01", SampleService.ars, .badRequest),
                ("/api/v1/indicators?\(period)&cpts=CPTS-00-404", SampleService.ars, .notFound),
            ]
            for (path, token, status) in refusals {
                let answer = try await client.get(path, token: token)
                XCTAssertEqual(answer.status, status, "\(path) \(token ?? "anonymous"): \(answer.text)")
            }
            let mine = try await client.get("/api/v1/indicators?\(period)", token: SampleService.amiens).json()
            let row = try XCTUnwrap(mine["rows"]?.arrayValue?.first)
            XCTAssertEqual(mine["rows"]?.arrayValue?.count, 1, "a coordinator's own CPTS only")
            XCTAssertEqual(row["key"]?.stringValue, "CPTS-80-002")
            XCTAssertEqual(row["registered"]?.doubleValue, 4)
            XCTAssertEqual(row["oriented"]?.doubleValue, 1)
            XCTAssertEqual(row["declined"]?.doubleValue, 1)
            let expected = try await OrientationIndicators(from: today, to: today, cpts: "CPTS-80-002").run(store: store, analysis: state.territory.analysis)
            XCTAssertEqual(try JSONParser.parse(Array(try JSONValueEncoder.string(expected).utf8)), mine, "the use case's answer")
            let regions = try await client.get("/api/v1/indicators?\(period)&by=region", token: SampleService.ars).json()
            XCTAssertEqual(regions["rows"]?.arrayValue?.compactMap { $0["key"]?.stringValue }, ["32"])
            XCTAssertEqual(regions["rows"]?.arrayValue?.first?["name"]?.stringValue, "Hauts-de-France")
            let csv = try await client.get("/api/v1/indicators?\(period)&format=csv", token: SampleService.amiens)
            XCTAssertTrue(csv.text.hasPrefix("key;name;registered;oriented;declined;waiting;purged;by_priority;by_profession;"), csv.text)
        }
    }
}
