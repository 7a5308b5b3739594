import ArgumentParser
import Foundation
import Storage
import Synchronization
import UseCases

/// `--db LOCATION`, shared by every command that reads or writes the store: a SQLite file, or a PostGIS database
/// (`postgres://USER@HOST:PORT/DATABASE`, several `serve` instances sharing it).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"),
            help: "SQLite database file, or postgres://USER@HOST:PORT/DATABASE[?schema=NAME] (default: $MAILLAGE_DB or maillage.sqlite).")
    var path: String?

    var location: String {
        path ?? ProcessInfo.processInfo.environment["MAILLAGE_DB"] ?? "maillage.sqlite"
    }

    /// The location as messages and logs show it: a URL without its password.
    var shownLocation: String { StoreLocation.shown(location) }

    /// The store at `location`, opened once per process: a command that reads the analysis, then the stored
    /// dissolves or the roster, opens the file or the connection pool (and checks its migrations) once.
    func openStore() async throws -> any MaillageStore {
        let location = self.location
        if let known = StoreOptions.opened.withLock({ $0[location] }) { return known }
        let store: any MaillageStore
        do {
            store = try await StoreLocation.open(location)   // outside the lock: opening reads the file or connects
        } catch let error as StoreLocation.InvalidLocation {
            throw ValidationError("--db : \(error)")
        }
        return StoreOptions.opened.withLock { opened in
            if let known = opened[location] { return known }
            opened[location] = store
            return store
        }
    }

    private static let opened = Mutex<[String: any MaillageStore]>([:])
}

extension StoreOptions {
    /// Runs a use case on the store, an empty store becoming a usage error that names it.
    func reportingEmpty<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StorageError.empty(let message) {
            throw ValidationError("\(shownLocation) : \(message)")
        }
    }
}
