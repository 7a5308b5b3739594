import ChildProcess
import Foundation
import GeometryKit
import Storage
import StoragePostGIS
import StoreTestSupport
import Territory
import XCTest

/// The whole country in the PostGIS store, read back by the store and by GDAL as QGIS's PostGIS provider reads it.
/// On the database `MAILLAGE_TEST_DB` names (the throw-away cluster of `Tools/test.sh`).
final class NationalPostGISTests: XCTestCase {
    func testTheNationalCommunesAreALayerGDALAndQGISRead() async throws {
        try NationalData.requireRelease()
        guard let database = ProcessInfo.processInfo.environment["MAILLAGE_TEST_DB"], !database.isEmpty else {
            throw XCTSkip("MAILLAGE_TEST_DB is not set: Tools/test.sh sets it for the PostGIS passes")
        }
        guard ChildProcess.isInstalled("ogrinfo") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
            throw XCTSkip("ogrinfo not installed")
        }
        let layer = try NationalData.layer.get()
        let location = try PostGISLocation(url: try ScratchStore.location(named: "national", database: database))
        let store = try await PostGISStore(url: location.urlString)
        addTeardownBlock { try await store.dropSchema() }
        let started = Date()
        try await store.replaceCommunes(layer, formerCodes: [:], importSummary: "{}")
        print("national communes into PostGIS: \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        // GDAL's PostgreSQL driver, which QGIS's PostGIS provider shares the catalogue queries with.
        let connection = "PG:host=\(location.host) port=\(location.port) user=\(location.user) dbname=\(location.database) active_schema=\(location.schema!)"
        let info = try ChildProcess.capture("/usr/bin/env", ["ogrinfo", "-ro", "-so", connection, "commune"])
        XCTAssertEqual(info.status, 0, info.standardError)
        let text = info.standardOutputText
        XCTAssertTrue(text.contains("Feature Count: \(layer.communes.count)"), text)
        XCTAssertTrue(text.contains("Geometry (geometry): Multi Polygon"), text)   // beside the representative point (point): Point
        XCTAssertTrue(text.contains("EPSG\",4326") || text.contains("ID[\"EPSG\",4326]"), text)
        XCTAssertEqual(layer.communes.count, 34_875)

        // Read back, every commune is the one written: attributes, and the polygon to the coordinate (a multipolygon
        // of one part reads back as its polygon, as the files have it).
        func wkb(_ geometry: Geometry?) -> [UInt8]? {
            guard let geometry else { return nil }
            return geometry.typeName == "MultiPolygon" && geometry.numGeometries == 1 ? geometry.parts[0].wkb : geometry.wkb
        }
        let stored = try await store.allCommunes()
        XCTAssertEqual(stored.map(\.code), layer.communes.map(\.code).sorted())
        let written = Dictionary(uniqueKeysWithValues: layer.communes.map { ($0.code, $0) })
        var different: [String] = []
        for commune in stored {
            let original = written[commune.code]!
            let same = commune.name == original.name && commune.population == original.population && commune.epci == original.epci
                && commune.representativePoint == original.representativePoint
                && wkb(commune.geometry) == wkb(original.geometry)
            if !same { different.append(commune.code) }
        }
        XCTAssertEqual(different, [], "communes read back differently")
    }
}
