import Foundation
import GeometryKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MaillageServer
import Storage
import Territory
import UseCases
import XCTest

/// The practitioner's side through the API, on the sample (SQLite, or PostGIS in the PostGIS pass): two GPs of Amiens
/// (CPTS-80-002) and one of Lille, each with his token; the coordinator of Amiens files three requests.
final class PractitionerAPITests: XCTestCase {
    static let header = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le"

    struct Cast {
        let amiensA: Volunteer, amiensB: Volunteer, lille: Volunteer
        let tokens: AccessTokens
        static let (a, b, l, stranger) = ("prat-amiens-a", "prat-amiens-b", "prat-lille", "prat-inconnu")
    }

    /// Two available GPs practising in Amiens (80021), one in Lille (59350), and an RPPS number the store does not know.
    func cast(_ store: any MaillageStore) async throws -> Cast {
        let amiens = try await store.volunteers(inCommunes: ["80021"]).filter(\.isAvailable)
        let lilles = try await store.volunteers(inCommunes: ["59350"])
        let lille = try XCTUnwrap(lilles.first(where: \.isAvailable))
        XCTAssertGreaterThanOrEqual(amiens.count, 2)
        let known = Set(try await store.volunteers().map(\.rpps))
        let unknown = try XCTUnwrap((10_000_000_000...10_000_000_200).map(String.init).first { HealthIdentifier.isValidRPPS($0) && !known.contains($0) })
        let lines = [AccessTokens.line(token: Cast.a, role: .practitioner(rpps: amiens[0].rpps)),
                     AccessTokens.line(token: Cast.b, role: .practitioner(rpps: amiens[1].rpps)),
                     AccessTokens.line(token: Cast.l, role: .practitioner(rpps: lille.rpps)),
                     AccessTokens.line(token: Cast.stranger, role: .practitioner(rpps: unknown)), SampleService.tokensText]
        return Cast(amiensA: amiens[0], amiensB: amiens[1], lille: lille, tokens: try AccessTokens(text: lines.joined(separator: "\n"), source: "test"))
    }

    /// The coordinator of Amiens files `references` in Amiens, near the town centre.
    static func file(_ references: [String], client: any TestClientProtocol) async throws {
        let rows = references.enumerated().map { n, reference in "\(reference);80021;49,89\(n);2,29\(n);ALD;non;01/12/2026" }
        let upload = try await client.post("/api/v1/waiting-list", token: SampleService.amiens, body: ([Self.header] + rows).joined(separator: "\r\n") + "\r\n",
                                           contentType: "text/csv")
        XCTAssertEqual(upload.status, .ok, upload.text)
    }

