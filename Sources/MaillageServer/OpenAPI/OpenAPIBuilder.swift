import Territory
import GeometryKit

/// JSON Schema 2020-12 (OpenAPI 3.1's dialect) as `JSONValue`s, so that the document is Swift values the
/// compiler checks, with the members in the order a reader expects. Objects are closed
/// (`additionalProperties: false`) and every property is required unless listed as optional: the
/// answers are built member by member, and schemathesis holds them to it.
enum Schema {
    static func string(_ description: String? = nil, values: [String]? = nil, pattern: String? = nil, format: String? = nil,
                       minLength: Int? = nil, maxLength: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("string"))]
        if let values { members.append(("enum", .array(values.map { .string($0) }))) }
        if let pattern { members.append(("pattern", .string(pattern))) }
        if let format { members.append(("format", .string(format))) }
        if let minLength { members.append(("minLength", .number(Double(minLength)))) }
        if let maxLength { members.append(("maxLength", .number(Double(maxLength)))) }
        return described(members, description)
    }

    static func integer(_ description: String? = nil, minimum: Int? = nil, maximum: Int? = nil, default value: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("integer"))]
        if let minimum { members.append(("minimum", .number(Double(minimum)))) }
        if let maximum { members.append(("maximum", .number(Double(maximum)))) }
        if let value { members.append(("default", .number(Double(value)))) }
        return described(members, description)
    }

    static func number(_ description: String? = nil, minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("number"))]
        if let minimum { members.append(("minimum", .number(minimum))) }
        if let maximum { members.append(("maximum", .number(maximum))) }
        return described(members, description)
    }

    static func boolean(_ description: String? = nil) -> JSONValue { described([("type", .string("boolean"))], description) }

    /// `type: [T, "null"]`: a member the answer always has, `null` when unknown.
    static func nullable(_ type: String, _ description: String? = nil) -> JSONValue {
        described([("type", .array([.string(type), .string("null")]))], description)
    }

    static func array(_ items: JSONValue, _ description: String? = nil, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("array")), ("items", items)]
        if let minItems { members.append(("minItems", .number(Double(minItems)))) }
        if let maxItems { members.append(("maxItems", .number(Double(maxItems)))) }
        return described(members, description)
    }

    static let strings = array(string())

    /// A closed object: every property required but the `optional` ones.
    static func object(_ properties: [(String, JSONValue)], optional: Set<String> = [], _ description: String? = nil) -> JSONValue {
        described([("type", .string("object")),
                   ("required", .array(properties.map(\.0).filter { !optional.contains($0) }.map { .string($0) })),
                   ("properties", .ordered(properties)),
                   ("additionalProperties", .bool(false))], description)
    }

    /// An object whose members are all of one schema (`{"75056": "75101"}`).
    static func map(_ values: JSONValue, _ description: String? = nil) -> JSONValue {
        described([("type", .string("object")), ("additionalProperties", values)], description)
    }

    static func ref(_ name: String) -> JSONValue { .ordered([("$ref", .string("#/components/schemas/" + name))]) }

    static func oneOf(_ schemas: [JSONValue], _ description: String? = nil) -> JSONValue {
        described([("oneOf", .array(schemas))], description)
    }

    /// Any JSON value: GeoJSON properties of a layer, whose members are the layer's.
    static let any: JSONValue = .ordered([])

    private static func described(_ members: [(String, JSONValue)], _ description: String?) -> JSONValue {
        .ordered(members + (description.map { [("description", .string($0))] } ?? []))
    }
}

/// Who may call an operation, as the `security` of the document says and `AccessMiddleware` enforces.
enum Access {
    /// Anyone; a token, when sent, must be valid (else 401).
    case open
    /// An `ars` or `coordinator` token (401 without, 403 for a practitioner's).
    case authenticated
    /// A coordinator token (401 without, 403 for an ARS token or a CPTS the store does not know).
    case coordinator
    /// A practitioner token (401 without, 403 for another role).
    case practitioner
    /// Any token (401 without).
    case anyToken
}

