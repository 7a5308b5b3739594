import ChildProcess
import Foundation
import GeometryKit
import HTTPTypes
import HummingbirdTesting
@testable import MaillageServer
import XCTest

/// The links the service writes come from its configuration, never from a client's headers unless a proxy is trusted;
/// its HTML pages carry the headers that keep a page where a token is typed from being framed or fed other scripts.
final class LinksAndHeadersTests: XCTestCase {
    /// `curl` with the headers given (a client sets Host as it likes); the first link of the OGC landing page.
    private static func ogcSelfLink(port: Int, headers: [String]) throws -> String? {
        let answer = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail-with-body"] + headers.flatMap { ["-H", $0] }
                                          + ["http://127.0.0.1:\(port)/ogc"])
        XCTAssertEqual(answer.status, 0, answer.output)
        return try JSONParser.parse(Array(answer.output.utf8))["links"]?.arrayValue?.first?["href"]?.stringValue
    }

    func testLinksIgnoreTheClientsHeadersByDefault() async throws {
        try await SampleService.withServer { client, _ in
            let port = try XCTUnwrap(client.port)
            for headers in [["Host: evil.example", "X-Forwarded-Proto: javascript"], ["X-Forwarded-Host: evil.example"], []] {
                XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: headers), "http://127.0.0.1:\(port)/ogc", "\(headers)")
            }
        }
    }

    func testATrustedProxysHeadersAreValidated() async throws {
        try await SampleService.withServer(trustProxy: true) { client, _ in
            let port = try XCTUnwrap(client.port)
            XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: ["X-Forwarded-Host: cartes.example.fr", "X-Forwarded-Proto: https"]),
                           "https://cartes.example.fr/ogc")
            XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: ["Host: cartes.example.fr:8443", "X-Forwarded-Proto: javascript"]),
                           "http://cartes.example.fr:8443/ogc", "a scheme other than http(s) is http")
            XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: ["X-Forwarded-Host: [2001:db8::1]:8080"]), "http://[2001:db8::1]:8080/ogc")
            for host in [#"evil.example"x"#, "evil.example:99999", "evil.example:1:2", "[zz]"] {
                XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: ["X-Forwarded-Host: " + host]), "http://127.0.0.1:\(port)/ogc",
                               "\(host) is not a host: the Host header, then the listening address")
            }
        }
    }

    func testThePublicURLWritesEveryLink() async throws {
        try await SampleService.withServer(publicURL: try ServerConfiguration.publicURL("https://cartes.example.fr/maillage/"), trustProxy: true) { client, _ in
            let port = try XCTUnwrap(client.port)
            XCTAssertEqual(try Self.ogcSelfLink(port: port, headers: ["X-Forwarded-Host: evil.example"]), "https://cartes.example.fr/maillage/ogc")
            let tilejson = try await client.get("/tiles/cpts.json").json()
            XCTAssertEqual(tilejson["tiles"]?.arrayValue?.first?.stringValue, "https://cartes.example.fr/maillage/tiles/cpts/{z}/{x}/{y}.mvt")
        }
    }

    func testPublicURLsAreCheckedBeforeTheServerStarts() throws {
        XCTAssertEqual(try ServerConfiguration.publicURL("HTTPS://cartes.example.fr:8443/maillage//"), "https://cartes.example.fr:8443/maillage")
        XCTAssertEqual(try ServerConfiguration.publicURL("http://[::1]:8080"), "http://[::1]:8080")
        for (text, reason) in [("javascript://x", "http:// ou https://"), ("cartes.example.fr", "http:// ou https://"),
                               ("https://cartes.example.fr/?a=1", "ni requête"), ("https://user:pw@cartes.example.fr", "identifiants"),
                               ("https://carte s.example.fr", "http:// ou https://")] {
            XCTAssertThrowsError(try ServerConfiguration.publicURL(text), text) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error) ∌ \(reason)")
            }
        }
    }

    func testAPublicURLNeverCarriesMarkup() throws {
        let url = try? ServerConfiguration.publicURL("https://cartes.example.fr/<script>")
        XCTAssertFalse(url?.contains("<") ?? false, "refused, or percent-encoded: \(String(describing: url))")
    }

    func testHTMLPagesCarryTheBrowsersSecurityHeaders() async throws {
        try await SampleService.withServer { client, _ in
            for page in ["/", "/api/v1/openapi.html"] {
                let answer = try await client.get(page)
                XCTAssertEqual(answer.status, .ok, page)
                XCTAssertEqual(answer.headers[.contentSecurityPolicy], SecurityHeadersMiddleware.contentSecurityPolicy, page)
                XCTAssertTrue(answer.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, page)
                XCTAssertEqual(answer.headers[.init("X-Frame-Options")!], "DENY", page)
                XCTAssertEqual(answer.headers[.init("Referrer-Policy")!], "no-referrer", page)
                XCTAssertEqual(answer.headers[.xContentTypeOptions], "nosniff", page)
            }
            // No inline script for the policy to refuse: the page's scripts are all files of the service.
            let page = String(buffer: try await client.get("/").body)
            XCTAssertNil(page.range(of: #"<script>"#), "an inline script would be blocked by script-src 'self'")
            let health = try await client.get("/health")
            XCTAssertEqual(health.headers[.xContentTypeOptions], "nosniff")
            XCTAssertNil(health.headers[.contentSecurityPolicy], "JSON answers need no page policy")
        }
    }
}
