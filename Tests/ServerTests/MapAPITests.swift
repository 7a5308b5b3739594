import ChildProcess
import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import XCTest

/// `/api/v1/map` over real HTTP on the sample: the generalised layers as RFC 7946 GeoJSON at each level, bounded,
/// neighbours glued at every tolerance; the territories, the commune search, the caller's CPTS; Leaflet's files.
final class MapAPITests: XCTestCase {
    static let layers = ["departements", "cpts", "white-zones", "overlaps"]

    func testEveryLayerIsValidGeoJSONAtEveryLevelAndCoarserIsSmaller() async throws {
        try await SampleService.withServer { client, _ in
            let tolerances = try await client.mapLevels()
            XCTAssertEqual(tolerances, [2500, 500, 100], "coarsest first")
            let counts = ["departements": 5, "cpts": 63,
                          "white-zones": try await client.get("/api/v1/white-zones").json().arrayValue?.count ?? -1,
                          "overlaps": try await client.get("/api/v1/overlaps").json().arrayValue?.count ?? -1]
            let coverage = Dictionary(uniqueKeysWithValues: (try await client.get("/api/v1/coverage?by=departement").json().arrayValue ?? []).map {
                ($0["departement"]?.stringValue ?? "", $0["coverage_rate"]?.doubleValue ?? -1)
            })
            var sizes: [String: [Int]] = [:], files: [(String, Int)] = []
            for tolerance in tolerances {
                for layer in Self.layers {
                    let answer = try await client.get("/api/v1/map/\(layer)?tolerance=\(tolerance)")
                    XCTAssertEqual(answer.status, .ok, answer.text)
                    XCTAssertEqual(answer.headers[.contentType], "application/geo+json")
                    let features = try Self.assertRFC7946(answer.text, features: counts[layer]!, "\(layer) at \(tolerance) m")
                    sizes[layer, default: []].append(answer.body.readableBytes)
                    if layer == "departements" {
                        for f in features { XCTAssertEqual(f.properties["coverage_rate"]?.doubleValue, coverage[f.id?.stringValue ?? ""], "same rate as /coverage") }
                    }
                    if layer == "cpts", let amiens = features.first(where: { $0.id == .string("CPTS-80-002") }) {
                        for key in ["name", "status", "population", "size_category", "funding_eur", "coverage_rate", "coverage_rate_aci"] {
                            XCTAssertNotNil(amiens.properties[key], "CPTS property \(key)")
                        }
                    }
                    let path = NSTemporaryDirectory() + "maillage-map-\(layer)-\(tolerance)-\(UUID().uuidString).geojson"
                    try answer.text.write(toFile: path, atomically: true, encoding: .utf8)
                    files.append((path, counts[layer]!))
                }
            }
            defer { for (path, _) in files { try? FileManager.default.removeItem(atPath: path) } }
            print("map layer sizes in bytes at \(tolerances) m:", sizes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            for layer in ["departements", "cpts"] {
                XCTAssertEqual(sizes[layer]!, sizes[layer]!.sorted(), "\(layer): coarser levels are smaller")
            }
            let full = try await client.get("/ogc/collections/cpts/items?limit=10000").body.readableBytes
            XCTAssertLessThan(sizes["cpts"]![0] * 4, full, "the CPTS at 2500 m are a fraction of their full-resolution GeoJSON")
            try Self.validateWithGeoJSONValidator(files.filter { $0.1 > 0 }.map(\.0))
        }
    }

    func testCommunesOnlyAtTheFinestLevelWithinABoundingBox() async throws {
        try await SampleService.withServer { client, _ in
            _ = try await client.mapLevels()
            let bbox = "2.2,49.85,2.35,49.95", box = Geometry(envelope: Envelope(minX: 2.2, minY: 49.85, maxX: 2.35, maxY: 49.95))
            let answer = try await client.get("/api/v1/map/communes?tolerance=100&bbox=\(bbox)")
            XCTAssertEqual(answer.status, .ok, answer.text)
            let features = try Self.assertRFC7946(answer.text, features: nil, "communes around Amiens")
            XCTAssertTrue(features.contains { $0.id == .string("80021") })
            XCTAssertTrue(features.allSatisfy { $0.id?.stringValue?.hasPrefix("80") == true })
            for f in features { XCTAssertTrue(try Geometry(shape: f.geometry!).intersects(box), "\(String(describing: f.id)) is in the box") }
            XCTAssertNotNil(features.first { $0.id == .string("80021") }?.properties["index_per_100k"]?.doubleValue, "accessibility for the choropleth")
            let defaulted = try await client.get("/api/v1/map/communes?bbox=\(bbox)")
            XCTAssertEqual(defaulted.text, answer.text, "the finest level by default")
            // The whole sample is within the bound (3 782 communes); the national test checks the refusal beyond it.
            let all = try await client.get("/api/v1/map/communes?bbox=1,48,5,52").json()
            XCTAssertEqual(all["numberReturned"]?.doubleValue, 3782)
            let bound = try await client.get("/api/v1/map/status").json()["max_communes"]?.doubleValue ?? 0
            XCTAssertLessThanOrEqual(3782, bound)
        }
    }

    func testBadQueryValuesAreA400NamingTheParameter() async throws {
        try await SampleService.withServer { client, _ in
            let cases = [
                ("/api/v1/map/cpts?tolerance=123", "tolerance"), ("/api/v1/map/cpts?tolerance=abc", "tolerance"),
                ("/api/v1/map/cpts?tolerance=-100", "tolerance"), ("/api/v1/map/cpts?bbox=1,2,3", "bbox"),
                ("/api/v1/map/cpts?bbox=3,50,2,49", "bbox"), ("/api/v1/map/cpts?bbox=a,b,c,d", "bbox"),
                ("/api/v1/map/white-zones?bbox=-200,40,10,50", "bbox"), ("/api/v1/map/communes?tolerance=100", "bbox"),
                ("/api/v1/map/communes?tolerance=2500&bbox=2,49,3,50", "tolerance"), ("/api/v1/map/communes?tolerance=500&bbox=2,49,3,50", "tolerance"),
                ("/api/v1/map/search", "q"), ("/api/v1/map/search?q=", "q"),
            ]
            for (uri, parameter) in cases {
                let answer = try await client.get(uri)
                XCTAssertEqual(answer.status, .badRequest, uri)
                let json = try answer.json()
                XCTAssertEqual(json["error"]?.stringValue, "invalid parameter", uri)
                XCTAssertTrue(json["detail"]?.stringValue?.hasPrefix("\(parameter):") == true, "\(uri): \(answer.text)")
            }
            let unknown = try await client.get("/api/v1/map/patients?tolerance=100")
            XCTAssertEqual(unknown.status, .notFound)
            XCTAssertEqual(try unknown.json()["error"]?.stringValue, "unknown map layer")
        }
    }

    /// One edge graph simplified once per tolerance: touching CPTS keep one common border — their intersection
    /// is a line, no area (no overlap) and no gap (the line is there) — and their areas add up to their union's.
    func testNeighbouringCPTSShareTheirBorderAtEveryLevel() async throws {
        try await SampleService.withServer { client, _ in
            let tolerances = try await client.mapLevels()
            let full = try Self.shapes(try await client.get("/ogc/collections/cpts/items?limit=10000").text)
            // CPTS claiming no commune of another (overlaps_with empty) that share a border line at full resolution.
            let alone = full.filter { $0.value.overlapsWith == 0 }.keys.sorted()
            var pairs: [(String, String)] = []
            for (i, a) in alone.enumerated() {
                for b in alone[(i + 1)...] where full[a]!.geometry.intersects(full[b]!.geometry) {
                    if try full[a]!.geometry.intersection(full[b]!.geometry).length > 0 { pairs.append((a, b)) }
                }
            }
            XCTAssertGreaterThan(pairs.count, 10, "touching CPTS in the sample")
            print("CPTS pairs sharing a border, checked at \(tolerances) m: \(pairs.count)")
            for tolerance in tolerances {
                let shapes = try Self.shapes(try await client.get("/api/v1/map/cpts?tolerance=\(tolerance)").text)
                for (a, b) in pairs {
                    let ga = shapes[a]!.geometry, gb = shapes[b]!.geometry
                    let common = try ga.intersection(gb)
                    XCTAssertLessThanOrEqual(common.area, 1e-9 * min(ga.area, gb.area), "\(a)/\(b) at \(tolerance) m: no overlap")
                    XCTAssertGreaterThan(common.length, 0, "\(a)/\(b) at \(tolerance) m: still a common border (no gap)")
                    let union = try ga.union(gb)
                    XCTAssertEqual(union.area, ga.area + gb.area, accuracy: 1e-9 * union.area, "\(a)/\(b) at \(tolerance) m")
                }
                // The CPTS with the most such neighbours and its neighbours, and the five départements: areas add up to the union's.
                let hub = Dictionary(grouping: pairs.flatMap { [$0.0, $0.1] }, by: { $0 }).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.key
                let group = Set(pairs.filter { $0.0 == hub || $0.1 == hub }.flatMap { [$0.0, $0.1] })
                XCTAssertGreaterThan(group.count, 3)
                try Self.assertAreasAddUp(group.map { shapes[$0]!.geometry }, "\(hub) and its neighbours at \(tolerance) m")
                let departements = try Self.shapes(try await client.get("/api/v1/map/departements?tolerance=\(tolerance)").text)
                try Self.assertAreasAddUp(departements.values.map(\.geometry), "départements at \(tolerance) m")
            }
        }
    }

    func testTerritoriesSearchAndTheCoordinatorsCPTS() async throws {
        try await SampleService.withServer { client, _ in
            let territories = try await client.get("/api/v1/map/territories").json()["territories"]?.arrayValue ?? []
            XCTAssertEqual(territories.compactMap { $0["id"]?.stringValue }, ["metropole", "guadeloupe", "martinique", "guyane", "reunion", "mayotte"])
            let reunion = territories.first { $0["id"]?.stringValue == "reunion" }
            XCTAssertEqual(reunion?["name"]?.stringValue, "La Réunion")
            XCTAssertEqual(reunion?["departement"]?.stringValue, "974")
            XCTAssertEqual(reunion?["bbox"]?.arrayValue?.compactMap(\.doubleValue), [55.2, -21.4, 55.85, -20.85])

            let byName = try await client.get("/api/v1/map/search?q=amiens").json()["communes"]?.arrayValue ?? []
            XCTAssertEqual(byName.first?["code"]?.stringValue, "80021")
            XCTAssertEqual(byName.first?["bbox"]?.arrayValue?.count, 4)
            let byCode = try await client.get("/api/v1/map/search?q=80021").json()["communes"]?.arrayValue ?? []
            XCTAssertEqual(byCode.first?["name"]?.stringValue, "Amiens")
            XCTAssertEqual(byCode.first?["cpts"]?.arrayValue, [.string("CPTS-80-002")])
            let folded = try await client.get("/api/v1/map/search?q=st%20quentin").json()["communes"]?.arrayValue ?? []
            XCTAssertEqual(folded.first?["code"]?.stringValue, "02691", "Saint-Quentin: accents, hyphens and « st » folded")
            let many = try await client.get("/api/v1/map/search?q=sa").json()["communes"]?.arrayValue?.count ?? 99
            XCTAssertEqual(many, 8, "at most 8 suggestions")

            let anonymous = try await client.get("/api/v1/map/me")
            XCTAssertEqual(anonymous.status, .unauthorized)
            let me = try await client.get("/api/v1/map/me", token: SampleService.amiens).json()
            XCTAssertEqual(me["role"]?.stringValue, "coordinator")
            XCTAssertEqual(me["cpts"]?["id"]?.stringValue, "CPTS-80-002")
            XCTAssertEqual(me["cpts"]?["name"]?.stringValue, "CPTS Amiens")
            let extent = me["cpts"]?["bbox"]?.arrayValue?.compactMap(\.doubleValue) ?? []
            XCTAssertTrue(extent.count == 4 && extent[0] < 2.3 && extent[2] > 2.3 && extent[1] < 49.9 && extent[3] > 49.9, "\(extent)")
            let ars = try await client.get("/api/v1/map/me", token: SampleService.ars).json()
            XCTAssertEqual(ars["role"]?.stringValue, "ars")
            XCTAssertNil(ars["cpts"])
        }
    }

    /// Leaflet from the system path (Debian's libjs-leaflet), never from the repository; a missing file is a 503 naming it.
    func testLeafletIsServedFromTheSystemPath() async throws {
        let system = ServerConfiguration.defaultLeafletDirectory
        guard FileManager.default.fileExists(atPath: system + "/leaflet.js") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("libjs-leaflet is required") }
            throw XCTSkip("libjs-leaflet not installed")
        }
        try await SampleService.withServer { client, _ in
            let script = try await client.get("/vendor/leaflet/leaflet.js")
            XCTAssertEqual(script.status, .ok)
            XCTAssertEqual(script.headers[.contentType], "text/javascript; charset=utf-8")
            XCTAssertEqual(Data(script.body.readableBytesView), FileManager.default.contents(atPath: system + "/leaflet.js"))
            let css = try await client.get("/vendor/leaflet/leaflet.css")
            XCTAssertEqual(css.headers[.contentType], "text/css; charset=utf-8")
            let image = try await client.get("/vendor/leaflet/images/layers.png")
            XCTAssertEqual(image.headers[.contentType], "image/png")
            XCTAssertEqual(Data(image.body.readableBytesView), FileManager.default.contents(atPath: system + "/images/layers.png"))
            for unknown in ["/vendor/leaflet/images/secret.png", "/vendor/leaflet/images/..%2F..%2Fleaflet.js", "/vendor/leaflet/leaflet.min.js.map"] {
                let answer = try await client.get(unknown)
                XCTAssertEqual(answer.status, .notFound, unknown)
            }
            let page = try await client.get("/")
            XCTAssertTrue(page.text.contains("<script src=\"/vendor/leaflet/leaflet.js\">"))
            XCTAssertFalse(page.text.contains("http://") || page.text.contains("https://"), "nothing loaded from elsewhere")
        }
        let empty = NSTemporaryDirectory() + "maillage-no-leaflet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try await SampleService.withServer(leafletDirectory: empty) { client, _ in
            let missing = try await client.get("/vendor/leaflet/leaflet.js")
            XCTAssertEqual(missing.status, .serviceUnavailable)
            XCTAssertEqual(try missing.json()["error"]?.stringValue, "leaflet not installed")
            XCTAssertTrue(try missing.json()["detail"]?.stringValue?.contains(empty + "/leaflet.js") == true, missing.text)
        }
    }

    // MARK: - Helpers

    struct Shape { let geometry: Geometry; let overlapsWith: Int }

    static func shapes(_ text: String) throws -> [String: Shape] {
        var shapes: [String: Shape] = [:]
        for f in try GeoJSON.features(in: JSONParser.parse(Array(text.utf8))) {
            guard let id = f.id?.stringValue, let shape = f.geometry else { continue }
            shapes[id] = Shape(geometry: try Geometry(shape: shape), overlapsWith: f.properties["overlaps_with"]?.arrayValue?.count ?? 0)
        }
        return shapes
    }

    static func assertAreasAddUp(_ geometries: [Geometry], _ what: String) throws {
        let union = try Geometry.union(of: geometries)
        let sum = geometries.reduce(0) { $0 + $1.area }
        XCTAssertEqual(union.area, sum, accuracy: 1e-9 * sum, "\(what): the areas add up to the union's (no overlap)")
    }

    /// RFC 7946 as GEOS sees it: a FeatureCollection of `count` features (any when nil), valid geometries,
    /// exterior rings counter-clockwise and holes clockwise, at most 6 decimals.
    @discardableResult
    static func assertRFC7946(_ text: String, features count: Int?, _ what: String) throws -> [GeoJSONFeature] {
        let document = try JSONParser.parse(Array(text.utf8))
        XCTAssertEqual(document["type"]?.stringValue, "FeatureCollection", what)
        let features = try GeoJSON.features(in: document)
        if let count { XCTAssertEqual(features.count, count, what) }
        XCTAssertEqual(document["numberReturned"]?.doubleValue, Double(features.count), what)
        XCTAssertNil(text.range(of: #"\d\.\d{7,}"#, options: .regularExpression), "\(what): more than 6 decimals")
        for feature in features {
            guard let shape = feature.geometry else { XCTFail("\(what): a feature without geometry"); continue }
            let geometry = try Geometry(shape: shape)
            XCTAssertTrue(geometry.isValid, "\(what) \(String(describing: feature.id)): \(geometry.validityReason)")
            for rings in shape.polygons {
                for (i, ring) in rings.enumerated() { XCTAssertEqual(RingOrientation.isCounterClockwise(ring), i == 0, "\(what): ring orientation") }
            }
        }
        return features
    }

    /// geojson-validator (PyPI) through Tools/validate-geojson.py, when installed (required in CI).
    static func validateWithGeoJSONValidator(_ paths: [String]) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import geojson_validator"]).status) == 0 else {
            XCTAssertNotEqual(ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"], "1", "geojson-validator is not installed")
            return
        }
        let run = try ChildProcess.run("/usr/bin/env", ["python3", root.appendingPathComponent("Tools/validate-geojson.py").path] + paths)
        XCTAssertEqual(run.status, 0, "geojson-validator: \(run.output.suffix(3000))")
    }
}

extension TestClientProtocol {
    /// Waits until every generalised level is built (they are built in the background after start-up) and
    /// returns the tolerances in build order.
    func mapLevels(timeout seconds: Double = 600) async throws -> [Int] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let status = try await get("/api/v1/map/status").json()
            if status["ready"] == .bool(true) {
                return (status["levels"]?.arrayValue ?? []).compactMap { $0["tolerance_m"]?.doubleValue }.map { Int($0) }
            }
            if let failed = (status["levels"]?.arrayValue ?? []).compactMap({ $0["error"]?.stringValue }).first {
                throw APIError(.internalServerError, "map level failed", failed)
            }
            guard Date() < deadline else { throw APIError(.gatewayTimeout, "map levels", "not built within \(seconds) s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
