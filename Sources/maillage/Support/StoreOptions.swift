import ArgumentParser
import Foundation
import Storage

/// `--db PATH`, shared by every command that reads or writes the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "SQLite database file (default: $MAILLAGE_DB or maillage.sqlite).")
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["MAILLAGE_DB"] ?? "maillage.sqlite"
    }

    func openStore() throws -> any MaillageStore {
        try SQLiteStore(path: resolvedPath)
    }
}
