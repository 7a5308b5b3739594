import Foundation
import GeometryKit
import Territory

/// Output helpers: JSON on stdout, progress and reports on stderr.
enum Terminal {
    /// Prints a JSON object with its members in the given order.
    static func printJSON(_ members: [(String, JSONValue)]) {
        print(JSONWriter.string(object: members))
    }

    static func printJSON(_ value: JSONValue) {
        print(JSONWriter.string(value))
    }

    /// Prints an array of objects, members in the given order.
    static func printJSON(objects: [[(String, JSONValue)]]) {
        print(JSONWriter.string(objects: objects))
    }

    /// Prints an answer as JSON, as the service sends it.
    static func printAnswer<Answer: Encodable>(_ answer: Answer) throws { print(try JSONValueEncoder.string(answer)) }

    /// Prints answer rows as a JSON array or a `;` CSV table (one column per member, in the answer's order).
    static func printRows<Row: Encodable>(_ rows: [Row], csv: Bool) throws {
        if csv { print(CSVTable.text(try rows.map { try JSONValueEncoder.members($0) }), terminator: "") } else { try printAnswer(rows) }
    }

    /// Prints rows as a JSON array or a `;` CSV table.
    static func printRows(_ rows: [[(String, JSONValue)]], csv: Bool) {
        if csv { print(CSVTable.text(rows), terminator: "") } else { printJSON(objects: rows) }
    }

    /// A progress line that rewrites itself on a terminal, and is silent when stderr is a file.
    static func progress(_ message: String) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8))
    }

    static func endProgress() {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func report(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension JSONValue {
    /// `.number` for an optional integer, `.null` when absent.
    static func int(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
    /// `.number` rounded to `decimals`, `.null` when absent.
    static func rounded(_ value: Double?, _ decimals: Int = 3) -> JSONValue {
        guard let value else { return .null }
        let scale = (0..<decimals).reduce(1.0) { v, _ in v * 10 }
        return .number((value * scale).rounded() / scale)
    }
}
