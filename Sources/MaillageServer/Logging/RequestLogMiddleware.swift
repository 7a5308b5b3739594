import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path, status, duration — the path without its query string, which may carry a
/// patient's coordinates (`nearest?lat=…&lon=…`). Hummingbird's `LogRequestsMiddleware` logs the whole URI.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = MaillageRequestContext
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: started, context: context)
            return response
        } catch let error as HTTPResponseError {
            log(request, status: error.status.code, since: started, context: context)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since started: ContinuousClock.Instant, context: Context) {
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: level, "request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .stringConvertible(status), "ms": .string(String(format: "%.2f", ms)),
        ])
    }
}
