import UseCases
import Hummingbird
import Storage

/// Audits every 401 and 403 (`AuditEvent.Action.denied`): a token refused, a role or a CPTS outside what the request
/// needs — a handful per caller, address and minute one by one, the rest as one row per minute (`DenialTally`). After
/// `AccessMiddleware`, so that the caller a 403 names is known. The path only: a query string may carry coordinates.
struct DenialAuditMiddleware: RouterMiddleware {
    typealias Context = MaillageRequestContext
    let audit: AuditLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError where error.status == .unauthorized || error.status == .forbidden {
            try await audit.recordDenial(context.caller, error: error, request: request, client: context.clientAddress)
            throw error
        }
    }
}

extension AuditLog {
    func recordDenial(_ caller: Caller, error: APIError, request: Request, client: String) async throws {
        try await recordDenial(caller, client: client, outcome: "\(error.status.code) \(request.method) \(request.uri.path): \(error.detail)")
    }
}
