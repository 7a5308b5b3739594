/// A coding key made of a string, for members whose name is data (a coverage row's `departement` or `id`, the former
/// codes of a perimeter check, an import's counts in snake case).
public struct NamedKey: CodingKey, Sendable {
    public let stringValue: String
    public init(_ name: String) { stringValue = name }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}

/// A JSON value inside an `Encodable` answer (an outside document quoted as read, members whose names are data).
extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .numbers(let values):
            var items = encoder.unkeyedContainer()
            for value in values { try items.encode(value) }
        case .array(let values):
            var items = encoder.unkeyedContainer()
            for value in values { try items.encode(value) }
        case .object(let members):
            try Self.encode(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, to: encoder)
        case .ordered(let object):
            try Self.encode(object.members, to: encoder)
        }
    }

    private static func encode(_ members: [(String, JSONValue)], to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: NamedKey.self)
        for (name, value) in members { try object.encode(value, forKey: NamedKey(name)) }
    }
}
