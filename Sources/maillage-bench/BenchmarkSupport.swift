import Foundation

/// Prints one line at once, unbuffered: figures appear as they are measured, even through a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// `text` right-aligned in `width` columns (at least one space before it), for the benchmarks' tables.
func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(1, width - text.count)) + text }

enum BenchmarkSupport {
    /// The project's `Data/` folder (benchmarks run from the project root, as `swift run` does).
    static var defaultDataDirectory: String {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Data").path
    }

    static func option(_ name: String, in arguments: ArraySlice<String>) -> String? {
        guard let i = arguments.firstIndex(of: name), arguments.index(after: i) < arguments.endIndex else { return nil }
        return arguments[arguments.index(after: i)]
    }

    /// Wall-clock seconds of `body`.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Wall-clock seconds of `body`, which awaits (the store).
    static func time<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try await body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// The fastest of `runs` runs of `body` (the first run warms caches), in seconds.
    static func best<T>(runs: Int = 2, _ body: () throws -> T) rethrows -> (T, Double) {
        var best = Double.infinity
        var result: T?
        for _ in 0..<runs {
            let (value, seconds) = try time(body)
            best = min(best, seconds)
            result = value
        }
        return (result!, best)
    }

    /// Peak resident memory of this process so far (getrusage), in MiB.
    static var peakMemoryMiB: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "maillage-bench-\(getpid())-\(name)"
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
