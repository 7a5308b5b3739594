import GeometryKit
import Hummingbird

/// Reading request bodies within the size limit (413 beyond it, from Hummingbird's collector).
enum RequestBody {
    static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        var buffer = try await request.body.collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// A JSON object; anything else is a 400 saying what was wrong.
    static func json(_ request: Request, limit: Int) async throws -> JSONValue {
        let data = try await bytes(request, limit: limit)
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch {
            throw APIError(.badRequest, "invalid JSON", "request body: \(error)")
        }
        guard isObject(value) else { throw APIError(.badRequest, "invalid JSON", "request body: expected a JSON object") }
        return value
    }

    /// UTF-8 text (a CSV upload); invalid UTF-8 is a 400.
    static func text(_ request: Request, limit: Int) async throws -> String {
        let data = try await bytes(request, limit: limit)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw APIError(.badRequest, "invalid body", "the CSV must be UTF-8 text")
        }
        return text
    }

    private static func isObject(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .ordered: return true
        default: return false
        }
    }
}
