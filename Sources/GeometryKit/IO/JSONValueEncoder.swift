/// Encodes an `Encodable` answer as a `JSONValue`, each object's members in the order its `encode(to:)` writes them
/// (the coding keys' order for a synthesized conformance): one type then gives the JSON of the CLI and the API
/// (`JSONWriter`), the columns of a CSV table and the properties of GeoJSON, TopoJSON and vector-tile features.
/// Optionals written with `encode(_:forKey:)` become `null`; `encodeIfPresent` leaves the member out.
///
/// ```swift
/// struct Row: Encodable { var code: String; var population: Int }
/// try JSONValueEncoder.members(Row(code: "80021", population: 133_625))   // [("code", "80021"), ("population", 133625)]
/// try JSONValueEncoder.string([Row(code: "80021", population: 133_625)]) // [{"code":"80021","population":133625}]
/// ```
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.value
    }

    /// The members of a value that encodes as an object.
    public static func members<T: Encodable>(_ value: T) throws -> [(String, JSONValue)] {
        guard case .ordered(let object) = try encode(value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) does not encode as a JSON object"))
        }
        return object.members
    }

    /// The JSON text, numbers as `JSONWriter` writes them.
    public static func string<T: Encodable>(_ value: T) throws -> String { JSONWriter.string(try encode(value)) }
}

/// A value being encoded: nothing yet, a scalar, an object or an array, filled in by the containers.
private final class Node {
    enum Shape { case empty, scalar(JSONValue), object, array }
    var shape = Shape.empty
    var members: [(key: String, node: Node)] = []
    var items: [Node] = []

    var value: JSONValue {
        switch shape {
        case .empty: return .ordered([])
        case .scalar(let value): return value
        case .object: return .ordered(members.map { ($0.key, $0.node.value) })
        case .array: return .array(items.map(\.value))
        }
    }

    /// The member `key`, created at the end on first use (a key written twice keeps its first place).
    func member(_ key: String) -> Node {
        if case .object = shape {} else { shape = .object; members = [] }
        if let known = members.first(where: { $0.key == key }) { return known.node }
        let node = Node()
        members.append((key, node))
        return node
    }

    func append() -> Node {
        if case .array = shape {} else { shape = .array; items = [] }
        let node = Node()
        items.append(node)
        return node
    }

    func set(_ value: JSONValue) { shape = .scalar(value) }

    private static func double<I: BinaryInteger>(_ integer: I) -> Double { Double(integer) }

    /// `codingPath` is built only for a value that encodes itself: most members are scalars, and an array per member
    /// made the encoding of large tables (35 000 communes) slow.
    func encode<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        switch value {
        case let string as String: set(.string(string))
        case let bool as Bool: set(.bool(bool))
        case let double as Double: set(.number(double))
        case let int as Int: set(.number(Double(int)))
        // Every other number here, not through its own encode(to:), which would come back to this container.
        case let integer as any BinaryInteger: set(.number(Self.double(integer)))
        case let float as Float: set(.number(Double(float)))
        case let json as JSONValue: set(json)
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath()))
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.shape {} else { node.shape = .object }
        return KeyedEncodingContainer(KeyedNodeContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.shape {} else { node.shape = .array }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).set(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue).set(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue).set(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.member(key.stringValue).set(.number(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue).set(.number(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.append().set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.append().encode(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.append(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}
