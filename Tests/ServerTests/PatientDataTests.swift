import Foundation
import HTTPTypes
import GeometryKit
import HummingbirdTesting
import MaillageServer
import OpenData
import Storage
import Territory
import UseCases
import XCTest

/// The nearest volunteers (public) and the patient data of a CPTS (its coordinator only, audited).
final class PatientDataTests: XCTestCase {
    func testNearestEqualsABruteForceScan() async throws {
        let store = try await SampleService.freshStore()
        let available = try await store.volunteers().filter(\.isAvailable)
        let patients = try await store.pendingPatientRequests().prefix(20)
        try await SampleService.withServer(store: store) { client, _ in
            for patient in patients {
                let p = patient.position
                let answer = try await client.get("/api/v1/nearest?lat=\(p.latitude)&lon=\(p.longitude)&k=5")
                XCTAssertEqual(answer.status, .ok)
                let found = try answer.json()["volunteers"]?.arrayValue ?? []
                let brute = available.map { ($0.rpps, Geodesic.distanceKm(p, $0.position)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5)
                XCTAssertEqual(found.compactMap { $0["rpps"]?.stringValue }, brute.map(\.0), patient.reference)
                for (f, b) in zip(found, brute) { XCTAssertEqual(f["distance_km"]?.doubleValue ?? -1, b.1, accuracy: 0.0005) }
            }
            let byCommune = try await client.get("/api/v1/nearest?commune=80021&k=3&home_visits=true&max_km=20").json()
            XCTAssertEqual(byCommune["location"]?["cpts"], .array([.string("CPTS-80-002")]))
            let visits = byCommune["volunteers"]?.arrayValue ?? []
            XCTAssertEqual(visits.count, 3)
            XCTAssertTrue(visits.allSatisfy { $0["visites_domicile"] == .bool(true) && ($0["distance_km"]?.doubleValue ?? 99) <= 20 })

            // The distance filter, in both spellings, against a brute-force scan: a radius that keeps some GPs only.
            let amiensPoint = try await store.territoryAnalysis().layer.commune("80021")?.representativePoint
            let amiens = try XCTUnwrap(amiensPoint)
            let withinFive = available.filter { Geodesic.distanceKm(amiens, $0.position) <= 5 }.map(\.rpps)
            XCTAssertGreaterThan(withinFive.count, 0)
            XCTAssertLessThan(withinFive.count, 50, "the radius must leave GPs out for the filter to show")
            for spelling in ["max_km", "max-km"] {
                let near = try await client.get("/api/v1/nearest?commune=80021&k=50&\(spelling)=5").json()
                let rpps = (near["volunteers"]?.arrayValue ?? []).compactMap { $0["rpps"]?.stringValue }
                XCTAssertEqual(Set(rpps), Set(withinFive), spelling)
            }

            for bad in ["/api/v1/nearest?lat=95&lon=2", "/api/v1/nearest?lat=49.9", "/api/v1/nearest?commune=99999",
                        "/api/v1/nearest?commune=80021&k=0", "/api/v1/nearest?commune=80021&home_visits=maybe",
                        "/api/v1/white-zones?national=yes"] {
                let answer = try await client.get(bad)
                XCTAssertEqual(answer.status, .badRequest, bad)
                XCTAssertNotNil(try answer.json()["detail"]?.stringValue, bad)
            }
        }
    }

    func testPatientEndpointsNeedTheCoordinatorOfTheCPTS() async throws {
        let store = try await SampleService.freshStore()
        try await SampleService.withServer(store: store) { client, _ in
            let endpoints: [(method: String, uri: String)] = [("POST", "/api/v1/match"), ("GET", "/api/v1/requests-near?rpps=10731857727"),
                                                              ("POST", "/api/v1/roster"), ("POST", "/api/v1/waiting-list")]
            for (method, uri) in endpoints {
                for (token, status) in [(nil, HTTPResponse.Status.unauthorized), (SampleService.ars, .forbidden)] {
                    let answer = method == "GET" ? try await client.get(uri, token: token) : try await client.post(uri, token: token, body: "x")
                    XCTAssertEqual(answer.status, status, "\(method) \(uri) with \(token ?? "no token")")
                    XCTAssertNotNil(try answer.json()["error"], uri)
                }
            }
            let invalid = try await client.get("/api/v1/cpts", token: "not-a-token-of-ours")
            XCTAssertEqual(invalid.status, .unauthorized)
        }
        // Every refusal is in the trail, with the caller and the path, and nothing else is: no patient data was read.
        let trail = try await store.auditTrail(since: nil, cpts: nil)
        XCTAssertEqual(trail.map(\.action), Array(repeating: .denied, count: 9))
        XCTAssertEqual(trail.map(\.who).filter { $0.hasPrefix("ars#") }.count, 4)
        XCTAssertEqual(trail.map(\.who).filter { $0 == "anonymous" }.count, 4)
        XCTAssertEqual(trail.last?.who, "invalid-token")
        XCTAssertEqual(trail.filter { $0.outcome.hasPrefix("403 POST /api/v1/match") }.count, 1)
        XCTAssertTrue(trail.allSatisfy { $0.patients == 0 })
    }

    func testMatchingIsScopedDryRunThenCommitted() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let amiensCommunes = Set(analysis.perimeters.first { $0.id == "CPTS-80-002" }!.communeCodes)
        let waitingInAmiens = try await store.pendingPatientRequests().filter { $0.cpts == "CPTS-80-002" }
        XCTAssertTrue(waitingInAmiens.allSatisfy { amiensCommunes.contains($0.communeCode) })
        let placesBefore = try await store.volunteers().reduce(0) { $0 + $1.placesRemaining }
        let outsideBefore = try await store.volunteers().filter { !amiensCommunes.contains($0.communeCode) }
        try await SampleService.withServer(store: store) { client, _ in
            let dry = try await client.post("/api/v1/match?max_km=30", token: SampleService.amiens, body: "").json()
            let references = Set((dry["assignments"]?.arrayValue ?? []).compactMap { $0["reference"]?.stringValue }
                                 + (dry["unassigned"]?.arrayValue ?? []).compactMap { $0["reference"]?.stringValue })
            XCTAssertEqual(references, Set(waitingInAmiens.map(\.reference)), "only the patients of the token's CPTS")
            XCTAssertEqual(dry["committed"], .bool(false))
            // Priority by priority (ALD first), the optimum places at least as many as the greedy baseline; only
            // where it places exactly as many is its total distance comparable, and then no longer.
            let rows = dry["by_priority"]?.arrayValue ?? []
            XCTAssertEqual(rows.compactMap { $0["priorite"]?.stringValue }, PatientPriority.allCases.map(\.rawValue))
            let optimal = rows.map { Int($0["placed"]?.doubleValue ?? -1) }, greedy = rows.map { Int($0["placed_by_greedy"]?.doubleValue ?? -1) }
            XCTAssertFalse(optimal.lexicographicallyPrecedes(greedy), "placed \(optimal), greedy \(greedy)")
            XCTAssertEqual(optimal.reduce(0, +), dry["assignments"]?.arrayValue?.count)
            if optimal == greedy {
                XCTAssertLessThanOrEqual(try XCTUnwrap(dry["total_distance_km"]?.doubleValue), try XCTUnwrap(dry["greedy_total_distance_km"]?.doubleValue))
            }
            let pendingAfterDryRun = try await store.pendingPatientRequests()
            XCTAssertEqual(pendingAfterDryRun.count, 2000, "a dry run changes nothing")

            let committed = try await client.post("/api/v1/match?max_km=30&commit=true", token: SampleService.amiens, body: "").json()
            let placed = committed["assignments"]?.arrayValue?.count ?? 0
            XCTAssertGreaterThan(placed, 0)
            let pendingAfterCommit = try await store.pendingPatientRequests()
            XCTAssertEqual(pendingAfterCommit.count, 2000 - placed)
            let volunteersAfterCommit = try await store.volunteers()
            XCTAssertEqual(volunteersAfterCommit.reduce(0) { $0 + $1.placesRemaining }, placesBefore - placed)
            let again = try await client.post("/api/v1/match?commit=true", token: SampleService.amiens, body: "").json()
            XCTAssertEqual(again["assignments"]?.arrayValue?.count ?? -1, 0, "the placed patients wait no more")
        }
        let volunteersAfter = try await store.volunteers()
        XCTAssertEqual(volunteersAfter.filter { !amiensCommunes.contains($0.communeCode) }, outsideBefore,
                       "no place taken from a GP practising outside the CPTS")
        let entries = try await store.auditTrail(since: nil, cpts: "CPTS-80-002")
        XCTAssertEqual(entries.map(\.action), [.matchDryRun, .matchCommit, .matchCommit])
        XCTAssertTrue(entries.allSatisfy { $0.who.hasPrefix("coordinator:CPTS-80-002#") })
        let logged = try String(decoding: JSONEncoder().encode(entries), as: UTF8.self)
        for request in waitingInAmiens {
            XCTAssertFalse(logged.contains(request.reference), "no patient reference in the audit log")
            XCTAssertFalse(logged.contains(String(format: "%.4f", request.position.latitude)), "no patient location in the audit log")
        }
    }

