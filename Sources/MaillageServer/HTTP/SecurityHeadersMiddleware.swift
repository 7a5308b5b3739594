import Hummingbird

/// What a browser needs to keep a page whose users type a token safe: every answer is read as its declared type
/// (`nosniff`), and an HTML page (the web map, the API documentation) runs only the service's own scripts, is never
/// framed by another site (clickjacking), and sends no Referer with the links it opens.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = MaillageRequestContext

    /// The web map loads its scripts, styles, Leaflet and data from the service; its scripts and Leaflet set styles inline.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.init("X-Frame-Options")!] = "DENY"
            response.headers[.init("Referrer-Policy")!] = "no-referrer"
        }
        return response
    }
}
