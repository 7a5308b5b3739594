import ChildProcess
import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import OpenData
import UseCases
import XCTest

/// The public and ARS endpoints of `/api/v1`, over real HTTP, against the Hauts-de-France sample.
final class TerritoryAPITests: XCTestCase {
    func testHealthAndMapPage() async throws {
        try await SampleService.withServer { client, _ in
            let health = try await client.get("/health")
            XCTAssertEqual(health.status, .ok)
            XCTAssertEqual(try health.json()["cpts"]?.doubleValue, 63)
            XCTAssertEqual(try health.json()["communes"]?.doubleValue, 3782)
            let page = try await client.get("/")
            XCTAssertEqual(page.headers[.contentType], "text/html; charset=utf-8")
            XCTAssertTrue(page.text.contains("<div id=\"map\">"))
            XCTAssertTrue(page.text.contains("<script src=\"/vendor/leaflet/leaflet.js\">"), "Leaflet from this server")
            XCTAssertFalse(page.text.contains("http://") || page.text.contains("https://"), "the page must not load outside scripts")
        }
    }

    /// The page's script and style are files served beside it, as the page names them; node parses each script as
    /// served (a syntax error in a file is caught here, before a browser meets it).
    func testWebMapFilesServedAndParsed() async throws {
        try await SampleService.withServer { client, _ in
            let page = try await client.get("/").text
            let node = ChildProcess.isInstalled("node")
            if !node, ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("node (Debian nodejs) is required but not installed") }
            for (path, type) in [("/web/map.js", "text/javascript; charset=utf-8"), ("/web/panel.js", "text/javascript; charset=utf-8"),
                                 ("/web/practitioner.js", "text/javascript; charset=utf-8"), ("/web/indicators.js", "text/javascript; charset=utf-8"),
                                 ("/web/map.css", "text/css; charset=utf-8")] {
                XCTAssertTrue(page.contains("\"\(path)\""), "the page loads \(path)")
                let file = try await client.get(path)
                XCTAssertEqual(file.status, .ok, path)
                XCTAssertEqual(file.headers[.contentType], type, path)
                XCTAssertGreaterThan(file.text.count, 200, path)
                guard node, path.hasSuffix(".js") else { continue }
                let copy = NSTemporaryDirectory() + "maillage-\(UUID().uuidString).js"
                try file.text.write(toFile: copy, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: copy) }
                let checked = try ChildProcess.capture("/usr/bin/env", ["node", "--check", copy])
                XCTAssertEqual(checked.status, 0, "\(path): \(checked.standardError)")
            }
            // node --check refuses what it cannot parse: the check above is not vacuous.
            let broken = NSTemporaryDirectory() + "maillage-broken-\(UUID().uuidString).js"
            try "const a = ;".write(toFile: broken, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: broken) }
            if node { XCTAssertNotEqual(try ChildProcess.capture("/usr/bin/env", ["node", "--check", broken]).status, 0) }
        }
    }

    func testCPTSListAndDetail() async throws {
        try await SampleService.withServer { client, _ in
            let list = try await client.get("/api/v1/cpts?status=aci-signe")
            XCTAssertEqual(list.status, .ok)
            XCTAssertEqual(list.headers[.contentType], "application/json")
            let rows = try list.json().arrayValue ?? []
            XCTAssertEqual(rows.count, 63)
            XCTAssertTrue(rows.allSatisfy { ($0["counts_as_covering"] == .bool(true)) == ($0["status"]?.stringValue == "aci-signe") })

            let amiens = try await client.get("/api/v1/cpts/CPTS-80-002").json()
            XCTAssertEqual(amiens["name"]?.stringValue, "CPTS Amiens")
            let population = try XCTUnwrap(amiens["population"]?.doubleValue)
            XCTAssertGreaterThan(population, 0)
            XCTAssertEqual(amiens["coverage"]?["population_covered"]?.doubleValue, population)
            XCTAssertTrue(amiens["commune_codes"]?.arrayValue?.contains(.string("80021")) == true)
            XCTAssertEqual(amiens["size_category"]?.doubleValue, Double(Self.sizeCategory(amiens["population"]?.doubleValue ?? 0)))

            let commune = try await client.get("/api/v1/communes/80021").json()
            XCTAssertEqual(commune["name"]?.stringValue, "Amiens")
            XCTAssertEqual(commune["cpts"], .array([.string("CPTS-80-002")]))
            let noCommune = try await client.get("/api/v1/communes/99999")
            XCTAssertEqual(noCommune.status, .notFound)

            let missing = try await client.get("/api/v1/cpts/CPTS-00-000")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(try missing.json()["error"]?.stringValue, "unknown CPTS")
            XCTAssertNotNil(try missing.json()["detail"])
        }
    }

    func testCoverageMatchesTheScenario() async throws {
        try await SampleService.withServer { client, _ in
            let nation = try await client.get("/api/v1/coverage").json()
            XCTAssertEqual(nation["population_total"]?.doubleValue, 5_992_194)
            XCTAssertEqual(nation["coverage_rate"]?.doubleValue ?? 0, 0.840, accuracy: 0.0005)
            let byDepartement = try await client.get("/api/v1/coverage?by=departement").json().arrayValue ?? []
            XCTAssertEqual(byDepartement.compactMap { $0["departement"]?.stringValue }.sorted(), ["02", "59", "60", "62", "80"])
            XCTAssertEqual(byDepartement.compactMap { $0["population_total"]?.doubleValue }.reduce(0, +), 5_992_194)
            // A narrower status filter can only lower the covered population.
            let signed = try await client.get("/api/v1/coverage?status=aci-signe").json()
            XCTAssertLessThan(signed["population_covered"]?.doubleValue ?? .infinity, nation["population_covered"]?.doubleValue ?? 0)

            for bad in ["/api/v1/coverage?by=canton", "/api/v1/coverage?status=signed"] {
                let answer = try await client.get(bad)
                XCTAssertEqual(answer.status, .badRequest, bad)
                XCTAssertEqual(try answer.json()["error"]?.stringValue, "invalid parameter", bad)
            }
        }
    }

    func testOverlapsAndWhiteZones() async throws {
        try await SampleService.withServer { client, _ in
            let overlaps = try await client.get("/api/v1/overlaps").json().arrayValue ?? []
            let summary = try JSONParser.parse(try FileBytes.read(SampleService.sample + "/scenario-summary.json.gz"))
            let injectedOverlaps = try XCTUnwrap(summary["overlaps_injected"]?.arrayValue)
            XCTAssertEqual(injectedOverlaps.count, 10)
            for injected in injectedOverlaps {
                let triple = injected.arrayValue?.compactMap(\.stringValue) ?? []
                XCTAssertTrue(overlaps.contains { o in
                    Set([o["cpts_a"]?.stringValue, o["cpts_b"]?.stringValue]) == Set([triple[0], triple[1]])
                        && o["commune_codes"]?.arrayValue?.contains(.string(triple[2])) == true
                }, "overlap \(triple) not reported")
            }
            let nation = try await client.get("/api/v1/coverage").json()
            let uncovered = (nation["population_total"]?.doubleValue ?? 0) - (nation["population_covered"]?.doubleValue ?? 0)
            let zones = try await client.get("/api/v1/white-zones").json().arrayValue ?? []
            XCTAssertEqual(zones.compactMap { $0["population"]?.doubleValue }.reduce(0, +), uncovered)
            // Cut at the régions' limits by default; as the touch graph joins them with national=true (the sample's two
            // régions do not touch: the same zones).
            let national = try await client.get("/api/v1/white-zones?national=true").json().arrayValue ?? []
            XCTAssertEqual(national.compactMap { $0["id"]?.stringValue }, zones.compactMap { $0["id"]?.stringValue })
            let refused = try await client.get("/api/v1/white-zones?national=oui")
            XCTAssertEqual(refused.status, .badRequest, refused.text)
            let somme = try await client.get("/api/v1/white-zones?departement=80").json().arrayValue ?? []
            XCTAssertFalse(somme.isEmpty)
            XCTAssertTrue(somme.allSatisfy { $0["departements"] == .array([.string("80")]) })
        }
    }

    func testPerimeterCheck() async throws {
        try await SampleService.withServer { client, _ in
            let proposal = #"{"id":"PROJET-80","name":"Projet Amiens nord","communes":["80021","80001","99999"]}"#
            let anonymous = try await client.post("/api/v1/perimeter-check", body: proposal)
            XCTAssertEqual(anonymous.status, .unauthorized)
            let answer = try await client.post("/api/v1/perimeter-check", token: SampleService.ars, body: proposal)
            XCTAssertEqual(answer.status, .ok)
            let check = try answer.json()
            XCTAssertEqual(check["unknown_codes"], .array([.string("99999")]))
            XCTAssertEqual(check["communes"]?.doubleValue, 2)
            // Amiens (80021) belongs to CPTS-80-002: the proposal overlaps it.
            XCTAssertTrue(check["overlaps"]?.arrayValue?.contains { $0["cpts"]?.stringValue == "CPTS-80-002" } == true)

            for (body, expected) in [("{not json", "invalid JSON"), (#"{"communes":"80021"}"#, "invalid body"), (#"{"communes":["99999"]}"#, "invalid body")] {
                let bad = try await client.post("/api/v1/perimeter-check", token: SampleService.ars, body: body)
                XCTAssertEqual(bad.status, .badRequest, body)
                XCTAssertEqual(try bad.json()["error"]?.stringValue, expected, body)
            }
        }
    }

    /// A stored CPTS's diagnostic is public; a proposal's needs a token, and a proposal of the same communes has the
    /// same professions, officines and neighbours (its own id apart).
    func testDiagnosticOfACPTSAndOfAProposal() async throws {
        try await SampleService.withServer { client, _ in
            let stored = try await client.get("/api/v1/cpts/CPTS-80-002/diagnostic")
            XCTAssertEqual(stored.status, .ok, stored.text)
            let diagnostic = try stored.json()
            XCTAssertEqual(diagnostic["perimeter"]?["id"]?.stringValue, "CPTS-80-002")
            // The EPCI's name as BANATIC gives it, stored with the communes.
            XCTAssertEqual(diagnostic["perimeter"]?["epci"]?.arrayValue?.first?["name"]?.stringValue, "CA Amiens Métropole")
            let professions = try XCTUnwrap(diagnostic["professions"]?.arrayValue)
            XCTAssertEqual(professions.compactMap { $0["code"]?.stringValue }, ["10", "10-generaliste", "21", "40", "50", "60", "70", "91"])
            XCTAssertGreaterThan(professions[1]["practitioners"]?.doubleValue ?? 0, 10, "Amiens has GPs")
            let codes = try XCTUnwrap(diagnostic["perimeter"]?["commune_codes"]?.arrayValue?.compactMap(\.stringValue))

            let csv = try await client.get("/api/v1/cpts/CPTS-80-002/diagnostic?format=csv")
            XCTAssertEqual(csv.status, .ok)
            XCTAssertTrue(csv.text.hasPrefix("code;label;practitioners;per_10k;departement_per_10k;region_per_10k;national_per_10k"), csv.text)
            XCTAssertEqual(csv.text.split(whereSeparator: \.isNewline).count, 9)

            let badFormat = try await client.get("/api/v1/cpts/CPTS-80-002/diagnostic?excel=1&format=xlsx")
            XCTAssertEqual(badFormat.status, .badRequest, "a format that is none is refused, excel or not")
            let unknown = try await client.get("/api/v1/cpts/CPTS-00-000/diagnostic")
            XCTAssertEqual(unknown.status, .notFound)

            let body = #"{"id":"PROJET","communes":["# + (codes + ["99999"]).map { "\"\($0)\"" }.joined(separator: ",") + "]}"
            let anonymous = try await client.post("/api/v1/diagnostic", body: body)
            XCTAssertEqual(anonymous.status, .unauthorized)
            let proposal = try await client.post("/api/v1/diagnostic", token: SampleService.ars, body: body)
            XCTAssertEqual(proposal.status, .ok, proposal.text)
            let proposed = try proposal.json()
            XCTAssertEqual(proposed["unknown_codes"], .array([.string("99999")]))
            for member in ["professions", "pharmacies", "neighbours", "accessibility"] { XCTAssertEqual(proposed[member], diagnostic[member], member) }
            XCTAssertTrue(proposed["flags"]?.arrayValue?.contains { $0["code"]?.stringValue == "overlap" && $0["message"]?.stringValue?.contains("CPTS-80-002") == true } == true,
                          "the proposal overlaps the CPTS it copies")

            // The same communes as a bare JSON list, and as one CPTS in the layout of `import cpts`.
            let list = try await client.post("/api/v1/diagnostic", token: SampleService.ars, body: "[" + codes.map { "\"\($0)\"" }.joined(separator: ",") + "]")
            XCTAssertEqual(list.status, .ok, list.text)
            XCTAssertEqual(try list.json()["professions"], diagnostic["professions"])
            let perimeterCSV = "cpts_id;cpts_nom;statut;code_commune;nom_commune\n" + codes.map { "P-80;Projet;pre-projet;\($0);" }.joined(separator: "\n") + "\n"
            let fromCSV = try await client.post("/api/v1/diagnostic", token: SampleService.ars, body: perimeterCSV, contentType: "text/csv; charset=utf-8")
            XCTAssertEqual(fromCSV.status, .ok, fromCSV.text)
            XCTAssertEqual(try fromCSV.json()["perimeter"]?["id"]?.stringValue, "P-80")
            XCTAssertEqual(try fromCSV.json()["professions"], diagnostic["professions"])
            for bad in ["not;a;perimeter\n1;2;3\n", perimeterCSV + "P-81;Autre;pre-projet;80001;\n"] {
                let refused = try await client.post("/api/v1/diagnostic", token: SampleService.ars, body: bad, contentType: "text/csv")
                XCTAssertEqual(refused.status, .badRequest, refused.text)
            }
        }
    }

    /// What a client sizes in a proposal is bounded before any work, and a long list of one repeated code is read in
    /// linear time (200 000 codes took 29 s when each was looked up in the list so far).
    func testPerimeterCheckBoundsWhatTheClientSizes() async throws {
        try await SampleService.withServer(maxBodyBytes: 4 << 20) { client, _ in
            func proposal(_ codes: [String], name: String = "Projet") -> String {
                #"{"name":"\#(name)","communes":["\#(codes.joined(separator: "\",\""))"]}"#
            }
            let started = ContinuousClock.now
            let repeated = try await client.post("/api/v1/perimeter-check", token: SampleService.ars,
                                                 body: proposal(Array(repeating: "80021", count: CheckPerimeter.maximumCodes)))
            XCTAssertEqual(repeated.status, .ok)
            XCTAssertEqual(try repeated.json()["communes"]?.doubleValue, 1, "one commune, however many times listed")
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(10), "linear in the codes")
            let refusals = [
                (proposal(Array(repeating: "80021", count: CheckPerimeter.maximumCodes + 1)), "au plus 40000 codes (40001 reçus)"),
                (proposal(["80021", String(repeating: "8", count: 11)]), "code de 11 octets"),
                (proposal(["80021"], name: String(repeating: "é", count: 101)), "name doit être au plus 200 octets"),
            ]
            for (body, reason) in refusals {
                let answer = try await client.post("/api/v1/perimeter-check", token: SampleService.ars, body: body)
                XCTAssertEqual(answer.status, .badRequest, reason)
                let json = try answer.json()
                XCTAssertEqual(json["error"]?.stringValue, "invalid parameter", reason)
                XCTAssertTrue(json["detail"]?.stringValue?.contains(reason) == true, "\(json) ∌ \(reason)")
            }
            let unknown = try await client.post("/api/v1/perimeter-check", token: SampleService.ars,
                                                body: proposal((0..<500).map { String(90000 + $0) }))
            XCTAssertEqual(unknown.status, .badRequest)
            XCTAssertTrue(try unknown.json()["detail"]?.stringValue?.hasSuffix("… (500 en tout))") == true, "the first unknown codes only")
        }
    }

    func testErrorsAreJSONWithTheRightStatus() async throws {
        try await SampleService.withServer(maxBodyBytes: 4096) { client, _ in
            let unknown = try await client.get("/api/v1/nothing-here")
            XCTAssertEqual(unknown.status, .notFound)
            XCTAssertEqual(try unknown.json()["error"]?.stringValue, "not found")
            let oversized = try await client.post("/api/v1/perimeter-check", token: SampleService.ars,
                                                  body: #"{"communes":["# + String(repeating: #""80021","#, count: 1000) + #""80021"]}"#)
            XCTAssertEqual(oversized.status, .contentTooLarge)
            XCTAssertEqual(try oversized.json()["error"]?.stringValue, "content too large")
            let badToken = try await client.get("/api/v1/cpts", token: "not-a-known-token")
            XCTAssertEqual(badToken.status, .unauthorized)
            XCTAssertEqual(try badToken.json()["error"]?.stringValue, "invalid token")
        }
    }

    /// The ACI's size categories: 1 below 40 000, 2 below 80 000, 3 up to 175 000, 4 above.
    static func sizeCategory(_ population: Double) -> Int {
        population < 40_000 ? 1 : population < 80_000 ? 2 : population <= 175_000 ? 3 : 4
    }
}
