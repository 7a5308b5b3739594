import Foundation
import PostgresNIO
import Storage

/// Where a PostGIS store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]` (also `postgresql://`).
/// The password may instead come from `PGPASSWORD`, as for psql. `schema` puts Maillage's tables in a schema of their
/// own (created if missing): several regions in one database, or a throw-away schema per test.
public struct PostGISLocation: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String?
    /// Whether the password was in the URL (not from `PGPASSWORD`): only then does `urlString` repeat it.
    var passwordInURL: Bool

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard PostGISLocation.isURL(text), let url = URLComponents(string: text) else {
            throw PostGISLocationError.notAURL(text)
        }
        guard let host = url.host, !host.isEmpty else { throw PostGISLocationError.missing("host", text) }
        guard let user = url.user, !user.isEmpty else { throw PostGISLocationError.missing("user", text) }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw PostGISLocationError.missing("database", text) }
        self.host = host
        self.port = url.port ?? 5432
        self.user = user
        self.password = url.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.passwordInURL = url.password != nil
        self.database = database
        self.schema = url.queryItems?.first { $0.name == "schema" }?.value
        for item in url.queryItems ?? [] where item.name != "schema" { throw PostGISLocationError.unknownParameter(item.name, text) }
        if let schema, !PostGISLocation.isPlainName(schema) { throw PostGISLocationError.badSchema(schema) }
    }

    /// Lower-case letters, digits and `_`: a schema name that needs no quoting anywhere (search_path, psql, QGIS).
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The URL without the password (for logs and messages).
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    /// The same database with another schema.
    public func with(schema: String?) -> PostGISLocation {
        var copy = self
        copy.schema = schema
        return copy
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: .disable)
        // Each connection of the pool looks in the schema first (PostGIS's functions stay in `public`).
        if let schema { configuration.options.additionalStartupParameters = [("search_path", "\(schema),public")] }
        // A serve instance keeps a few connections open: one for LISTEN, the rest for the requests.
        configuration.options.maximumConnections = 8
        return configuration
    }
}

/// A `--db postgres://…` that can't be used, with what to write instead.
public enum PostGISLocationError: Error, CustomStringConvertible, Equatable {
    case notAURL(String)
    case missing(String, String)
    case unknownParameter(String, String)
    case badSchema(String)

    public var description: String {
        switch self {
        case .notAURL(let text): return "'\(text)' is not a postgres:// URL (postgres://USER@HOST:PORT/DATABASE)"
        case .missing(let part, let text): return "'\(text)' names no \(part) (postgres://USER@HOST:PORT/DATABASE)"
        case .unknownParameter(let name, let text): return "'\(text)': unknown parameter '\(name)' (only ?schema=NAME is read)"
        case .badSchema(let name): return "schema '\(name)': use lower-case letters, digits and _, starting with a letter"
        }
    }
}

extension PostGISLocation {
    /// The URL, with the password if it came in one (a child process given it connects as this one did).
    public var urlString: String {
        let credentials = passwordInURL ? "\(user):\(password ?? "")" : user
        return "postgres://\(credentials)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }
}
