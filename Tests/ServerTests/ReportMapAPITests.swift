import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import HummingbirdTesting
import MaillageServer
import XCTest

/// `/api/v1/maps/…` over real HTTP on the sample: SVG and PNG with their content types, the same query answered from
/// the snapshot's cache, bad parameters as 400s naming them.
final class ReportMapAPITests: XCTestCase {
    func testCoverageAndWhiteZoneMaps() async throws {
        try await SampleService.withServer { client, _ in
            let svg = try await client.get("/api/v1/maps/coverage.svg?by=departement&status=aci-signe")
            XCTAssertEqual(svg.status, .ok, svg.text)
            XCTAssertEqual(svg.headers[.contentType], "image/svg+xml")
            let document = try XMLDocument(data: Data(svg.text.utf8))
            XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='path'][starts-with(@class,'departement d-80 ')]").count, 1)
            XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='clipPath']").count, 6, "the Métropole and five insets")
            let again = try await client.get("/api/v1/maps/coverage.svg?status=aci-signe&by=departement")
            XCTAssertEqual(again.text, svg.text, "the same map")

            let png = try await client.get("/api/v1/maps/white-zones.png?region=32&width=500")
            XCTAssertEqual(png.status, .ok, png.text)
            XCTAssertEqual(png.headers[.contentType], "image/png")
            let bytes = Array(png.body.readableBytesView)
            XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // IHDR: width then height, big-endian, from byte 16.
            XCTAssertEqual(bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, 500)

            let communes = try await client.get("/api/v1/maps/coverage.png?by=commune&region=32&width=400")
            XCTAssertEqual(communes.status, .ok, communes.text)
        }
    }

    func testBadParametersAreNamed() async throws {
        try await SampleService.withServer { client, _ in
            for (uri, status, detail) in [("/api/v1/maps/coverage.svg?by=region", HTTPResponse.Status.badRequest, "by:"),
                                          ("/api/v1/maps/coverage.png?width=10", .badRequest, "width doit être entre 300 et 6000"),
                                          ("/api/v1/maps/white-zones.svg?region=99", .notFound, "aucune commune de la région 99"),
                                          ("/api/v1/maps/coverage.svg?status=x", .badRequest, "status:")] {
                let answer = try await client.get(uri)
                XCTAssertEqual(answer.status, status, uri)
                XCTAssertTrue(try answer.json()["detail"]?.stringValue?.hasPrefix(detail) == true, answer.text)
            }
            let unknown = try await client.get("/api/v1/maps/coverage.gif")
            XCTAssertEqual(unknown.status, .notFound)
        }
    }
}
