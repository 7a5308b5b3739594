import Foundation

/// One line of the `maillage-bench cli` table: a command of the shipped binary, what it cost, what PostGIS took for
/// the same question, both answers (so that the reader sees they are the same result), and the goal.
struct CLIMeasure {
    var command: String
    var seconds: Double
    /// Peak RSS of the process (for `serve`: its RSS once `/health` answers).
    var megabytes: Double
    var postGISSeconds: Double?
    /// "maillage's answer / PostGIS's answer", or maillage's alone.
    var answer: String
    var goal: CLIGoal

    /// How many times faster maillage answers than PostGIS.
    var ratio: Double? { postGISSeconds.map { $0 / seconds } }
}

/// A target of issue 11, with the words printed for it.
struct CLIGoal {
    let text: String
    let isMet: (CLIMeasure) -> Bool?

    /// Wall time (and peak memory) bounds.
    static func atMost(seconds: Double, megabytes: Double? = nil) -> CLIGoal {
        CLIGoal(text: "≤ \(format(seconds)) s" + (megabytes.map { ", ≤ \(Int($0)) MB" } ?? "")) { m in
            m.seconds <= seconds && megabytes.map { m.megabytes <= $0 } ?? true
        }
    }

    /// Faster than PostGIS by `times` (0.5: at most twice its time); unknown without PostGIS.
    static func postGISRatio(atLeast times: Double, text: String, megabytes: Double? = nil) -> CLIGoal {
        CLIGoal(text: text + (megabytes.map { ", ≤ \(Int($0)) MB" } ?? "")) { m in
            guard let ratio = m.ratio else { return megabytes.map { m.megabytes <= $0 ? nil : false } ?? nil }
            return ratio >= times && megabytes.map { m.megabytes <= $0 } ?? true
        }
    }

    static func peak(atMost megabytes: Double) -> CLIGoal {
        CLIGoal(text: "≤ \(Int(megabytes)) MB") { $0.megabytes <= megabytes }
    }

    static func format(_ seconds: Double) -> String { seconds < 1 ? String(format: "%.1f", seconds) : String(format: "%.0f", seconds) }
}

enum CLITable {
    static let widths = (command: 44, seconds: 11, megabytes: 8, postGIS: 10, ratio: 9, answer: 84, goal: 24)

    static var header: String {
        left("command", widths.command) + " |" + padded("maillage s", widths.seconds) + " |" + padded("peak MB", widths.megabytes)
            + " |" + padded("PostGIS s", widths.postGIS) + " |" + padded("ratio", widths.ratio) + " | " + left("answer: maillage / PostGIS", widths.answer)
            + " | " + left("goal", widths.goal) + " | met"
    }

    /// `ratio`: PostGIS's time over maillage's (above 1, maillage is faster).
    static func line(_ m: CLIMeasure) -> String {
        let met = m.goal.isMet(m).map { $0 ? "yes" : "NO" } ?? "–"
        return left(m.command, widths.command) + " |" + padded(String(format: "%.3f", m.seconds), widths.seconds)
            + " |" + padded(String(format: "%.0f", m.megabytes), widths.megabytes)
            + " |" + padded(m.postGISSeconds.map { String(format: "%.3f", $0) } ?? "–", widths.postGIS)
            + " |" + padded(m.ratio.map { String(format: "%.3g×", $0) } ?? "–", widths.ratio)
            + " | " + left(m.answer, widths.answer) + " | " + left(m.goal.text, widths.goal) + " | " + met
    }

    /// `text` left-aligned in `width` columns.
    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
