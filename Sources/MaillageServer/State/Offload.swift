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

    /// Runs an async `body` with NIO's thread pool as its executor: what it computes between its awaits runs on the pool,
    /// and so does a store call that holds its thread (a streaming import's synchronous transaction); its awaits on the
    /// store (GRDB's own queues) hold no thread. For the writes and the answers that read the store, then compute.
    static func runAsync<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(threadPool) { try await body() }
    }

    static let threadPool = ThreadPoolExecutor()
}

/// NIO's thread pool as a Swift task executor (`Offload.runAsync`): each job of a task that prefers it runs on a pool
/// thread, at the background priority.
final class ThreadPoolExecutor: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // Whatever the pool's state: a job never run would leave its task suspended for ever.
        NIOThreadPool.singleton.submit { _ in
            BackgroundPriority.lowerCurrentThread()
            job.runSynchronously(on: self.asUnownedTaskExecutor())
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
