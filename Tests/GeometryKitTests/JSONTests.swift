import XCTest
@testable import GeometryKit

/// The JSON parser and writer under GeoJSON I/O: strict RFC 8259 input, valid JSON output.
final class JSONTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    // MARK: - Parser

    func testParsesEveryKindOfValue() throws {
        let value = try parse(#" { "a": [1, -2.5, 3e2], "b": [1, "x", null], "c": {"d": true, "e": false}, "f": [] } "#)
        XCTAssertEqual(value["a"], .numbers([1, -2.5, 300]))
        XCTAssertEqual(value["b"], .array([.number(1), .string("x"), .null]))
        XCTAssertEqual(value["c"], .object(["d": .bool(true), "e": .bool(false)]))
        XCTAssertEqual(value["f"], .array([]))
        XCTAssertEqual(value["b"]?.arrayValue?.count, 3)
        XCTAssertEqual(value["a"]?.arrayValue, [.number(1), .number(-2.5), .number(300)])
        XCTAssertNil(value["missing"])
        XCTAssertEqual(try parse("42"), .number(42))
        XCTAssertEqual(try parse(#""top""#), .string("top"))
    }

    func testStringEscapesAndUnicode() throws {
        let value = try parse(#"["\u00c9cole \u00e9t\u00e9", "Élan", "a\"b\\c\/d\n\t\r\b\f", "\ud83d\uddfa", "\u0041"]"#)
        XCTAssertEqual(value.arrayValue, [
            .string("École été"), .string("Élan"), .string("a\"b\\c/d\n\t\r\u{08}\u{0C}"), .string("🗺"), .string("A"),
        ])
    }

    func testNumbersFollowTheJSONGrammar() throws {
        for (text, expected) in [("0", 0.0), ("-0", 0), ("1.5", 1.5), ("-1.25e-3", -0.00125), ("1E+2", 100), ("6.5e3", 6500), ("10", 10)] {
            XCTAssertEqual(try parse(text), .number(expected), text)
            XCTAssertEqual(try parse("[\(text)]"), .numbers([expected]), text)
        }
        // Not JSON numbers, though strtod would accept most of them.
        for text in ["01", "-01", "1.", ".5", "+1", "1e", "1e+", "-", "1.2.3", "0x10", "1-2", "--1", "1.e3", "Infinity", "NaN", "1e999"] {
            XCTAssertThrowsError(try parse(text), text)
            XCTAssertThrowsError(try parse("[\(text)]"), "[\(text)]")
        }
    }

    func testSyntaxErrorsCarryTheirLine() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": [1, 2,]\n}"
        XCTAssertThrowsError(try parse(text)) { error in
            guard let error = error as? JSONParser.SyntaxError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.description.hasPrefix("line 3"), error.description)
        }
        let cases: [(String, Int)] = [
            ("", 1), ("{", 1), ("{\"a\" 1}", 1), ("{\"a\": 1,}", 1), ("[1 2]", 1), ("tru", 1),
            ("{\"a\": \"x\ny\"}", 1),                  // raw control character in a string
            ("\n\n\"unterminated", 3), ("{} {}", 1), ("\n[\"\\x\"]", 2), ("[\"\\u12G4\"]", 1), ("[\"\\u+123\"]", 1),
        ]
        for (text, line) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                XCTAssertEqual((error as? JSONParser.SyntaxError)?.line, line, text)
            }
        }
    }

    func testDeepNestingIsRefused() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        XCTAssertThrowsError(try parse(deep))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try parse(fine))
    }

    func testStringValue() {
        XCTAssertEqual(JSONValue.number(59350).stringValue, "59350")
        XCTAssertEqual(JSONValue.number(1.5).stringValue, "1.5")
        XCTAssertEqual(JSONValue.string("2A004").stringValue, "2A004")
        XCTAssertNil(JSONValue.null.stringValue)
        XCTAssertEqual(JSONValue.number(2).doubleValue, 2)
    }

    // MARK: - Writer

    func testFormatNumbers() throws {
        let cases: [(Double, Int?, String)] = [
            (0, nil, "0"), (42, nil, "42"), (-7, nil, "-7"), (236710, nil, "236710"), (1.5, nil, "1.5"),
            (-0.25, nil, "-0.25"), (-0.0, nil, "0"), (-0.0, 6, "0"),
            (1.5, 6, "1.5"), (48.8566, 6, "48.8566"), (2.1234567, 6, "2.123457"), (-2.1234564, 6, "-2.123456"),
            (0.9999996, 6, "1"), (-1.9999996, 6, "-2"), (0.000001, 6, "0.000001"), (-0.0000006, 6, "-0.000001"),
            // Rounds to zero: "0", not "-0".
            (-0.0000004, 6, "0"), (0.0000004, 6, "0"),
            (3.14159, 0, "3"), (2.5, 20, "2.5"),
            (.nan, nil, "null"), (.infinity, 6, "null"),
        ]
        for (value, decimals, expected) in cases {
            XCTAssertEqual(JSONWriter.format(value, decimals: decimals), expected, "\(value) decimals \(String(describing: decimals))")
        }
    }

    func testFormattedNumbersAreValidJSON() throws {
        // Without `decimals` the shortest exact form is used; it must read back to the same Double.
        for value in [-0.0000004, 1e-7, 123456.789, 1e15, 1e19, -Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude, 1e15 + 0.5, 0.1] {
            let text = JSONWriter.format(value)
            XCTAssertEqual(try parse(text), .number(value), text)
        }
        // With `decimals`, huge values must not crash nor lose their magnitude.
        for value in [1e15 + 0.5, 1e19, -3e20, 1e300, 9_007_199_254_740_992] {
            let text = JSONWriter.format(value, decimals: 6)
            XCTAssertEqual(try parse(text).doubleValue ?? 0, value, accuracy: abs(value) * 1e-15, text)
        }
    }

    /// The bytes the GeoJSON writer appends are `format`'s text, and read back within half a unit of the last decimal,
    /// over a million seeded coordinates (and the integers, zeros and ties among them).
    func testAppendedNumbersAreTheFormattedOnes() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, -1, 180, -90, 0.5, -0.5, 2.0000005, -2.0000005, 1e14 + 0.25, 999_999.9999995]
        for _ in 0..<1_000_000 { values.append(Double.random(in: -200...200, using: &generator)) }
        for value in values {
            var bytes: [UInt8] = []
            JSONWriter.append(value, decimals: 6, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            guard text == JSONWriter.format(value, decimals: 6) else { return XCTFail("\(value): \(text) ≠ \(JSONWriter.format(value, decimals: 6))") }
            guard let back = Double(text), abs(back - value) <= 5.0001e-7 else { return XCTFail("\(value) → \(text)") }
            if text.contains(".") {
                guard !text.hasSuffix("0"), text.split(separator: ".")[1].count <= 6 else { return XCTFail("\(value) → \(text)") }
            }
        }
        var bytes: [UInt8] = []
        JSONWriter.append(48.8566, decimals: 6, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        JSONWriter.append(-0.0000004, decimals: 6, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        JSONWriter.append(.nan, decimals: 6, to: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "48.8566,0,null")
    }

    func testStringEscaping() throws {
        let raw = "a\u{0}b\u{1}\u{1F}\u{7F}\"\\/\n\r\t\u{08}\u{0C}é🗺"
        let text = JSONWriter.string(.string(raw))
        XCTAssertEqual(text, "\"a\\u0000b\\u0001\\u001f\u{7F}\\\"\\\\/\\n\\r\\t\\u0008\\u000cé🗺\"")
        XCTAssertEqual(try parse(text), .string(raw))
    }

    func testObjectsAndArrays() throws {
        XCTAssertEqual(JSONWriter.string(object: [("z", .number(1)), ("a", .bool(false)), ("m", .null)]),
                       #"{"z":1,"a":false,"m":null}"#)
        let value: JSONValue = .object(["b": .array([.string("x"), .numbers([1, 2.5])]), "a": .object([:])])
        let text = JSONWriter.string(value)
        XCTAssertEqual(text, #"{"a":{},"b":["x",[1,2.5]]}"#, "object members sorted by key")
        XCTAssertEqual(try parse(text), .object(["b": .array([.string("x"), .numbers([1, 2.5])]), "a": .object([:])]))
    }
}
