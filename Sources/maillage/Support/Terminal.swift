import Foundation
import GeometryKit
import Territory

/// Output helpers: answers on stdout (JSON as the service sends it, or CSV), progress and reports on stderr.
enum Terminal {
    /// Prints an answer as JSON, as the service sends it.
    static func printAnswer<Answer: Encodable>(_ answer: Answer) throws { print(try JSONValueEncoder.string(answer)) }

    /// Prints answer rows as a JSON array or a `;` CSV table (one column per member, in the answer's order).
    static func printRows<Row: Encodable>(_ rows: [Row], csv: Bool) throws {
        if csv { print(CSVTable.text(try rows.map { try JSONValueEncoder.members($0) }), terminator: "") } else { try printAnswer(rows) }
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