/// One OpenAPI operation.
struct Operation {
    var id: String
    var summary: String
    var description: String? = nil
    var tag: String
    var access: Access = .open
    var parameters: [JSONValue] = []
    var requestBody: JSONValue? = nil
    /// Status code → response object; 401 (a token the service does not know) and the access refusals are added.
    var responses: [(String, JSONValue)]

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("operationId", .string(id)), ("summary", .string(summary))]
        if let description { members.append(("description", .string(description))) }
        members.append(("tags", .array([.string(tag)])))
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if let requestBody { members.append(("requestBody", requestBody)) }
        members.append(("responses", .ordered(allResponses)))
        switch access {
        case .open: break
        case .authenticated, .coordinator, .practitioner, .anyToken: members.append(("security", .array([.ordered([("bearer", .array([]))])])))
        }
        return .ordered(members)
    }

    /// `responses` and the refusals of `access`, by status.
    var allResponses: [(String, JSONValue)] {
        var all = responses
        switch access {
        case .open:
            all.append(("401", Reply.error("The Authorization header holds a token the service does not know (tokens are optional here)")))
        case .anyToken:
            all.append(("401", Reply.error("No token, or a token the service does not know")))
        case .authenticated:
            all.append(("401", Reply.error("No token, or a token the service does not know")))
            if !all.contains(where: { $0.0 == "403" }) { all.append(("403", Reply.error("A practitioner token: this address is for the ARS and coordinators"))) }
        case .coordinator:
            all.append(("401", Reply.error("No token, or a token the service does not know")))
            all.append(("403", Reply.error("Not a coordinator token, or the token's CPTS is not in the store")))
        case .practitioner:
            all.append(("401", Reply.error("No token, or a token the service does not know")))
            all.append(("403", Reply.error("Not a practitioner token")))
        }
        all.append(("429", Reply.error("Too many unknown tokens from this address: retry after `Retry-After` seconds")))
        return all.sorted { $0.0 < $1.0 }
    }
}

/// Parameter objects.
enum Parameter {
    static func query(_ name: String, _ schema: JSONValue, _ description: String, required: Bool = false) -> JSONValue {
        .ordered([("name", .string(name)), ("in", .string("query")), ("description", .string(description)),
                  ("required", .bool(required)), ("schema", schema)])
    }

    static func path(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        .ordered([("name", .string(name)), ("in", .string("path")), ("description", .string(description)),
                  ("required", .bool(true)), ("schema", schema)])
    }

    /// The covering statuses (`status=aci-signe,pre-projet`), as `QueryParameters.coveringStatuses` reads them.
    static let status = query("status", Schema.string(pattern: CoveringStatusPattern.pattern),
                              "CPTS statuses that count as covering, comma-separated (default all): " + CoveringStatusPattern.values.joined(separator: ", "))

    /// How a table is sent (`QueryParameters.tableFormat`).
    static let formats = [query("format", Schema.string(values: TableFormat.allCases.map(\.rawValue)),
                                "json (default), csv (`;`, decimal point, UTF-8), or csv-excel (`;`, decimal comma, UTF-8 with BOM, CRLF: for a French Excel)"),
                          query("excel", OpenAPIDocument.boolean, "Same as format=csv-excel")]
}

/// Response objects.
enum Reply {
    static func json(_ description: String, _ schema: JSONValue, type: String = JSONResponse.json) -> JSONValue {
        .ordered([("description", .string(description)), ("content", .ordered([(type, .ordered([("schema", schema)]))]))])
    }

    static func geoJSON(_ description: String, _ schema: JSONValue) -> JSONValue { json(description, schema, type: JSONResponse.geoJSON) }

    static func error(_ description: String) -> JSONValue { json(description, Schema.ref("Error")) }

    /// A table: JSON rows of `row`, or CSV with `format=csv|csv-excel`.
    static func table(_ description: String, _ row: JSONValue) -> JSONValue { jsonOrCSV(description, Schema.array(row)) }

    /// JSON of `schema`, or its table as CSV with `format=csv|csv-excel`.
    static func jsonOrCSV(_ description: String, _ schema: JSONValue) -> JSONValue {
        .ordered([("description", .string(description)),
                  ("content", .ordered([(JSONResponse.json, .ordered([("schema", schema)])), ("text/csv", .ordered([("schema", Schema.string())]))]))])
    }

    static func bytes(_ description: String, types: [String]) -> JSONValue {
        .ordered([("description", .string(description)),
                  ("content", .ordered(types.map { ($0, .ordered([("schema", Schema.string(format: "binary"))])) }))])
    }

    static func text(_ description: String, type: String) -> JSONValue {
        .ordered([("description", .string(description)), ("content", .ordered([(type, .ordered([("schema", Schema.string())]))]))])
    }
}
