import Foundation
import Logging
import ServiceLifecycle

/// Writes the denials counted in a minute (`DenialTally`) once the minute has ended, every 10 seconds, and those of the
/// last minutes at the graceful shutdown: a flood is in the trail within a minute and a few seconds, and none is lost
/// by a clean stop.
struct DenialAuditFlusher: Service {
    let audit: AuditLog
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                await flush(endedBy: .now)
            }
        }
        await flush(endedBy: nil)
    }

    /// Writes the minutes ended by `now` (every minute counted when nil); a store that fails is logged.
    private func flush(endedBy now: Date?) async {
        do { try await audit.flushDenials(now: now) } catch { logger.error("denials not audited", metadata: ["error": "\(error)"]) }
    }
}