    func testRequestsNearAGPShowOnlyTheCPTSPatients() async throws {
        let store = try await SampleService.freshStore()
        let analysis = try await store.territoryAnalysis()
        let lilleCommunes = Set(analysis.perimeters.first { $0.id == "CPTS-59-001" }!.communeCodes)
        let gp = try await store.volunteers().first { $0.communeCode == "59350" }!
        let expected = try await store.pendingPatientRequests()
            .filter { $0.cpts == "CPTS-59-001" && Geodesic.distanceKm(gp.position, $0.position) <= 5 }
        XCTAssertGreaterThan(expected.count, 0)
        XCTAssertTrue(expected.allSatisfy { lilleCommunes.contains($0.communeCode) })
        try await SampleService.withServer(store: store) { client, _ in
            let answer = try await client.get("/api/v1/requests-near?rpps=\(gp.rpps)&km=5", token: SampleService.lille)
            XCTAssertEqual(answer.status, .ok)
            let rows = try answer.json().arrayValue ?? []
            XCTAssertEqual(Set(rows.compactMap { $0["reference"]?.stringValue }), Set(expected.map(\.reference)))
            let distances = rows.compactMap { $0["distance_km"]?.doubleValue }
            XCTAssertEqual(distances, distances.sorted(), "nearest first")
            // To the half kilometre, each the exact distance rounded.
            let exact = Dictionary(uniqueKeysWithValues: expected.map { ($0.reference, Geodesic.distanceKm(gp.position, $0.position)) })
            for row in rows {
                let km = try XCTUnwrap(row["distance_km"]?.doubleValue), reference = try XCTUnwrap(row["reference"]?.stringValue)
                XCTAssertEqual(km, (exact[reference]! * 2).rounded() / 2, reference)
            }
            XCTAssertTrue(rows.allSatisfy { $0["lat"] == nil && $0["lon"] == nil }, "no patient address")
            let other = try await client.get("/api/v1/requests-near?rpps=\(gp.rpps)&km=5", token: SampleService.amiens)
            XCTAssertEqual(other.status, .forbidden, "a GP of Lille is not Amiens's to query")
            let bad = try await client.get("/api/v1/requests-near?rpps=12345678901", token: SampleService.lille)
            XCTAssertEqual(bad.status, .badRequest)
        }
    }

