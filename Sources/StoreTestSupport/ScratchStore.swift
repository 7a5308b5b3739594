import Foundation
import StoragePostGIS

/// New, empty stores for the tests and the benchmarks: a SQLite file, or — when the run names a PostGIS database
/// (`MAILLAGE_TEST_DB`, a `postgres://` URL) — a schema of its own in that database, so that each test starts empty
/// and none sees another's rows.
///
/// ```swift
/// let store = try await StoreLocation.open(try ScratchStore.location(named: "orientation"))
/// ```
public enum ScratchStore {
    /// The PostGIS database the tests run on, if any.
    public static var testDatabase: String? {
        ProcessInfo.processInfo.environment["MAILLAGE_TEST_DB"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func location(named name: String, in directory: String = NSTemporaryDirectory(),
                                database: String? = testDatabase) throws -> String {
        guard let database else { return (directory as NSString).appendingPathComponent(uniqueName(name) + ".sqlite") }
        return try PostGISLocation(url: database).with(schema: schema(named: name)).urlString
    }

    /// A schema name no other test or run uses, `t_NAME_PID_XXXXXXXX`: for a scratch store, or a copy of one
    /// (`PostGISStore.copy(toSchema:)`).
    public static func schema(named name: String) -> String { "t_" + uniqueName(name) }

    private static func uniqueName(_ name: String) -> String {
        String("\(name)_\(getpid())_\(UUID().uuidString.prefix(8))".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
