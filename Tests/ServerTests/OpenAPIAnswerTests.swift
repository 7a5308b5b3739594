import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import Storage
import XCTest

/// The OpenAPI document cannot drift from the answers: a real answer of every JSON operation, asked of the live
/// service on the sample, is validated against the schema the document gives for it — every member declared
/// (`additionalProperties: false`), every required member present, every type, enumeration and bound kept. A member
/// added to an answer type and not to the document fails here (`testAnUndeclaredMemberFails` shows it).
final class OpenAPIAnswerTests: XCTestCase {
    /// A request of each JSON operation answering 200 (`GET` unless a body is given), with the token that may ask it.
    static let requests: [(path: String, token: String?, body: String?)] = [
        ("/health", nil, nil),
        ("/api/v1/cpts", nil, nil), ("/api/v1/cpts?status=aci-signe", nil, nil), ("/api/v1/cpts/CPTS-80-002", nil, nil),
        ("/api/v1/communes/80021", nil, nil),
        ("/api/v1/coverage", nil, nil), ("/api/v1/coverage?by=cpts", nil, nil), ("/api/v1/coverage?by=departement", nil, nil),
        ("/api/v1/coverage?by=region", nil, nil),
        ("/api/v1/overlaps", nil, nil), ("/api/v1/white-zones", nil, nil), ("/api/v1/white-zones?departement=80", nil, nil),
        ("/api/v1/perimeter-check", SampleService.ars, #"{"id":"P-80","name":"Projet","communes":["80021","80001","99999"]}"#),
        ("/api/v1/cpts/CPTS-80-002/diagnostic", nil, nil), ("/api/v1/white-zones/proposals?status=aci-signe", nil, nil),
        ("/api/v1/diagnostic", SampleService.ars, #"{"id":"P-80","name":"Projet","communes":["80021","80001","99999"]}"#),
        ("/api/v1/nearest?commune=80021", nil, nil), ("/api/v1/nearest?lat=50.63&lon=3.06&k=3&home_visits=true", nil, nil),
        ("/api/v1/accessibility", nil, nil), ("/api/v1/accessibility?by=cpts", nil, nil),
        ("/api/v1/accessibility?by=departement", nil, nil), ("/api/v1/pharmacies/quota?departement=80", nil, nil),
        ("/api/v1/match?max_km=30", SampleService.amiens, ""),
        ("/api/v1/map/status", nil, nil), ("/api/v1/map/territories", nil, nil), ("/api/v1/map/search?q=amiens", nil, nil),
        ("/ogc", nil, nil), ("/ogc/conformance", nil, nil), ("/ogc/collections", nil, nil), ("/ogc/collections/cpts", nil, nil),
    ]

    func testEveryAnswerIsWhatTheDocumentSays() async throws {
        let store = try await SampleService.freshStore()
        let amiensGP = try await store.volunteers().first { $0.communeCode == "80021" }!.rpps
        try await SampleService.withServer(store: store) { client, _ in
            let document = try await client.get("/api/v1/openapi.json").json()
            for (path, token, body) in Self.requests + [("/api/v1/requests-near?rpps=\(amiensGP)&km=10", SampleService.amiens, nil)] {
                let response: TestResponse
                if let body { response = try await client.post(path, token: token, body: body) } else { response = try await client.get(path, token: token) }
                XCTAssertEqual(response.status, .ok, "\(path): \(response.text)")
                let operationPath = Self.documentedPath(of: path, in: document)
                let schema = try XCTUnwrap(Self.responseSchema(document, path: operationPath, method: body == nil ? "get" : "post"),
                                           "\(path): no 200 JSON schema for \(operationPath ?? "?")")
                let problems = SchemaCheck(document: document).problems(try response.json(), schema, at: path)
                XCTAssertEqual(problems, [], "\(path) against \(operationPath ?? "?")")
            }
        }
    }

    /// The check above is not vacuous: an answer with a member the document does not declare, or without one it
    /// requires, or with a wrong type, is refused.
    func testAnUndeclaredMemberFails() async throws {
        try await SampleService.withServer { client, _ in
            let document = try await client.get("/api/v1/openapi.json").json()
            let schema = try XCTUnwrap(Self.responseSchema(document, path: "/api/v1/overlaps", method: "get"))
            let check = SchemaCheck(document: document)
            let rows = try await client.get("/api/v1/overlaps").json().arrayValue ?? []
            let first = JSONObject(OpenAPITests.members(rows.first))
            guard !first.members.isEmpty else { return XCTFail("no overlap in the sample") }
            XCTAssertEqual(check.problems(.array([.ordered(first)]), schema, at: "overlaps"), [])
            var added = first
            added.members.append(("shared_area_km2", .number(1.5)))
            XCTAssertEqual(check.problems(.array([.ordered(added)]), schema, at: "overlaps"), ["overlaps[0].shared_area_km2: not in the document"])
            var missing = first
            missing.members.removeAll { $0.0 == "population" }
            XCTAssertEqual(check.problems(.array([.ordered(missing)]), schema, at: "overlaps"), ["overlaps[0].population: required, missing"])
            var mistyped = first
            mistyped.members = mistyped.members.map { $0.0 == "communes" ? ($0.0, .string("3")) : $0 }
            XCTAssertEqual(check.problems(.array([.ordered(mistyped)]), schema, at: "overlaps"), ["overlaps[0].communes: \"3\" is not integer"])
        }
    }

    /// The document's path for a request's (`/api/v1/cpts/{id}` for `/api/v1/cpts/CPTS-80-002`).
    static func documentedPath(of request: String, in document: JSONValue) -> String? {
        let path = String(request.split(separator: "?", maxSplits: 1)[0])
        let segments = path.split(separator: "/")
        return OpenAPITests.members(document["paths"]).map(\.0).first { candidate in
            let parts = candidate.split(separator: "/")
            return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    static func responseSchema(_ document: JSONValue, path: String?, method: String) -> JSONValue? {
        guard let path else { return nil }
        let content = document["paths"]?[path]?[method]?["responses"]?["200"]?["content"]
        return OpenAPITests.members(content).first { $0.0.hasPrefix("application/") && $0.0.contains("json") }?.1["schema"]
    }
}

/// A JSON Schema check of the subset the document uses: `$ref`, `type` (one or several), `properties`, `required`,
/// `additionalProperties` (false or a schema), `items`, `enum`, `minimum`/`maximum`, `oneOf`/`anyOf`.
struct SchemaCheck {
    let document: JSONValue

    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.dropFirst("#/components/schemas/".count))
            guard let target = document["components"]?["schemas"]?[name] else { return ["\(path): unknown \(ref)"] }
            return problems(value, target, at: path)
        }
        for key in ["oneOf", "anyOf"] {
            if let choices = schema[key]?.arrayValue {
                let fits = choices.filter { problems(value, $0, at: path).isEmpty }.count
                if key == "oneOf" ? fits != 1 : fits == 0 { return ["\(path): fits \(fits) of the \(key) schemas"] }
                return []
            }
        }
        var found: [String] = []
        if let types = schema["type"].map({ $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue ?? ""] }),
           !types.contains(where: { Self.isOfType(value, $0) }) {
            return ["\(path): \(JSONWriter.string(value).prefix(60)) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) { found.append("\(path): \(JSONWriter.string(value)) not in enum") }
        if case .number(let n) = value {
            if let minimum = schema["minimum"]?.doubleValue, n < minimum { found.append("\(path): \(n) below \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, n > maximum { found.append("\(path): \(n) above \(maximum)") }
        }
        if let items = schema["items"], let elements = value.arrayValue {
            for (i, element) in elements.enumerated() { found += problems(element, items, at: "\(path)[\(i)]") }
        }
        let members = OpenAPITests.members(value)
        if case .ordered = value {} else if case .object = value {} else { return found }
        let declared = OpenAPITests.members(schema["properties"])
        for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where !members.contains(where: { $0.0 == name }) {
            found.append("\(path).\(name): required, missing")
        }
        for (name, member) in members {
            if let property = declared.first(where: { $0.0 == name })?.1 {
                found += problems(member, property, at: "\(path).\(name)")
            } else if let extra = schema["additionalProperties"] {
                if extra == .bool(false) { found.append("\(path).\(name): not in the document") } else if extra != .bool(true) {
                    found += problems(member, extra, at: "\(path).\(name)")
                }
            }
        }
        return found
    }

    static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("number", .number), ("array", .array), ("array", .numbers),
             ("object", .ordered), ("object", .object): return true
        case ("integer", .number(let n)): return n == n.rounded()
        default: return false
        }
    }
}