    func testUploadsKeepTheGoodRowsAndNameTheBadOnes() async throws {
        let store = try await SampleService.freshStore()
        let roster = String(decoding: try FileBytes.read(SampleService.sample + "/medecins-volontaires.csv.gz"), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map(String.init)
        let volunteers = try await store.volunteers()
        let analysis = try await store.territoryAnalysis()
        let amiens = Set(analysis.perimeters.first { $0.id == "CPTS-80-002" }!.communeCodes)
        let inAmiens = Set(volunteers.filter { amiens.contains($0.communeCode) }.map(\.rpps))
        let mine = roster.dropFirst().filter { inAmiens.contains(String($0.prefix(11))) }
        let elsewhere = roster.dropFirst().first { !inAmiens.contains(String($0.prefix(11))) }!
        // header, the Amiens GPs with 7 places each, one GP of another CPTS, one malformed line
        let upload = ([roster[0]] + mine.map { Self.withPlaces($0, 7) } + [elsewhere, "10000000000;oui"]).joined(separator: "\n")
        try await SampleService.withServer(store: store) { client, state in
            let answer = try await client.post("/api/v1/roster", token: SampleService.amiens, body: upload, contentType: "text/csv")
            XCTAssertEqual(answer.status, .ok, answer.text)
            let summary = try answer.json()
            XCTAssertEqual(summary["imported_in_cpts"]?.doubleValue, Double(mine.count))
            XCTAssertEqual(summary["rejected_outside_cpts"]?.doubleValue, 1)
            let lines = (summary["issue_list"]?.arrayValue ?? []).compactMap { $0["line"]?.doubleValue }
            XCTAssertEqual(lines, [Double(mine.count + 2), Double(mine.count + 3)], "the GP elsewhere and the malformed line, by line")
            let stored = try await store.volunteers()
            XCTAssertEqual(stored.count, volunteers.count, "the other CPTS keep their volunteers")
            XCTAssertTrue(stored.filter { inAmiens.contains($0.rpps) }.allSatisfy { $0.placesRemaining == 7 })
            let public_ = try await client.get("/ogc/collections/volunteers/items/\(inAmiens.first!)").json()
            XCTAssertEqual(public_["properties"]?["places_restantes"]?.doubleValue, 7, "the service answers from the new roster")

            let badHeader = try await client.post("/api/v1/roster", token: SampleService.amiens, body: "rpps,places\n1,2", contentType: "text/csv")
            XCTAssertEqual(badHeader.status, .badRequest)
            XCTAssertEqual(try badHeader.json()["error"]?.stringValue, "invalid CSV")

            let waiting = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le\n"
                + "NEW-0001;80021;;;ALD;non;2026-11-01\nNEW-0002;59350;;;aucune;non;2026-11-02\nNEW-0003;80021;;;urgent;non;2026-11-03"
            let added = try await client.post("/api/v1/waiting-list", token: SampleService.amiens, body: waiting, contentType: "text/csv")
            XCTAssertEqual(added.status, .ok, added.text)
            let result = try added.json()
            XCTAssertEqual(result["inserted"]?.doubleValue, 1)
            XCTAssertEqual(result["rejected_outside_cpts"]?.doubleValue, 1)
            XCTAssertEqual((result["issue_list"]?.arrayValue ?? []).compactMap { $0["line"]?.doubleValue }, [3, 4])
            let pending = try await store.pendingPatientRequests()
            XCTAssertTrue(pending.contains { $0.reference == "NEW-0001" })
            XCTAssertFalse(pending.contains { $0.reference == "NEW-0002" }, "Lille is not Amiens's to fill")
            _ = state
        }
    }

    /// A roster line with another `places_restantes` (third field).
    /// Rows PostgreSQL would refuse with a 500 (a NUL in a text, an integer beyond its columns) and SQLite would store
    /// are refused by the importers, line by line, before either store: both lanes run this test and answer alike.
    func testHostileRowsAreRefusedAlikeByBothStores() async throws {
        let store = try await SampleService.freshStore()
        let roster = String(decoding: try FileBytes.read(SampleService.sample + "/medecins-volontaires.csv.gz"), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map(String.init)
        let analysis = try await store.territoryAnalysis()
        let amiens = Set(analysis.perimeters.first { $0.id == "CPTS-80-002" }!.communeCodes)
        let inAmiens = Set(try await store.volunteers().filter { amiens.contains($0.communeCode) }.map(\.rpps)).sorted()
        let rows: [String] = Array(roster[1...].filter { inAmiens.contains(String($0.prefix(11))) }.prefix(3))
        XCTAssertEqual(rows.count, 3)
        let upload = [roster[0], Self.withPlaces(rows[0], 3_000_000_000), Self.withPlaces(rows[1], VolunteerRoster.maximumPlaces),
                      Self.withPlaces(rows[2], VolunteerRoster.maximumPlaces + 1)].joined(separator: "\n")
        let waiting = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le\n"
            + "NUL-\u{0}-1;80021;;;ALD;non;2026-11-01\n" + String(repeating: "R", count: 65) + ";80021;;;ALD;non;2026-11-01\n"
            + "TAB-\t-3;80021;;;ALD;non;2026-11-01\n" + "GOOD-0004;80021;;;ALD;non;2026-11-01"
        try await SampleService.withServer(store: store) { client, _ in
            let answer = try await client.post("/api/v1/roster", token: SampleService.amiens, body: upload, contentType: "text/csv")
            XCTAssertEqual(answer.status, .ok, answer.text)
            let issues = try answer.json()["issue_list"]?.arrayValue ?? []
            XCTAssertEqual(issues.compactMap { $0["line"]?.doubleValue }, [2, 4], "beyond \(VolunteerRoster.maximumPlaces) places")
            XCTAssertTrue(issues.allSatisfy { $0["reason"]?.stringValue?.contains("de 0 à 9999") == true }, "\(issues)")
            let kept = try await store.volunteers().first { $0.rpps == String(rows[1].prefix(11)) }
            XCTAssertEqual(kept?.placesRemaining, VolunteerRoster.maximumPlaces)

            let added = try await client.post("/api/v1/waiting-list", token: SampleService.amiens, body: waiting, contentType: "text/csv")
            XCTAssertEqual(added.status, .ok, added.text)
            let result = try added.json()
            XCTAssertEqual(result["inserted"]?.doubleValue, 1)
            let refused = (result["issue_list"]?.arrayValue ?? []).map { ($0["line"]?.doubleValue ?? 0, $0["reason"]?.stringValue ?? "") }
            XCTAssertEqual(refused.map(\.0), [2, 3, 4])
            XCTAssertTrue(refused[0].1.contains("caractère de contrôle"), refused[0].1)
            XCTAssertTrue(refused[1].1.contains("65 octets (au plus 64)"), refused[1].1)
            let pending = try await store.pendingPatientRequests(ofCPTS: "CPTS-80-002").map(\.reference)
            XCTAssertTrue(pending.contains("GOOD-0004"))
            XCTAssertFalse(pending.contains { $0.unicodeScalars.contains { $0.value < 0x20 } || $0.utf8.count > 64 })
        }
    }

    static func withPlaces(_ line: String, _ places: Int) -> String {
        var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        fields[2] = String(places)
        return fields.joined(separator: ";")
    }
}
