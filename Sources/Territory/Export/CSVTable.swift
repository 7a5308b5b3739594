import GeometryKit

/// Rows of JSON members written as a `;`-separated table (lists joined with `,`), for spreadsheets.
public enum CSVTable {
    public static func text(_ rows: [[(String, JSONValue)]]) -> String {
        guard let first = rows.first else { return "" }
        var lines = [first.map(\.0).joined(separator: ";")]
        for row in rows { lines.append(row.map { field($0.1) }.joined(separator: ";")) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func field(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONWriter.format(n)
        case .string(let s): return quoted(s)
        case .numbers(let ns): return ns.map { JSONWriter.format($0) }.joined(separator: ",")
        case .array(let values): return quoted(values.map(field).joined(separator: ","))
        case .object, .ordered: return quoted(JSONWriter.string(value))
        }
    }

    private static func quoted(_ s: String) -> String {
        s.contains(";") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

import Foundation
