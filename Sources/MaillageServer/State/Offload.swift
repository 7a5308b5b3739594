import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Work that must not run on NIO's event loops (Swift's global executor in this service): parsing uploads, matching,
/// dissolving, building pages, SQLite. NIO's thread pool has as many threads as cores, so such work queues instead of
/// piling up, and its threads run at a lower CPU priority (`BackgroundPriority`): on 2 cores busy with dissolves and
/// pages, an event loop still gets a core as soon as a request (`/health`) arrives.
enum Offload {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive {
            BackgroundPriority.lowerCurrentThread()
            return try body()
        }
    }
}

/// The niceness of the service's background threads (the thread pool, the map and report builds): 10 above the event
/// loops, so that the kernel's scheduler gives them about a tenth of a core the loops want. Linux only: there a thread
/// has its own nice value (`setpriority` on its thread id); lowering one's own priority needs no privilege.
enum BackgroundPriority {
    static let niceness: Int32 = 10

    static func lowerCurrentThread() {
        #if os(Linux)
        let thread = Thread.current
        guard thread.threadDictionary["maillage.background"] == nil else { return }
        thread.threadDictionary["maillage.background"] = true
        // The thread id, which Glibc's module does not export `gettid` for: /proc/thread-self is PID/task/TID.
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"),
              let id = link.split(separator: "/").last.flatMap({ id_t($0) }) else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id, niceness)
        #endif
    }
}
