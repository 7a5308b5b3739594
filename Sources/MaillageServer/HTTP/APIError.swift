import GeometryKit
import Hummingbird
import NIOHTTP1
import Storage
import UseCases

/// An error answer of the API: `{ "error": …, "detail": … }` with its HTTP status.
///
/// ```swift
/// throw APIError(.badRequest, "invalid parameter", "k must be an integer between 1 and 100")
/// ```
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var error: String
    public var detail: String
    /// Headers the answer carries besides its content type (`Allow` of a 405).
    var headers = HTTPFields()

    public init(_ status: HTTPResponse.Status, _ error: String, _ detail: String) {
        self.status = status; self.error = error; self.detail = detail
    }

    public var description: String { "\(status.code) \(error): \(detail)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.answer(ErrorBody(error: error, detail: detail), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badParameter(_ name: String, _ expected: String) -> APIError {
        APIError(.badRequest, "invalid parameter", "\(name): \(expected)")
    }
}

extension APIError {
    /// A use case's refusal: 404 for a code the store does not know, 403 outside the caller's CPTS, 400 otherwise.
    init(_ error: UseCaseError) {
        switch error {
        case .outsideScope: self.init(.forbidden, "forbidden", error.description)
        case .invalidFile: self.init(.badRequest, "invalid CSV", error.description)
        case .noKnownCommune: self.init(.badRequest, "invalid body", error.description)
        case _ where error.isUnknownThing: self.init(.notFound, "unknown code", error.description)
        default: self.init(.badRequest, "invalid parameter", error.description)
        }
    }
}

/// Turns every failure into the API's JSON error: ours as they are, Hummingbird's (404, 405, 413…)
/// with their status, anything else as a 500 whose cause goes to the log, not to the client.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = MaillageRequestContext
    /// The served routes, to tell a path served with other methods (405) from no such path (404).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPParserError {
            // The request ended before its body did: the client went away, or was cut (`RequestDeadlines`); nobody reads this.
            context.logger.debug("request cut", metadata: ["error": .string("\(error)")])
            throw APIError(.badRequest, "bad request", "requête incomplète : la connexion s’est fermée avant la fin du corps")
        } catch let error as UseCaseError {
            throw APIError(error)
        } catch let error as StorageError where error.isConflict {
            throw APIError(.conflict, "conflict", error.description)
        } catch let error as HTTPResponseError {
            if error.status == .notFound, case let allowed = routes.methods(path: request.uri.path), !allowed.isEmpty {
                var refusal = APIError(.methodNotAllowed, "method not allowed", "\(request.method) n’est pas permis sur \(request.uri.path) ; permis : "
                                       + allowed.joined(separator: ", "))
                refusal.headers[.allow] = allowed.joined(separator: ", ")
                throw refusal
            }
            throw APIError(error.status, error.status.reasonPhrase.lowercased(), Self.detail(for: error.status, request: request))
        } catch {
            context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
            throw APIError(.internalServerError, "internal error", "la requête a échoué sur le serveur ; voir le journal du service")
        }
    }

    static func detail(for status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound: return "rien à \(request.uri.path)"
        case .methodNotAllowed: return "\(request.method) n’est pas permis sur \(request.uri.path)"
        case .contentTooLarge: return "le corps de la requête dépasse ce que le service accepte"
        default: return status.reasonPhrase
        }
    }
}
