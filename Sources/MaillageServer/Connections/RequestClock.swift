import Logging
import NIOCore

/// One connection's request timing, shared by its two handlers (`ConnectionAdmission` sees bytes, `RequestDeadlines`
/// sees requests and answers), both on the connection's event loop. Timers are armed only when a read leaves a head or
/// a body unfinished, so a request that arrives in one read schedules nothing.
final class RequestClock {
    private let limits: ConnectionLimits
    private let logger: Logger
    private var headsRead = 0
    private var answersEnded = 0
    /// When the first byte of a request not yet parsed came.
    private var waitingSince: NIODeadline?
    private var headTimer: Scheduled<Void>?
    private var bodyStarted: NIODeadline?
    private var bodyBytes = 0
    private var bodyTimer: Scheduled<Void>?

    init(limits: ConnectionLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    var bodyOpen: Bool { bodyStarted != nil }

    /// Whether the answer being written is to the last request read, whose body may still be coming (with pipelined
    /// requests, an earlier one's answer is written while a later one is read).
    var answeringLastRequest: Bool { headsRead == answersEnded + 1 }

    // MARK: bytes (before the HTTP decoder)

    func bytesArriving() {
        if waitingSince == nil, headsRead == answersEnded { waitingSince = .now() }
    }

    /// After the decoder has seen a read: arms the deadlines of whatever it left unfinished.
    func bytesRead(context: ChannelHandlerContext) {
        if let waitingSince, headTimer == nil, headsRead == answersEnded {
            let heads = headsRead
            headTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: waitingSince + .seconds(limits.headSeconds)) {
                self.headTimer = nil
                if self.headsRead == heads { self.cut(context, because: "en-tête de requête incomplet après \(self.limits.headSeconds) s") }
            }
        }
        if bodyOpen, bodyTimer == nil { scheduleBodyCheck(context: context, in: limits.bodyGraceSeconds) }
    }

    // MARK: requests and answers (after the HTTP decoder)

    func headRead() {
        headsRead += 1
        waitingSince = nil
        headTimer?.cancel(); headTimer = nil
        bodyStarted = .now(); bodyBytes = 0
    }

    func bodyRead(_ count: Int) { bodyBytes += count }

    func bodyEnded() {
        bodyStarted = nil
        bodyTimer?.cancel(); bodyTimer = nil
    }

    func answerEnded() { answersEnded += 1 }

    func stop() {
        headTimer?.cancel(); headTimer = nil
        bodyTimer?.cancel(); bodyTimer = nil
    }

    // MARK: deadlines

    private func scheduleBodyCheck(context: ChannelHandlerContext, in seconds: Double) {
        bodyTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(seconds)) {
            self.bodyTimer = nil
            self.checkBody(context: context)
        }
    }

    private func checkBody(context: ChannelHandlerContext) {
        guard let bodyStarted else { return }
        let elapsed = Double((NIODeadline.now() - bodyStarted).nanoseconds) / 1e9
        if elapsed >= limits.bodySeconds {
            cut(context, because: "corps de requête incomplet après \(limits.bodySeconds) s")
        } else if elapsed >= limits.bodyGraceSeconds, Double(bodyBytes) < limits.minimumBodyBytesPerSecond * elapsed {
            cut(context, because: "corps de requête reçu à \(Int(Double(bodyBytes) / elapsed)) octets/s, moins que \(Int(limits.minimumBodyBytesPerSecond))")
        } else {
            scheduleBodyCheck(context: context, in: min(1, limits.bodySeconds - elapsed))
        }
    }

    private func cut(_ context: ChannelHandlerContext, because reason: String) {
        logger.debug("connexion fermée : \(reason)", metadata: ["client": "\(context.remoteAddress?.ipAddress ?? "?")"])
        stop()
        context.close(promise: nil)
    }
}

extension TimeAmount {
    static func seconds(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1e9)) }
}
