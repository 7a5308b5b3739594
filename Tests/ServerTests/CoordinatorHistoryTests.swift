import Foundation
import GeometryKit
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MaillageServer
import OpenData
import Storage
import Territory
import UseCases
import XCTest

/// The coordinator's day through the API: an Excel waiting list uploaded, matched with the GPs by name, committed,
/// then the pending list and the history read back as JSON and as the CSV a French Excel opens.
final class CoordinatorHistoryTests: XCTestCase {
    /// Windows-1252 bytes of `text` (every character of it is in Latin-1).
    static func windows1252(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8($0.value) } }

    func testExcelUploadMatchCommitAndHistory() async throws {
        let store = try await SampleService.freshStore()
        let list = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le\r\n"
            + "DEMANDE-É-001;80021;49,894;2,302;ALD;non;03/11/2026\r\nDEMANDE-É-002;80021;;;aucune;non;04/11/2026\r\n"
            + "DEMANDE-É-003;80021;;;C2S;oui;31/11/2026\r\n"
        let gps = try await store.volunteers(inCommunes: ["80021"]).filter(\.isAvailable)
        XCTAssertGreaterThan(gps.count, 0)
        let directory = PractitionerIdentity.of(try await store.practitionerActivities(rpps: gps.map(\.rpps)))
        XCTAssertEqual(Set(directory.keys), Set(gps.map(\.rpps)), "every volunteer has his name from the RPPS extract")
        try await SampleService.withServer(store: store) { client, _ in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer " + SampleService.amiens
            headers[.contentType] = "text/csv"
            let upload = try await client.executeRequest(uri: "/api/v1/waiting-list", method: .post, headers: headers,
                                                         body: ByteBuffer(bytes: Self.windows1252(list)))
            XCTAssertEqual(upload.status, .ok, upload.text)
            let merged = try upload.json()
            XCTAssertEqual(merged["inserted"]?.doubleValue, 2)
            XCTAssertEqual((merged["issue_list"]?.arrayValue ?? []).compactMap { $0["line"]?.doubleValue }, [4], "31/11 does not exist")

            let pending = try await client.get("/api/v1/waiting-list", token: SampleService.amiens).json().arrayValue ?? []
            let mine = pending.filter { ($0["reference"]?.stringValue ?? "").hasPrefix("DEMANDE-É") }
            XCTAssertEqual(mine.compactMap { $0["inscrit_le"]?.stringValue }, ["2026-11-03", "2026-11-04"])
            XCTAssertEqual(mine.first?["nom_commune"]?.stringValue, "Amiens")
            let stored = try await store.pendingPatientRequests(ofCPTS: "CPTS-80-002")
            XCTAssertEqual(pending.count, stored.count)

            let dry = try await client.post("/api/v1/match?max_km=30", token: SampleService.amiens, body: "").json()
            for row in dry["assignments"]?.arrayValue ?? [] {
                let rpps = try XCTUnwrap(row["rpps"]?.stringValue)
                XCTAssertEqual(row["nom"]?.stringValue, directory[rpps]?.name, rpps)
                XCTAssertEqual(row["adresse"]?.stringValue, directory[rpps]?.practiceAddress, rpps)
            }
            XCTAssertTrue((dry["unassigned"]?.arrayValue ?? []).allSatisfy {
                [UnassignedReason.nobodyWithinReach.rawValue, UnassignedReason.capacityExhausted.rawValue].contains($0["reason"]?.stringValue ?? "")
            })
            let committed = try await client.post("/api/v1/match?max_km=30&commit=true", token: SampleService.amiens, body: "").json()
            let placed = committed["assignments"]?.arrayValue ?? []
            XCTAssertGreaterThan(placed.count, 0)

            let today = String(AuditEvent.timestamp(Date()).prefix(10))
            let history = try await client.get("/api/v1/assignments?from=\(today)&to=\(today)", token: SampleService.amiens).json().arrayValue ?? []
            XCTAssertEqual(Set(history.compactMap { $0["reference"]?.stringValue }), Set(placed.compactMap { $0["reference"]?.stringValue }))
            let recorded = try await store.assignedPatientRequests(ofCPTS: "CPTS-80-002", from: nil, to: nil)
            XCTAssertEqual(history.count, recorded.count)
            for (row, assignment) in zip(history, recorded) {
                XCTAssertEqual(row["reference"]?.stringValue, assignment.reference)
                XCTAssertEqual(row["nom"]?.stringValue, directory[assignment.rpps]?.name)
                XCTAssertEqual(row["distance_km"]?.doubleValue ?? -1, assignment.distanceKm, accuracy: 0.0005)
                XCTAssertTrue((row["oriente_le"]?.stringValue ?? "").hasPrefix(today))
            }
            let yesterday = try await client.get("/api/v1/assignments?to=01/01/2026", token: SampleService.amiens).json()
            XCTAssertEqual(yesterday.arrayValue?.count, 0, "nothing oriented before the period")
            let reversed = try await client.get("/api/v1/assignments?from=2026-12-02&to=2026-12-01", token: SampleService.amiens)
            XCTAssertEqual(reversed.status, .ok)
            XCTAssertEqual(try reversed.json().arrayValue?.count, 0, "a period ending before it starts holds nothing")
            let notADay = try await client.get("/api/v1/assignments?from=2026-02-30", token: SampleService.amiens)
            XCTAssertEqual(notADay.status, .badRequest)
            let xlsx = try await client.get("/api/v1/assignments?format=xlsx", token: SampleService.amiens)
            XCTAssertEqual(xlsx.status, .badRequest)

            // The Excel CSV: BOM, `;`, CRLF, decimal comma, accents intact.
            let excel = try await client.get("/api/v1/assignments?format=csv-excel", token: SampleService.amiens)
            XCTAssertEqual(excel.headers[.contentType], "text/csv; charset=utf-8")
            XCTAssertEqual(excel.headers[.contentDisposition], "attachment; filename=\"affectations-CPTS-80-002.csv\"")
            let bytes = Array(excel.body.readableBytesView)
            XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            XCTAssertEqual(lines.first, "reference;priorite;code_commune;nom_commune;rpps;nom;adresse;distance_km;oriente_le")
            XCTAssertEqual(lines.count, recorded.count + 2, "header, rows, and the final CRLF")
            let first = lines[1].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(first[0], recorded[0].reference)
            XCTAssertEqual(Double(first[7].replacingOccurrences(of: ",", with: ".")) ?? -1, recorded[0].distanceKm, accuracy: 0.0005)
            if recorded[0].distanceKm.rounded() != recorded[0].distanceKm { XCTAssertTrue(first[7].contains(","), first[7]) }
            let plain = try await client.get("/api/v1/waiting-list?format=csv", token: SampleService.amiens)
            XCTAssertTrue(plain.text.hasPrefix("reference;code_commune;nom_commune;priorite;besoin_visite_domicile;inscrit_le\n"), plain.text)

            // Anonymous callers see no name; a token's holder does.
            let anonymous = try await client.get("/api/v1/nearest?commune=80021&k=3").json()
            XCTAssertTrue((anonymous["volunteers"]?.arrayValue ?? []).allSatisfy { $0["nom"] == nil && $0["adresse"] == nil })
            let ars = try await client.get("/api/v1/nearest?commune=80021&k=3", token: SampleService.ars).json()
            let named = ars["volunteers"]?.arrayValue ?? []
            XCTAssertEqual(named.count, 3)
            XCTAssertTrue(named.allSatisfy { ($0["nom"]?.stringValue ?? "").isEmpty == false }, "\(named)")

            for uri in ["/api/v1/waiting-list", "/api/v1/assignments"] {
                let anonymous = try await client.get(uri), ars = try await client.get(uri, token: SampleService.ars)
                XCTAssertEqual(anonymous.status, .unauthorized, uri)
                XCTAssertEqual(ars.status, .forbidden, uri)
                let lille = try await client.get(uri, token: SampleService.lille).json().arrayValue ?? []
                XCTAssertFalse(lille.contains { ($0["reference"]?.stringValue ?? "").hasPrefix("DEMANDE-É") }, "\(uri): Amiens's patients only")
            }
        }
        let actions = try await store.auditTrail(since: nil, cpts: "CPTS-80-002").map(\.action)
        XCTAssertEqual(actions.filter { $0 == .waitingListRead }.count, 2)
        XCTAssertEqual(actions.filter { $0 == .assignmentsRead }.count, 4, "every successful read of the history")
    }

    /// A refused upload is in the audit trail too, whatever refused it (here: the body over the limit).
    func testARefusedUploadIsAudited() async throws {
        let store = try await SampleService.freshStore()
        try await SampleService.withServer(store: store, maxBodyBytes: 1024) { client, _ in
            let big = String(repeating: "x", count: 4096)
            let answer = try await client.post("/api/v1/waiting-list", token: SampleService.amiens, body: big, contentType: "text/csv")
            XCTAssertEqual(answer.status, .contentTooLarge)
        }
        let trail = try await store.auditTrail(since: nil, cpts: "CPTS-80-002")
        XCTAssertEqual(trail.map(\.action), [.waitingListUpload])
        XCTAssertEqual(trail.first?.outcome, "refused: 413 content too large")
    }
}
