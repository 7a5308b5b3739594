import GeometryKit

/// JSON values the hand-written layers build member by member (map layers, OGC documents, tile fields); every answer
/// is an `Encodable` type of `Export/Answers`, written through `JSONValueEncoder`.
public enum TerritoryJSON {
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// A number rounded to `decimals`, as answers print them.
    public static func rounded(_ value: Double, _ decimals: Int = 3) -> JSONValue { .number(Rounded.value(value, decimals)) }
}
