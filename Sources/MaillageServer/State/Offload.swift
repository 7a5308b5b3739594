import NIOPosix

/// Work that must not run on NIO's event loops (Swift's global executor in this service): parsing uploads, matching,
/// dissolving, SQLite. NIO's thread pool has as many threads as cores, so such work queues instead of piling up.
enum Offload {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
