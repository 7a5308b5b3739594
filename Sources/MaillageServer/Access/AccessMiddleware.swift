import UseCases
import Hummingbird
import Storage

/// Reads `Authorization: Bearer TOKEN` and sets the caller; an unknown token is refused (401) rather
/// than served as anonymous, so that a typo never silently hides data behind an empty answer.
/// An address that sent too many unknown tokens (`FailedAttempts`) gets 429 for its next unknown ones, neither checked
/// further nor audited one by one; a known token is always served: everyone behind one proxy shares an address, and a
/// 256-bit token is not guessed by trying.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = MaillageRequestContext
    let tokens: AccessTokens
    let failedAttempts: FailedAttempts
    let audit: AuditLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let caller = tokens.caller(bearer: String(parts[1])) else {
            let client = context.clientAddress
            if let seconds = failedAttempts.retryAfter(client: client) {
                var response = try JSONResponse.answer(ErrorBody(error: "too many requests",
                                                                 detail: "trop de jetons inconnus depuis cette adresse ; réessayez dans \(seconds) s"),
                                                       status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
            failedAttempts.recordFailure(client: client)
            let error = APIError(.unauthorized, "invalid token", "l’en-tête Authorization doit être `Bearer JETON` avec un jeton que le service connaît")
            try await audit.recordDenial(Caller(role: .anonymous, label: "invalid-token"), error: error, request: request, client: client)
            throw error
        }
        var context = context
        context.caller = caller
        context.logger[metadataKey: "caller"] = .string(caller.label)
        return try await next(request, context)
    }
}

extension MaillageRequestContext {
    /// The CPTS of a coordinator token; 401 without a token, 403 for any other role.
    func requireCoordinator() throws -> String {
        switch caller.role {
        case .coordinator(let cpts): return cpts
        case .anonymous: throw APIError(.unauthorized, "token required", "les données des patients demandent un jeton de coordinateur (Authorization: Bearer …)")
        case .ars, .practitioner: throw APIError(.forbidden, "forbidden", "les données des patients sont réservées aux coordinateurs des CPTS")
        }
    }

    /// The RPPS number of a practitioner token; 401 without a token, 403 for any other role.
    func requirePractitioner() throws -> String {
        switch caller.role {
        case .practitioner(let rpps): return rpps
        case .anonymous: throw APIError(.unauthorized, "token required", "cette adresse demande un jeton de praticien (Authorization: Bearer …)")
        case .ars, .coordinator: throw APIError(.forbidden, "forbidden", "cette adresse est celle d'un praticien : son jeton le désigne par son numéro RPPS")
        }
    }

    /// ARS or coordinator: what is not public but holds no patient data.
    func requireAuthenticated() throws {
        switch caller.role {
        case .ars, .coordinator: return
        case .anonymous: throw APIError(.unauthorized, "token required", "cette adresse demande un jeton ars ou coordinateur")
        case .practitioner: throw APIError(.forbidden, "forbidden", "cette adresse demande un jeton ars ou coordinateur")
        }
    }
}
