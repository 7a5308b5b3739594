import Foundation
import PostgresNIO
import Storage

/// What the other instances committed: the counters of `store_change`, and `LISTEN maillage_change` on a connection of
/// its own to hear of each commit at once.
extension PostGISStore {
    public func changeCounters() async throws -> StoreChanges {
        var counters: [StoreChange: Int] = [:]
        for row in try await rows("SELECT kind, counter FROM store_change") {
            if let kind = StoreChange(rawValue: try row.value("kind")) { counters[kind] = try row.value("counter", Int.self) }
        }
        return StoreChanges(counters)
    }

    public func changeSignals() -> AsyncStream<Void> {
        let (signals, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let client = self.client, logger = self.logger
        let listener = Task {
            // Listens on a leased connection as long as the stream is read; a dropped connection is listened on again.
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: "maillage_change") { notifications in
                            continuation.yield()   // listening now: whatever was committed before is in the counters
                            for try await _ in notifications { continuation.yield() }
                        }
                    }
                } catch {
                    logger.debug("LISTEN maillage_change: \(error)")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                continuation.yield()
            }
        }
        continuation.onTermination = { _ in listener.cancel(); ticker.cancel() }
        return signals
    }
}
