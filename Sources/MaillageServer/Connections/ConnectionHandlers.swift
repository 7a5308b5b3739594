import Logging
import NIOCore
import NIOHTTP1

/// First in the pipeline: lets a connection in only while its address holds fewer than its share, and shows the
/// connection's `RequestClock` every read before the HTTP decoder parses it.
final class ConnectionAdmission: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let clock: RequestClock
    private let addresses: ConnectionsPerAddress
    private let logger: Logger
    private var admitted: String?
    private var refused = false

    init(clock: RequestClock, addresses: ConnectionsPerAddress, logger: Logger) {
        self.clock = clock; self.addresses = addresses; self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard admitted == nil, !refused, let address = context.remoteAddress?.ipAddress else { return }
        if addresses.admit(address) {
            admitted = address
        } else {
            refused = true
            logger.debug("connexion refusée : trop de connexions ouvertes depuis cette adresse", metadata: ["client": "\(address)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func release() {
        clock.stop()
        if let admitted { addresses.release(admitted) }
        admitted = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        clock.bytesArriving()
        context.fireChannelRead(data)
        clock.bytesRead(context: context)
    }
}

/// Right after the HTTP decoder: times each request's head and body (`RequestClock`), and closes the connection after an
/// answer given before the request's body ended (a 401, 403 or 413 refusing an upload) rather than reading the rest.
final class RequestDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let clock: RequestClock
    private var closeAfterAnswer = false

    init(clock: RequestClock) { self.clock = clock }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: clock.headRead()
        case .body(let bytes): clock.bodyRead(bytes.readableBytes)
        case .end: clock.bodyEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where clock.bodyOpen && clock.answeringLastRequest:
            closeAfterAnswer = true
            head.headers.replaceOrAdd(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            clock.answerEnded()
            guard closeAfterAnswer else { return context.write(data, promise: promise) }
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            promise.map { written.futureResult.cascade(to: $0) }
            context.write(data, promise: written)
        default:
            context.write(data, promise: promise)
        }
    }
}
