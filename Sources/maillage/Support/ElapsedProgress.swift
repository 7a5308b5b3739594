import Dispatch
import Foundation

/// The progress line of a command that runs longer than a moment, on a terminal only: `maillage map coverage … 3 s`.
/// A command's own progress (`Terminal.progress`) takes the line over; any output clears it first, so that nothing is
/// printed after it on the same line. `MAILLAGE_PROGRESS_AFTER` sets the delay in seconds (default 2).
///
/// Every write to the line goes through one serial queue: the ticker and the outputs never interleave, and no lock is
/// held while writing.
final class ElapsedProgress: @unchecked Sendable {
    static let shared = ElapsedProgress()

    /// Touched on `queue` only.
    private var label = ""
    private var started = DispatchTime.now()
    private var shown = false
    private var stopped = true
    /// Until when the command's own progress owns the line.
    private var ownedUntil = DispatchTime.now()
    private let queue = DispatchQueue(label: "maillage.progress")
    private let onTerminal = isatty(STDERR_FILENO) == 1

    /// Starts the ticker for `label` when stderr is a terminal.
    func start(label: String) {
        guard onTerminal else { return }
        let delay = ProcessInfo.processInfo.environment["MAILLAGE_PROGRESS_AFTER"].flatMap(Double.init) ?? 2
        queue.sync { self.label = label; started = .now(); stopped = false }
        tick(after: max(0, delay))
    }

    private func tick(after seconds: Double) {
        queue.asyncAfter(deadline: .now() + seconds) { [self] in
            guard !stopped else { return }
            if DispatchTime.now() >= ownedUntil {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                write("\r\u{1B}[K\(label) … \(Int(elapsed)) s")
                shown = true
            }
            tick(after: 0.5)
        }
    }

    /// Before any output: the line is erased (and drawn again at the next tick while the command runs).
    func clear() {
        guard onTerminal else { return }
        queue.sync { if shown { write("\r\u{1B}[K"); shown = false } }
    }

    /// The command writes a progress line of its own: the ticker keeps off the line for a while.
    func yield() {
        guard onTerminal else { return }
        queue.sync { ownedUntil = .now() + 1.5; shown = false }
    }

    func stop() {
        guard onTerminal else { return }
        queue.sync { stopped = true; if shown { write("\r\u{1B}[K"); shown = false } }
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
