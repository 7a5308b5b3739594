import Foundation
import Hummingbird

/// The request context of the service: Hummingbird's core storage plus the caller identified by
/// `AccessMiddleware`.
public struct MaillageRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller = .anonymous

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Codable bodies as JSON with URLs as written (`http://…`, not `http:\/\/…`): TileJSON, links.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
