import Logging
import ServiceLifecycle

/// Writes the denials counted in a minute (`DenialTally`) once the minute has ended, every 10 seconds, and those of the
/// last minutes at the graceful shutdown: a flood is in the trail within a minute and a few seconds, and none is lost
/// by a clean stop.
struct DenialAuditFlusher: Service {
    let audit: AuditLog
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown { [audit, logger] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                do { try await audit.flushDenials() } catch { logger.error("denials not audited", metadata: ["error": "\(error)"]) }
            }
        }
        do { try await audit.flushDenials(now: nil) } catch { logger.error("denials not audited", metadata: ["error": "\(error)"]) }
    }
}
