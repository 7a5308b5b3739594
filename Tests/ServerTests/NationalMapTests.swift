import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import OpenData
import Storage
import StoreTestSupport
import Territory
import UseCases
import XCTest

/// The web map on the whole country, in release (`swift test -c release --filter NationalMapTests`): a national
/// store from Data/ (every commune, one CPTS per EPCI except those whose SIREN ends in 0 or 5, so that there are
/// white zones, statuses varied; the sample's practitioners, officines and roster; the generalised levels stored as the
/// commune import stores them), the server building its map layers from them in the background, then headless
/// Chromium at 1400×900 on three views. Checks that the page
/// finishes, that each view draws a bounded number of shapes, and the real time of the first render.
final class NationalMapTests: XCTestCase {
    func testTheNationalMapIsLightAndFast() async throws {
        #if DEBUG
        throw XCTSkip("the national map tier runs in release: swift test -c release --filter NationalMapTests")
        #else
        try HeadlessChromium.require()
        let national = try await NationalMapStore.build()
        defer { national.remove() }
        try await SampleService.withServer(store: national.store) { client, _ in
            try await Self.checkTheAPI(client)
            try await Self.checkTheViews(client)
            try await Self.checkTheTiles(client)
        }
        #endif
    }

    /// `/health` while the levels are built, the readiness of each level, the size of each layer's answer.
    static func checkTheAPI(_ client: any TestClientProtocol) async throws {
        let asked = Date()
        let health = try await client.get("/health")
        let healthSeconds = Date().timeIntervalSince(asked)
        let building = try await client.get("/api/v1/map/status").json()["ready"] == .bool(false)
        XCTAssertEqual(health.status, .ok)
        XCTAssertLessThan(healthSeconds, 1, "/health is never held by the map build")
        print(String(format: "national map: /health answered in %.3f s while the levels were %@", healthSeconds, building ? "building" : "ready"))

        let tolerances = try await client.mapLevels()
        let status = try await client.get("/api/v1/map/status").json()
        for level in status["levels"]?.arrayValue ?? [] {
            print(String(format: "national map: level %.0f m ready %.1f s after start-up (its build %.1f s)", level["tolerance_m"]?.doubleValue ?? 0,
                         level["ready_seconds"]?.doubleValue ?? -1, level["build_seconds"]?.doubleValue ?? -1))
        }
        for tolerance in tolerances {
            var line = "national map: answers at \(tolerance) m:"
            for layer in MapAPITests.layers {
                let answer = try await client.get("/api/v1/map/\(layer)?tolerance=\(tolerance)")
                XCTAssertEqual(answer.status, .ok)
                let count = Int(try answer.json()["numberReturned"]?.doubleValue ?? -1)
                line += String(format: " %@ %d features %.2f MB;", layer, count, Double(answer.body.readableBytes) / 1e6)
            }
            print(line)
        }
        // Communes: bounded — the whole Métropole is refused, a commune-zoom view of Lille's area is served.
        let metropole = try await client.get("/api/v1/map/communes?tolerance=100&bbox=-5.3,41.3,9.7,51.2")
        XCTAssertEqual(metropole.status, .badRequest)
        XCTAssertTrue(try metropole.json()["detail"]?.stringValue?.hasPrefix("bbox:") == true, metropole.text)
        let lille = try await client.get("/api/v1/map/communes?tolerance=100&bbox=2.1,50.2,4.0,51.0")
        XCTAssertEqual(lille.status, .ok, lille.text)
        let lilleCount = Int(try lille.json()["numberReturned"]?.doubleValue ?? -1)
        print(String(format: "national map: communes around Lille (1.9° × 0.8°, zoom 10) %d features %.2f MB", lilleCount, Double(lille.body.readableBytes) / 1e6))
    }

    /// Vector tiles of the whole country: every layer decoded by GDAL at zooms 0, 5, 10 and 14 (counts against the
    /// OGC API), and every tile of the polygon layers over the six territories up to zoom 8 within 500 KB.
    static func checkTheTiles(_ client: any TestClientProtocol) async throws {
        try ClientToolTests.requireTool("ogrinfo")
        for kind in TileLayerKind.allCases {
            let point = try await TileChecks.firstFeaturePoint(client, collection: kind.rawValue)
            for zoom in [0, 5, 10, 14] {
                let tile = try TileChecks.tile(at: point, zoom: zoom)
                let decoded = try await TileChecks.check(client, kind: kind, tile, expectedFields: TileAPITests.fields[kind]!)
                print("national tiles: \(kind.rawValue) \(tile): \(decoded?.count ?? 0) features")
            }
        }
        // Every tile of the polygon layers up to zoom 10 over the whole territory (DROM included): within the size
        // budget, and every polygon valid on the tile's grid (GEOS), as MVT 2.1 requires and GDAL's reader assumes.
        for kind in [TileLayerKind.communes, .cpts, .whiteZones] {
            var line = "national tiles: \(kind.rawValue), largest tile by zoom:", polygons = 0, tilesChecked = 0
            for zoom in 0...10 {
                var tiles = Set<TileID>()
                for territory in MapTerritory.allCases {
                    tiles.formUnion(TileID.covering(mercator: try WebMercator.envelope(territory.extent), zoom: zoom))
                }
                var largest = 0
                for tile in tiles.sorted(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
                    let answer = try await client.get("/tiles/\(kind.rawValue)/\(tile).mvt")
                    XCTAssertEqual(answer.status, .ok)
                    XCTAssertLessThanOrEqual(answer.body.readableBytes, TileLayer.defaultMaxTileBytes, "\(kind.rawValue) \(tile)")
                    largest = max(largest, answer.body.readableBytes)
                    polygons += try TileChecks.requireValidPolygons(Array(answer.body.readableBytesView), layer: kind.rawValue, "\(kind.rawValue) \(tile)")
                }
                tilesChecked += tiles.count
                line += " z\(zoom) \(largest / 1000) KB (\(tiles.count) tiles);"
            }
            print(line + " \(polygons) polygons in \(tilesChecked) tiles, every one valid")
            XCTAssertGreaterThan(polygons, tilesChecked / 10, "\(kind.rawValue): the tiles hold polygons")
        }
    }

