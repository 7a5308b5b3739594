import Foundation
import GeometryKit

/// How a table is written: JSON rows, or CSV for a script (`;`, decimal point, UTF-8, LF) or for a French Excel
/// (`csv-excel`: `;`, decimal comma, UTF-8 with a byte-order mark so accents read right, CRLF).
public enum TableFormat: String, Sendable, CaseIterable {
    case json, csv
    case csvExcel = "csv-excel"

    public var mediaType: String {
        switch self {
        case .json: return "application/json"
        case .csv, .csvExcel: return "text/csv; charset=utf-8"
        }
    }

    /// The CSV's dialect; nil for JSON.
    public var dialect: CSVTable.Dialect? {
        switch self {
        case .json: return nil
        case .csv: return .plain
        case .csvExcel: return .excel
        }
    }
}

/// Rows of named values as CSV, one column per member in the rows' order.
public enum CSVTable {
    public enum Dialect: Sendable {
        case plain, excel
        var lineEnd: String { self == .excel ? "\r\n" : "\n" }
    }

    /// The rows with a header line; a table without rows is empty.
    public static func text(_ rows: [[(String, JSONValue)]], dialect: Dialect = .plain) -> String {
        guard let first = rows.first else { return dialect == .excel ? "\u{FEFF}" : "" }
        var lines = [first.map { quoted($0.0) }.joined(separator: ";")]
        for row in rows { lines.append(row.map { field($0.1, dialect) }.joined(separator: ";")) }
        return (dialect == .excel ? "\u{FEFF}" : "") + lines.joined(separator: dialect.lineEnd) + dialect.lineEnd
    }

    /// Encodable rows (each encoding as an object) as CSV; a table of `CSVColumns` rows keeps its header when empty.
    public static func text<Row: Encodable>(rows: [Row], dialect: Dialect) throws -> String {
        if rows.isEmpty, let named = Row.self as? any CSVColumns.Type {
            return (dialect == .excel ? "\u{FEFF}" : "") + named.csvColumns.map(quoted).joined(separator: ";") + dialect.lineEnd
        }
        return text(try rows.map { try JSONValueEncoder.members($0) }, dialect: dialect)
    }

    static func field(_ value: JSONValue, _ dialect: Dialect) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return dialect == .excel ? (b ? "oui" : "non") : (b ? "true" : "false")
        case .number(let n): return number(n, dialect)
        case .string(let s): return quoted(s)
        case .numbers(let ns): return quoted(ns.map { number($0, dialect) }.joined(separator: dialect == .excel ? " " : ","))
        case .array(let values): return quoted(values.map { field($0, dialect) }.joined(separator: ","))
        case .object, .ordered: return quoted(JSONWriter.string(value))
        }
    }

    private static func number(_ n: Double, _ dialect: Dialect) -> String {
        let text = JSONWriter.format(n)
        return dialect == .excel ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    private static func quoted(_ s: String) -> String {
        s.contains(";") || s.contains("\"") || s.contains("\n") || s.contains("\r")
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Rows whose columns are known without a row: their CSV has a header even when empty (a waiting list emptied by a
/// commit is still a table a spreadsheet opens).
public protocol CSVColumns {
    static var csvColumns: [String] { get }
}

extension CSVColumns where Self: Encodable {
    /// The coding keys' names, in their declaration order.
    public static func columns<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> [String] { keys.allCases.map(\.stringValue) }
}
