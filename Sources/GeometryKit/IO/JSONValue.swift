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

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
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