    static func patch(_ client: any TestClientProtocol, token: String, _ body: String) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer " + token
        headers[.contentType] = "application/json"
        return try await client.executeRequest(uri: "/api/v1/me", method: .patch, headers: headers, body: ByteBuffer(string: body))
    }

    func testProfileRequestsDeclineAcceptAndUpdate() async throws {
        let store = try await SampleService.freshStore()
        let cast = try await cast(store)
        try await SampleService.withServer(store: store, tokens: cast.tokens) { client, _ in
            // Who may come in.
            let anonymous = try await client.get("/api/v1/me")
            XCTAssertEqual(anonymous.status, .unauthorized)
            let coordinator = try await client.get("/api/v1/me", token: SampleService.amiens)
            XCTAssertEqual(coordinator.status, .forbidden)
            let stranger = try await client.get("/api/v1/me", token: Cast.stranger)
            XCTAssertEqual(stranger.status, .notFound, "neither the roster nor the RPPS extract knows him")
            for (path, method) in [("/api/v1/waiting-list", HTTPRequest.Method.get), ("/api/v1/assignments", .get), ("/api/v1/roster/stale", .get),
                                   ("/api/v1/match", .post), ("/api/v1/diagnostic", .post)] {
                let refused = try await client.executeRequest(uri: path, method: method, headers: [.authorization: "Bearer " + Cast.a], body: nil)
                XCTAssertEqual(refused.status, .forbidden, "\(method) \(path)")
            }

            let me = try await client.get("/api/v1/me", token: Cast.a).json()
            XCTAssertEqual(me["rpps"]?.stringValue, cast.amiensA.rpps)
            XCTAssertEqual(me["code_commune"]?.stringValue, "80021")
            XCTAssertTrue((me["cpts"]?.arrayValue ?? []).contains(.string("CPTS-80-002")))
            XCTAssertNotNil(me["nom"]?.stringValue, "his name from the RPPS directory")
            XCTAssertEqual(me["volontaire"]?["places_restantes"]?.doubleValue, Double(cast.amiensA.placesRemaining))
            XCTAssertEqual(me["volontaire"]?["mis_a_jour_le"]?.stringValue, cast.amiensA.updatedOn)

            try await Self.file(["PRAT-1", "PRAT-2", "PRAT-3"], client: client)
            // His list: the pending requests of his CPTS within 20 km of his practice, counted here from the store.
            let mine = try await client.get("/api/v1/me/requests?km=20", token: Cast.a).json().arrayValue ?? []
            let cpts = Set((me["cpts"]?.arrayValue ?? []).compactMap(\.stringValue))
            var expected: [String] = []
            for id in cpts.sorted() {
                expected += try await store.pendingPatientRequests(ofCPTS: id)
                    .filter { Geodesic.distance(cast.amiensA.position, $0.position) <= 20_000 }.map { "\($0.cpts)|\($0.reference)" }
            }
            XCTAssertEqual(Set(mine.map { "\($0["cpts"]?.stringValue ?? "")|\($0["reference"]?.stringValue ?? "")" }), Set(expected))
            XCTAssertEqual(mine.count, expected.count)
            XCTAssertTrue(["PRAT-1", "PRAT-2", "PRAT-3"].allSatisfy { ref in mine.contains { $0["reference"]?.stringValue == ref } })
            for row in mine {
                XCTAssertNil(row["lat"]); XCTAssertNil(row["lon"]); XCTAssertNil(row["adresse"])
                let distance = try XCTUnwrap(row["distance_km"]?.doubleValue)
                XCTAssertEqual(distance * 2, (distance * 2).rounded(), "rounded to 0.5 km")
            }
            let distances = mine.compactMap { $0["distance_km"]?.doubleValue }
            XCTAssertEqual(distances, distances.sorted(), "nearest first")

            // Lille's GP sees nothing of Amiens and cannot take its requests.
            let lilles = try await client.get("/api/v1/me/requests?km=200", token: Cast.l).json().arrayValue ?? []
            XCTAssertFalse(lilles.contains { $0["cpts"]?.stringValue == "CPTS-80-002" })
            let foreign = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-1/accept", token: Cast.l, body: "")
            XCTAssertEqual(foreign.status, .notFound, foreign.text)
            let foreignDecline = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-1/decline", token: Cast.l, body: #"{"reason":"loin"}"#)
            XCTAssertEqual(foreignDecline.status, .notFound)

            // Declining hides the request from him only.
            for body in [#"{"reason":"  "}"#, "{}", #"{"reason":"x","motif":"y"}"#, #"{"reason":"\#(String(repeating: "x", count: 501))"}"#] {
                let refused = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-2/decline", token: Cast.a, body: body)
                XCTAssertEqual(refused.status, .badRequest, body)
            }
            let declined = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-2/decline", token: Cast.a, body: #"{"reason":"patientèle complète ce mois"}"#)
            XCTAssertEqual(declined.status, .ok, declined.text)
            let afterDecline = try await client.get("/api/v1/me/requests?km=20", token: Cast.a).json().arrayValue ?? []
            XCTAssertFalse(afterDecline.contains { $0["reference"]?.stringValue == "PRAT-2" })
            XCTAssertEqual(afterDecline.count, mine.count - 1)
            let others = try await client.get("/api/v1/me/requests?km=20", token: Cast.b).json().arrayValue ?? []
            XCTAssertTrue(others.contains { $0["reference"]?.stringValue == "PRAT-2" }, "still offered to the other GP")
            let pendingNow = try await store.pendingPatientRequests(ofCPTS: "CPTS-80-002")
            XCTAssertTrue(pendingNow.contains { $0.reference == "PRAT-2" })
            let value1 = try await store.declinedRequests(rpps: cast.amiensA.rpps)
            XCTAssertEqual(value1, [PatientRequestKey(cpts: "CPTS-80-002", reference: "PRAT-2")])

            // Accepting takes one place and orients the request, once.
            let accepted = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-1/accept", token: Cast.a, body: "")
            XCTAssertEqual(accepted.status, .ok, accepted.text)
            XCTAssertEqual(try accepted.json()["places_restantes"]?.doubleValue, Double(cast.amiensA.placesRemaining - 1))
            let taker = try await store.volunteer(rpps: cast.amiensA.rpps)
            XCTAssertEqual(taker?.placesRemaining, cast.amiensA.placesRemaining - 1)
            let history = try await store.assignedPatientRequests(ofCPTS: "CPTS-80-002", from: nil, to: nil)
            XCTAssertEqual(history.first { $0.reference == "PRAT-1" }?.rpps, cast.amiensA.rpps)
            let again = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-1/accept", token: Cast.b, body: "")
            XCTAssertEqual(again.status, .conflict, again.text)
            let audit = try await store.auditTrail(since: nil, cpts: "CPTS-80-002")
            XCTAssertTrue(audit.contains { $0.action == .practitionerAccept && $0.who.hasPrefix("practitioner:\(cast.amiensA.rpps)#") })
            XCTAssertTrue(audit.contains { $0.action == .practitionerDecline && $0.role == "practitioner" })

            // His entry: places to 0 (then he takes nobody), updated today as the service counts it.
            let emptied = try await Self.patch(client, token: Cast.a, #"{"places_restantes": 0}"#)
            XCTAssertEqual(emptied.status, .ok, emptied.text)
            XCTAssertEqual(try emptied.json()["volontaire"]?["places_restantes"]?.doubleValue, 0)
            XCTAssertEqual(try emptied.json()["volontaire"]?["mis_a_jour_le"]?.stringValue, "2026-12-07")
            let updated = try await store.volunteer(rpps: cast.amiensA.rpps)
            XCTAssertEqual(updated?.updatedOn, "2026-12-07")
            let full = try await client.post("/api/v1/me/requests/CPTS-80-002/PRAT-3/accept", token: Cast.a, body: "")
            XCTAssertEqual(full.status, .conflict, full.text)
            for body in ["{}", #"{"places_restantes": 10000}"#, #"{"places_restantes": -1}"#, "not json", #"{"place_restantes": 3}"#,
                         #"{"places_restantes": "3"}"#, #"{"visites_domicile": null}"#] {
                let refused = try await Self.patch(client, token: Cast.a, body)
                XCTAssertEqual(refused.status, .badRequest, body)
            }
            let lillePatch = try await Self.patch(client, token: Cast.l, #"{"visites_domicile": true}"#)
            XCTAssertEqual(lillePatch.status, .ok)
            let (lilleEntry, amiensEntry) = (try await store.volunteer(rpps: cast.lille.rpps), try await store.volunteer(rpps: cast.amiensA.rpps))
            XCTAssertEqual(lilleEntry?.homeVisits, true)
            XCTAssertEqual(amiensEntry?.placesRemaining, 0, "another's update leaves his entry")
        }
    }

    /// Two GPs of Amiens accept the same requests at the same moment, each through his own instance of the service over one
    /// store: each request goes to exactly one of them (one 200, one 409), and no place goes below zero.
    func testTwoPractitionersAcceptTheSameRequestThroughTwoInstances() async throws {
        let first = try await SampleService.freshStore()
        let second = try await SampleService.secondConnection(to: first)
        let cast = try await cast(first)
        let references = (1...8).map { "DUEL-\($0)" }
        try await SampleService.withServer(store: first, tokens: cast.tokens) { one, _ in
            try await SampleService.withServer(store: second, tokens: cast.tokens) { other, _ in
                try await Self.file(references, client: one)
                // Enough places for both: every request is contested, never refused for want of a place.
                for (client, token) in [(one, Cast.a), (other, Cast.b)] {
                    let set = try await Self.patch(client, token: token, #"{"places_restantes": 20, "accepte_nouveaux_patients": true}"#)
                    XCTAssertEqual(set.status, .ok, set.text)
                }
                var wins: [String: Int] = [:]
                for reference in references {
                    async let a = one.post("/api/v1/me/requests/CPTS-80-002/\(reference)/accept", token: Cast.a, body: "")
                    async let b = other.post("/api/v1/me/requests/CPTS-80-002/\(reference)/accept", token: Cast.b, body: "")
                    let (ra, rb) = try await (a, b)
                    XCTAssertEqual(Set([ra.status, rb.status]), [.ok, .conflict], "\(reference): \(ra.status) \(ra.text) / \(rb.status) \(rb.text)")
                    if ra.status == .ok { wins[cast.amiensA.rpps, default: 0] += 1 }
                    if rb.status == .ok { wins[cast.amiensB.rpps, default: 0] += 1 }
                }
                XCTAssertEqual(wins.values.reduce(0, +), references.count)
                for gp in [cast.amiensA, cast.amiensB] {
                    let entry = try await first.volunteer(rpps: gp.rpps)
                    let places = try XCTUnwrap(entry?.placesRemaining)
                    XCTAssertEqual(places, 20 - (wins[gp.rpps] ?? 0), gp.rpps)
                    XCTAssertGreaterThanOrEqual(places, 0)
                }
                let assigned = try await first.assignedPatientRequests(ofCPTS: "CPTS-80-002", from: nil, to: nil).filter { $0.reference.hasPrefix("DUEL-") }
                XCTAssertEqual(Set(assigned.map(\.reference)), Set(references), "each request oriented exactly once")
                XCTAssertEqual(assigned.count, references.count)
            }
        }
    }
}
