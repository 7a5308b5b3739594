import Foundation
import GeometryKit
import Hummingbird
import HummingbirdTesting
import MaillageServer
import Storage
import XCTest

/// The OpenAPI 3.1 document at /api/v1/openapi.json: served with its media type, linked from the OGC landing
/// page, every `$ref` resolved, and every route of the router in it (the router's own list, not the document's).
final class OpenAPITests: XCTestCase {
    static let mediaType = "application/vnd.oai.openapi+json;version=3.1"

    func testDocumentServedAndLinkedFromTheLandingPage() async throws {
        try await SampleService.withServer { client, _ in
            let answer = try await client.get("/api/v1/openapi.json")
            XCTAssertEqual(answer.status, .ok)
            XCTAssertEqual(answer.headers[.contentType], Self.mediaType)
            let document = try answer.json()
            XCTAssertEqual(document["openapi"]?.stringValue, "3.1.0")
            XCTAssertNotNil(document["info"]?["title"]?.stringValue)
            XCTAssertEqual(document["components"]?["securitySchemes"]?["bearer"]?["scheme"]?.stringValue, "bearer")

            let links = try await client.get("/ogc").json()["links"]?.arrayValue ?? []
            let desc = links.first { $0["rel"]?.stringValue == "service-desc" }
            XCTAssertEqual(desc?["type"]?.stringValue, Self.mediaType)
            XCTAssertTrue(desc?["href"]?.stringValue?.hasSuffix("/api/v1/openapi.json") ?? false, "\(String(describing: desc))")
            let doc = links.first { $0["rel"]?.stringValue == "service-doc" }
            XCTAssertEqual(doc?["type"]?.stringValue, "text/html")
            let page = try await client.get("/api/v1/openapi.html")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("<code>/ogc/collections/{collectionId}/items</code>"))
        }
    }

    /// Every `$ref` names a schema of `components.schemas`, and every schema is used.
    func testReferencesResolve() async throws {
        try await SampleService.withServer { client, _ in
            let document = try await client.get("/api/v1/openapi.json").json()
            let schemas = Set(Self.members(document["components"]?["schemas"]).map(\.0))
            var refs: Set<String> = []
            Self.collectRefs(document, into: &refs)
            let prefix = "#/components/schemas/"
            XCTAssertTrue(refs.allSatisfy { $0.hasPrefix(prefix) }, "\(refs)")
            let names = Set(refs.map { String($0.dropFirst(prefix.count)) })
            XCTAssertEqual(names.subtracting(schemas), [], "references without a schema")
            XCTAssertEqual(schemas.subtracting(names), [], "schemas nothing references")
        }
    }

    /// The routes of `MaillageService.router` (Hummingbird's own list) are the operations of the document, method for
    /// method: a path parameter segment (`{id}`, `{layer}.json`, in the router's description as in the document) compares as `*`.
    func testEveryRouteIsDocumented() async throws {
        let state = try await ServiceState(store: try await SampleService.freshStore())
        let router = try MaillageService.router(state: state, configuration: ServerConfiguration(tokens: SampleService.tokens))
        let routes = Set(router.routes.map { "\($0.method.rawValue) " + Self.normalised($0.path.description, parameter: "{") })
        try await SampleService.withServer { client, _ in
            let document = try await client.get("/api/v1/openapi.json").json()
            var operations: Set<String> = []
            for (path, item) in Self.members(document["paths"]) {
                for (method, _) in Self.members(item) { operations.insert(method.uppercased() + " " + Self.normalised(path, parameter: "{")) }
            }
            XCTAssertEqual(routes.subtracting(operations), [], "routes missing from the document")
            XCTAssertEqual(operations.subtracting(routes), [], "operations the service does not have")
            XCTAssertGreaterThan(routes.count, 30)
        }
    }

    /// Each operation without a path parameter, requested as it is: a status the document lists for it, with the
    /// content type it gives.
    func testOperationsAnswerDocumentedStatuses() async throws {
        try await SampleService.withServer { client, _ in
            let document = try await client.get("/api/v1/openapi.json").json()
            for (path, item) in Self.members(document["paths"]) where !path.contains("{") {
                for (method, operation) in Self.members(item) {
                    let answer = switch method {
                    case "get": try await client.get(path, token: SampleService.amiens)
                    case "patch": try await client.executeRequest(uri: path, method: .patch, headers: [.authorization: "Bearer " + SampleService.amiens], body: nil)
                    default: try await client.post(path, token: SampleService.amiens, body: "")
                    }
                    let responses = Self.members(operation["responses"])
                    guard let documented = responses.first(where: { $0.0 == String(answer.status.code) })?.1 else {
                        XCTFail("\(method) \(path): \(answer.status.code) is not documented (\(responses.map(\.0)))"); continue
                    }
                    let types = Self.members(documented["content"]).map(\.0)
                    let type = answer.headers[.contentType]?.split(separator: ";").first.map(String.init) ?? ""
                    XCTAssertTrue(types.contains { $0.split(separator: ";").first.map(String.init) == type }, "\(method) \(path): \(type) not in \(types)")
                }
            }
            let anonymous = try await client.post("/api/v1/match", body: "")
            XCTAssertEqual(anonymous.status, .unauthorized)
            let ars = try await client.post("/api/v1/match", token: SampleService.ars, body: "")
            XCTAssertEqual(ars.status, .forbidden)
        }
    }

    static func normalised(_ path: String, parameter marker: Character) -> String {
        "/" + path.split(separator: "/").map { $0.contains(marker) ? "*" : String($0) }.joined(separator: "/")
    }

    static func members(_ value: JSONValue?) -> [(String, JSONValue)] {
        switch value {
        case .ordered(let object)?: return object.members
        case .object(let members)?: return members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        default: return []
        }
    }

    static func collectRefs(_ value: JSONValue, into refs: inout Set<String>) {
        switch value {
        case .ordered, .object:
            for (key, member) in members(value) {
                if key == "$ref", let ref = member.stringValue { refs.insert(ref) } else { collectRefs(member, into: &refs) }
            }
        case .array(let items): for item in items { collectRefs(item, into: &refs) }
        default: break
        }
    }
}
