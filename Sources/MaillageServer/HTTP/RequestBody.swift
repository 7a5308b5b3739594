import Foundation
import Hummingbird
import OpenData

/// Reading request bodies within the size limit: 413 before reading when the announced `Content-Length` is beyond it
/// (the connection is then closed, `RequestDeadlines`), else from Hummingbird's collector as the bytes come.
enum RequestBody {
    static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let announced = request.headers[.contentLength].flatMap({ Int($0) }), announced > limit {
            throw HTTPError(.contentTooLarge)
        }
        var buffer = try await request.body.collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// A JSON body as `Body`: a 400 "invalid JSON" when it is not JSON, "invalid body" when it is not that shape.
    static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, limit: Int) async throws -> Body {
        let data = try await bytes(request, limit: limit)
        do {
            return try JSONDecoder().decode(Body.self, from: Data(data))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw APIError(.badRequest, "invalid JSON", "corps de la requête : \(context.debugDescription)")
        } catch let error as DecodingError {
            throw APIError(.badRequest, "invalid body", "corps de la requête : \(BodyShapeError(error))")
        }
    }

    /// A CSV upload's text, as the CLI reads files: UTF-8 (a byte-order mark dropped) or Windows-1252, as Excel saves it.
    static func text(_ request: Request, limit: Int) async throws -> String {
        TextDecoding.decode(try await bytes(request, limit: limit)).text
    }
}

/// Where and why a JSON body is not of the expected shape, in a line a client can act on.
struct BodyShapeError: CustomStringConvertible {
    let error: DecodingError
    init(_ error: DecodingError) { self.error = error }

    var description: String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .keyNotFound(let key, let context): return "\(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue): missing"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A JSON body whose document is closed (`additionalProperties: false`): a member it does not have is refused with
/// a 400 naming it, rather than ignored (a misspelt `place_restantes` would otherwise change nothing and say 200).
enum ClosedBody {
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func refuseUnknownMembers<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, known: Keys.Type) throws {
        let names = Set(Keys.allCases.map(\.stringValue))
        if let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.first(where: { !names.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: [unknown], debugDescription:
                "membre inconnu « \(unknown.stringValue) » ; membres possibles : \(names.sorted().joined(separator: ", "))"))
        }
    }
}
