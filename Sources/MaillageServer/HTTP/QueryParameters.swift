import Hummingbird
import HummingbirdCore
import Territory

/// Typed reading of query-string parameters; a value that does not parse is a 400 naming the parameter.
struct QueryParameters {
    let values: FlatDictionary<Substring, Substring>

    init(_ request: Request) { values = request.uri.queryParameters }

    /// `max_km` also answers to `max-km`, the CLI's spelling.
    func string(_ name: String) -> String? {
        if let value = values[Substring(name)] { return String(value) }
        guard name.utf8.contains(UInt8(ascii: "_")) else { return nil }
        return values[Substring(String(name.map { $0 == "_" ? "-" : $0 }))].map(String.init)
    }

    func double(_ name: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.map({ $0.contains(value) }) ?? true else {
            throw APIError.badParameter(name, range.map { "un nombre entre \($0.lowerBound) et \($0.upperBound)" } ?? "un nombre")
        }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.map({ $0.contains(value) }) ?? true else {
            throw APIError.badParameter(name, range.map { "un entier entre \($0.lowerBound) et \($0.upperBound)" } ?? "un entier")
        }
        return value
    }

    /// A switch: `true`, `1` or present without a value (`?national`) is true; `false`, `0` or absent is false, as the
    /// OpenAPI document's `boolean` lists them.
    func bool(_ name: String) throws -> Bool {
        switch string(name) {
        case nil, "false", "0": return false
        case "", "true", "1": return true
        default: throw APIError.badParameter(name, "true ou false")
        }
    }

    /// `format=json|csv|csv-excel` (or `excel=1`, as a spreadsheet link is written): how a table is sent; JSON by default.
    func tableFormat() throws -> TableFormat {
        // A `format` that is none is refused, `excel` or not.
        var format = TableFormat.json
        if let text = string("format") {
            guard let named = TableFormat(rawValue: text) else {
                throw APIError.badParameter("format", TableFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            format = named
        }
        return try bool("excel") ? .csvExcel : format
    }

    /// `status=aci-signe,pre-projet`: the statuses that count as covering (default all).
    func coveringStatuses() throws -> Set<CPTSStatus> {
        guard let text = string("status") else { return Set(CPTSStatus.allCases) }
        do { return try CPTSStatus.parseList(text) } catch { throw APIError.badParameter("status", "\(error)") }
    }
}
