import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with `ConnectionAdmission` in front of it and `RequestDeadlines` right after its
/// decoder, each connection with its own `RequestClock`.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let limits: ConnectionLimits
    let addresses: ConnectionsPerAddress

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits, addresses = addresses
        return http1.setup(channel: channel, logger: logger).assumeIsolated().flatMapThrowing { value in
            let clock = RequestClock(limits: limits, logger: logger)
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(ConnectionAdmission(clock: clock, addresses: addresses, logger: logger), position: .first)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestDeadlines(clock: clock), position: .after(decoder))
            return value
        }.nonisolated()
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 within `limits`, connections counted per address in `addresses`.
    static func guardedHTTP1(configuration: HTTP1Channel.Configuration, limits: ConnectionLimits,
                             addresses: ConnectionsPerAddress) -> HTTPServerBuilder {
        .init { responder in
            GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration), limits: limits, addresses: addresses)
        }
    }
}
