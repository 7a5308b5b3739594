import Foundation
import GeometryKit
import Territory

/// Output helpers: answers on stdout (JSON as the service sends it, or CSV), progress and reports on stderr.
enum Terminal {
    /// Prints an answer as JSON, as the service sends it.
    static func printAnswer<Answer: Encodable>(_ answer: Answer) throws { printText(try JSONValueEncoder.string(answer)) }

    /// Prints a document (GeoJSON, a token) on stdout, the progress line erased first.
    static func printText(_ text: String, terminator: String = "\n") {
        ElapsedProgress.shared.clear()
        print(text, terminator: terminator)
    }

    /// Prints answer rows as a JSON array or a `;` CSV table (one column per member, in the answer's order).
    static func printRows<Row: Encodable>(_ rows: [Row], format: TableFormat) throws {
        if let dialect = format.dialect { printText(try CSVTable.text(rows: rows, dialect: dialect), terminator: "") } else { try printAnswer(rows) }
    }

    /// A progress line that rewrites itself on a terminal, and is silent when stderr is a file.
    static func progress(_ message: String) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        ElapsedProgress.shared.yield()
        FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8))
    }

    static func endProgress() {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func report(_ line: String) {
        ElapsedProgress.shared.clear()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
