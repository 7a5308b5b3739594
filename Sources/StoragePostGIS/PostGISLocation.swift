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

    public init(url text: String) throws(PostGISLocationError) {
        let shown = PostGISLocation.redacted(text)
        guard PostGISLocation.isURL(text), let url = URLComponents(string: text) else {
            throw PostGISLocationError.notAURL(shown)
        }
        guard let host = url.host, !host.isEmpty else { throw PostGISLocationError.missing("l’hôte", shown) }
        guard let user = url.user, !user.isEmpty else { throw PostGISLocationError.missing("l’utilisateur", shown) }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw PostGISLocationError.missing("la base", shown) }
        self.host = host
        self.port = url.port ?? 5432
        self.user = user
        self.password = url.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        self.passwordInURL = url.password != nil
        self.database = database
        self.schema = url.queryItems?.first { $0.name == "schema" }?.value
        for item in url.queryItems ?? [] where item.name != "schema" { throw PostGISLocationError.unknownParameter(item.name, shown) }
        if let schema { try PostGISLocation.checkSchema(schema) }
    }

    /// PostgreSQL's longest identifier: a longer name would be cut silently, and two schemas could become one.
    static let longestSchemaName = 63

    /// Lower-case letters, digits and `_` (a name that needs no quoting anywhere: search_path, psql, QGIS), at most 63
    /// bytes, and not a schema of the system or of PostGIS, where Maillage's tables have no place.
    static func checkSchema(_ name: String) throws(PostGISLocationError) {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || first == "_",
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw .badSchema(name)
        }
        guard name.utf8.count <= longestSchemaName else { throw .schemaTooLong(name) }
        guard !(name.hasPrefix("pg_") || ["information_schema", "topology", "tiger", "tiger_data"].contains(name)) else {
            throw .systemSchema(name)
        }
    }

    /// `text` with the password of its user-information part (`USER:PASSWORD@`) replaced by `***`: what a message may
    /// repeat of a URL that could not be read.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let authorityEnd = text[scheme.upperBound...].firstIndex { "/?#".contains($0) } ?? text.endIndex
        guard let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return text[..<text.index(after: colon)] + "***" + text[at...]
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

/// A `--db postgres://…` that can't be used, with what to write instead; the URL repeated without its password.
public enum PostGISLocationError: Error, CustomStringConvertible, Equatable {
    case notAURL(String)
    case missing(String, String)
    case unknownParameter(String, String)
    case badSchema(String)
    case schemaTooLong(String)
    case systemSchema(String)

    public var description: String {
        switch self {
        case .notAURL(let text): return "« \(text) » n’est pas une URL postgres:// (postgres://UTILISATEUR@HÔTE:PORT/BASE)"
        case .missing(let part, let text): return "« \(text) » ne dit pas \(part) (postgres://UTILISATEUR@HÔTE:PORT/BASE)"
        case .unknownParameter(let name, let text): return "« \(text) » : paramètre « \(name) » inconnu (seul ?schema=NOM est lu)"
        case .badSchema(let name): return "schéma « \(name) » : lettres minuscules, chiffres et _, en commençant par une lettre ou _"
        case .schemaTooLong(let name):
            return "schéma « \(name) » : \(name.utf8.count) octets, PostgreSQL n’en garde que \(PostGISLocation.longestSchemaName)"
        case .systemSchema(let name): return "schéma « \(name) » : réservé à PostgreSQL ou à PostGIS, choisissez un schéma à vous"
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
