import UseCases
import Foundation
import Hummingbird
import NIOCore

/// The request context of the service: Hummingbird's core storage plus the caller identified by
/// `AccessMiddleware`.
public struct MaillageRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller = .anonymous
    /// The peer's IP address (no port), the key of `FailedAttempts`; "unknown" when the channel has none.
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Codable bodies as JSON with URLs as written (`http://…`, not `http:\/\/…`): TileJSON, links.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
