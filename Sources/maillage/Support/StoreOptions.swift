import ArgumentParser
import Foundation
import Storage
import Synchronization

/// `--db PATH`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (default: $MAILLAGE_DB or maillage.sqlite).")
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["MAILLAGE_DB"] ?? "maillage.sqlite"
    }

    /// The store at `resolvedPath`, opened once per process: a command that reads the analysis, then the stored
    /// dissolves or the roster, opens the file (and checks its migrations) once.
    func openStore() throws -> any MaillageStore {
        let path = resolvedPath
        if let known = StoreOptions.opened.withLock({ $0[path] }) { return known }
        let store = try SQLiteStore(path: path)   // outside the lock: opening reads the file
        return StoreOptions.opened.withLock { opened in
            if let known = opened[path] { return known }
            opened[path] = store
            return store
        }
    }

    private static let opened = Mutex<[String: any MaillageStore]>([:])
}