    /// Three views in Chromium: shapes drawn and the real time of the first render (see `HeadlessChromium`).
    static func checkTheViews(_ client: any TestClientProtocol) async throws {
        let base = "http://127.0.0.1:\(client.port!)/"
        let chromium = HeadlessChromium(width: 1400, height: 900)
        // A first load warms Chromium's profile and the server's code paths, as a user's second visit would be.
        _ = try chromium.load(base + "?view=mayotte")
        for (name, query) in [("metropole", "?view=metropole"), ("reunion", "?view=reunion"), ("commune-59350", "?commune=59350")] {
            let screenshot = NSTemporaryDirectory() + "maillage-national-\(name).png"   // never in the repository
            let page = try chromium.load(base + query, screenshot: screenshot)
            XCTAssertEqual(page.status, 0, String(page.log.suffix(2000)))
            XCTAssertTrue(page.loaded, "\(name): the page did not finish loading: \(page.dom.suffix(2000))")
            let shapes = page.number("shapes") ?? -1
            let firstRender = page.seconds(from: "maillage:navigation", to: "maillage:first-render") ?? .infinity
            let communes974 = page.count(classPrefix: "commune c-974")
            print(String(format: "national map: %@ (%@): %d shapes (CPTS %@, white zones %@, communes %@, départements %@) at zoom %@, %@ m; first render %.0f ms wall clock (page's virtual clock %@ ms); screenshot %@",
                         name, query, shapes, page.body["cpts"] ?? "?", page.body["white-zones"] ?? "?", page.body["communes"] ?? "?",
                         page.body["departements"] ?? "?", page.body["zoom"] ?? "?", page.body["tolerance"] ?? "?", firstRender * 1000,
                         page.body["first-render-ms"] ?? "?", screenshot))
            XCTAssertLessThanOrEqual(firstRender, 2.0, "\(name): first render within 2 s")
            switch name {
            case "metropole":
                XCTAssertGreaterThan(shapes, 0)
                XCTAssertLessThanOrEqual(shapes, 2_000, "the national view stays within 2 000 shapes")
                XCTAssertEqual(page.count(classPrefix: "commune "), 0, "no commune at the national view")
                XCTAssertGreaterThan(page.number("cpts") ?? 0, 500)
            case "reunion":
                if (page.number("zoom") ?? 0) >= 10 { XCTAssertEqual(communes974, 24, "the 24 communes of La Réunion") }
                XCTAssertGreaterThan(page.number("cpts") ?? 0, 0, "La Réunion's CPTS")
            default:
                XCTAssertEqual(page.count(classPrefix: "commune c-59350 "), 1, "Lille drawn")
                XCTAssertGreaterThan(page.count(classPrefix: "nearest-volunteer"), 0, "Lille's nearest volunteers")
            }
        }
    }
}

/// The national store of the test: a SQLite file in the temporary directory, removed after the test, or in the
/// PostGIS pass (`MAILLAGE_TEST_DB`) a schema of its own, as every store a test opens.
struct NationalMapStore {
    let store: any MaillageStore
    /// The file or URL, for the CLI (`MAILLAGE_DB`).
    let location: String

    static func build() async throws -> NationalMapStore {
        let location = try ScratchStore.location(named: "national_map")
        let store = try await StoreLocation.open(location)
        let started = Date()
        let (communes, report) = try CommuneLayerImport.run(CommuneSources(dataDirectory: SampleService.data))
        let layer = CommuneLayer(communes, departementNames: report.departementNames)
        try await store.replaceCommunes(layer, formerCodes: report.formerCodes, importSummary: "{}")
        // As `maillage import communes` does: the generalised levels stored with the communes, which the server reads.
        try await store.saveGeneralisedLevels(of: layer)
        // One CPTS per EPCI, as CoverageBenchmark's scenario; the SIREN's last digit picks the status.
        let membership = try EPCIMembership(path: SampleService.data + "/epci/epci-communes-2025.csv.gz")
        var codes: [String: [String]] = [:]
        for (commune, siren) in membership.epciOfCommune where !siren.hasSuffix("0") && !siren.hasSuffix("5") && layer.contains(code: commune) {
            codes[siren, default: []].append(commune)
        }
        let statuses = CPTSStatus.allCases
        let perimeters = codes.keys.sorted().map { siren in
            CPTSPerimeter(id: "CPTS-\(siren)", name: "CPTS " + (membership.epcis[siren]?.name ?? siren),
                          status: statuses[Int(String(siren.last!))! % statuses.count], communeCodes: codes[siren]!.sorted())
        }
        try await store.replaceCPTS(perimeters, importSummary: "{}")
        // The sample's practitioners, officines and volunteers (Hauts-de-France): Lille's nearest volunteers.
        try await SampleService.importPractitioners(into: store, layer: layer, formerCodes: report.formerCodes)
        print(String(format: "national map: %@ store of %d communes and %d CPTS built in %.0f s", String(describing: type(of: store)),
                     layer.communes.count, perimeters.count, Date().timeIntervalSince(started)))
        return NationalMapStore(store: store, location: location)
    }

    /// The SQLite file and its journals (a PostGIS schema goes with the throw-away cluster).
    func remove() {
        guard !location.hasPrefix("postgres") else { return }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
    }
}
