import Hummingbird

/// The service's own URL as the client reached it, for the absolute links clients follow (OGC API links,
/// TileJSON's tile template): the `Host` header, and `X-Forwarded-Proto` behind a TLS proxy.
enum ServiceURL {
    static func root(_ request: Request) -> String {
        let scheme = request.headers[.init("X-Forwarded-Proto")!] ?? "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"   // HTTP/1.1's Host header
    }
}
