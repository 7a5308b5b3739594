import Foundation
import Storage
import StoragePostGIS
import StoreTestSupport
import UseCases
import XCTest

extension XCTestCase {
    /// An empty store for this test, removed after it: a SQLite file, or — in the PostGIS pass of `Tools/test.sh`
    /// (`MAILLAGE_TEST_DB`) — a schema of its own in that database. Every store-backed test runs on both.
    /// `sqlite`: a SQLite file in either pass (a test of SQLite's own schema).
    func scratchStore(_ name: String, sqlite: Bool = false) async throws -> (store: any MaillageStore, location: String) {
        let location = sqlite ? try ScratchStore.location(named: name, database: nil) : try ScratchStore.location(named: name)
        let store = try await StoreLocation.open(location)
        addTeardownBlock { [store] in
            if let postgis = store as? PostGISStore { try await postgis.dropSchema() }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        }
        return (store, location)
    }
}
