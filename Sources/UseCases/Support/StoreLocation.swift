import Foundation
import Storage
import StoragePostGIS
import StorageSQLite

/// Where a store is, as `--db` and `MAILLAGE_DB` say it: a `postgres://…` URL opens the PostGIS store, anything else
/// is the path of a SQLite file.
///
/// ```swift
/// let store = try await StoreLocation.open("maillage.sqlite")                          // SQLiteStore
/// let shared = try await StoreLocation.open("postgres://maillage@127.0.0.1/maillage")  // PostGISStore
/// ```
public enum StoreLocation {
    public static func open(_ location: String) async throws -> any MaillageStore {
        guard PostGISLocation.isURL(location) else { return try SQLiteStore(path: location) }
        do {
            return try await PostGISStore(url: location)
        } catch let error as PostGISLocationError {
            throw InvalidLocation(description: error.description)
        }
    }

    /// A `postgres://` URL that does not say where the store is (its message names what is wrong, never the password).
    public struct InvalidLocation: Error, CustomStringConvertible {
        public let description: String
    }

    /// The location as messages and logs show it: a URL without its password.
    public static func shown(_ location: String) -> String {
        PostGISLocation.isURL(location) ? ((try? PostGISLocation(url: location))?.description ?? "postgres://…") : location
    }
}
