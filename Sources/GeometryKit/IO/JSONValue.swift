/// A parsed JSON document. Arrays made only of numbers are kept as `[Double]` (`.numbers`), which is
/// what GeoJSON positions are: a national commune layer holds millions of them.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case numbers([Double])
    case array([JSONValue])
    case object([String: JSONValue])
    /// An object whose members keep the order given, for readable output (`id` first…).
    case ordered(JSONObject)

    /// An ordered object from its members.
    public static func ordered(_ members: [(String, JSONValue)]) -> JSONValue { .ordered(JSONObject(members)) }

    public subscript(key: String) -> JSONValue? {
        switch self {
        case .object(let members): return members[key]
        case .ordered(let object): return object.members.first { $0.0 == key }?.1
        default: return nil
        }
    }

    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The elements of an array, numbers included (as `.number`).
    public var arrayValue: [JSONValue]? {
        switch self {
        case .array(let values): return values
        case .numbers(let values): return values.map { .number($0) }
        default: return nil
        }
    }
}

/// The members of a JSON object in a chosen order.
public struct JSONObject: Equatable, Sendable {
    public var members: [(String, JSONValue)]

    public init(_ members: [(String, JSONValue)]) { self.members = members }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
