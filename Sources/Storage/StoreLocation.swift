import Foundation

/// Where a store is, as `--db` and `MAILLAGE_DB` say it: a `postgres://…` URL opens the PostGIS store, anything else
/// is the path of a SQLite file.
///
/// ```swift
/// let store = try await StoreLocation.open("maillage.sqlite")                          // SQLiteStore
/// let shared = try await StoreLocation.open("postgres://maillage@127.0.0.1/maillage")  // PostGISStore
/// ```
public enum StoreLocation {
    public static func open(_ location: String) async throws -> any MaillageStore {
        if PostGISLocation.isURL(location) { return try await PostGISStore(url: location) }
        return try SQLiteStore(path: location)
    }

    /// A new, empty store's location for a test or a benchmark: a SQLite file in `directory`, or — when `database`
    /// (`MAILLAGE_TEST_DB`, a `postgres://` URL) is given — a schema of its own in that database, so that each test
    /// starts empty and none sees another's rows.
    public static func scratch(named name: String, in directory: String = NSTemporaryDirectory(),
                               database: String? = ProcessInfo.processInfo.environment["MAILLAGE_TEST_DB"]) throws -> String {
        guard let database, !database.isEmpty else { return (directory as NSString).appendingPathComponent(uniqueName(name) + ".sqlite") }
        return try PostGISLocation(url: database).with(schema: scratchSchema(named: name)).urlString
    }

    /// A schema name no other test or run uses, `t_NAME_PID_XXXXXXXX`: for a scratch store, or a copy of one
    /// (`PostGISStore.copy(toSchema:)`).
    public static func scratchSchema(named name: String) -> String { "t_" + uniqueName(name) }

    private static func uniqueName(_ name: String) -> String {
        String("\(name)_\(getpid())_\(UUID().uuidString.prefix(8))".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

extension PostGISLocation {
    /// The URL, with the password if it came in one (a child process given it connects as this one did).
    public var urlString: String {
        let credentials = passwordInURL ? "\(user):\(password ?? "")" : user
        return "postgres://\(credentials)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }
}
