import Foundation
import GeometryKit
import Hummingbird
import HummingbirdTesting
import Logging
import MaillageServer
import XCTest

/// OGC items pages bounded in bytes, `bbox` through the layer's STR-tree, and polygon layers typed MultiPolygon,
/// over real HTTP.
final class OGCPagesTests: XCTestCase {
    static let polygonCollections = ["communes", "cpts", "white-zones", "overlaps", "accessibility"]

    /// A Polygon is written as a MultiPolygon of one part, same rings (GEOS's normalised start, exterior counter-clockwise);
    /// a MultiPolygon as it is; a point unchanged.
    func testPolygonWrittenAsMultiPolygon() throws {
        let square = Geometry(envelope: Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        XCTAssertEqual(try GeoJSONWriter.featureText(id: .string("a"), properties: [], geometry: square),
                       #"{"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,1],[0,0],[1,0],[1,1],[0,1]]]}}"#)
        XCTAssertEqual(try GeoJSONWriter.featureText(id: .string("a"), properties: [], geometry: square, polygonsAsMulti: true),
                       #"{"type":"Feature","id":"a","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,1],[0,0],[1,0],[1,1],[0,1]]]]}}"#)
        let two = try Geometry(shape: .multiPolygon([
            [[Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0), Coordinate(longitude: 1, latitude: 1), Coordinate(longitude: 0, latitude: 0)]],
            [[Coordinate(longitude: 2, latitude: 0), Coordinate(longitude: 3, latitude: 0), Coordinate(longitude: 3, latitude: 1), Coordinate(longitude: 2, latitude: 0)]],
        ]))
        XCTAssertEqual(try GeoJSONWriter.featureText(properties: [], geometry: two, polygonsAsMulti: true),
                       #"{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[1,1],[0,0],[1,0],[1,1]]],[[[3,1],[2,0],[3,0],[3,1]]]]}}"#)
        let point = Geometry(point: Coordinate(longitude: 2.5, latitude: 49.5))
        XCTAssertEqual(try GeoJSONWriter.featureText(properties: [], geometry: point, polygonsAsMulti: true),
                       #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[2.5,49.5]}}"#)
    }

    /// Every feature of every polygon collection is a MultiPolygon (the sample's CPTS mix one-part and several-part perimeters).
    func testPolygonCollectionsAreMultiPolygonsOnly() async throws {
        try await SampleService.withServer { client, _ in
            for collection in Self.polygonCollections {
                let features = try await Self.allFeatures(client, "/ogc/collections/\(collection)/items?limit=10000")
                XCTAssertFalse(features.isEmpty, collection)
                let types = Set(features.compactMap { $0["geometry"]?["type"]?.stringValue })
                XCTAssertEqual(types, ["MultiPolygon"], collection)
            }
            let cpts = try await Self.allFeatures(client, "/ogc/collections/cpts/items?limit=100")
            let parts = cpts.map { $0["geometry"]?["coordinates"]?.arrayValue?.count ?? 0 }
            XCTAssertTrue(parts.contains(1) && parts.contains { $0 > 1 }, "one-part and several-part CPTS: \(parts)")
            let single = try await client.get("/ogc/collections/cpts/items/CPTS-80-002").json()
            XCTAssertEqual(single["geometry"]?["type"]?.stringValue, "MultiPolygon")
            let pharmacy = try await client.get("/ogc/collections/pharmacies/items?limit=1").json()
            XCTAssertEqual(pharmacy["features"]?.arrayValue?.first?["geometry"]?["type"]?.stringValue, "Point")
        }
    }

    /// `limit=10000` of full-resolution communes with a 300 kB budget: pages of at most the budget (plus the
    /// collection's own members), `numberReturned` what each holds, `next` continuing right after it, every
    /// commune once in all.
    func testItemsPagesBoundedInBytes() async throws {
        let budget = 300_000
        try await Self.withServer(pageBytes: budget) { client in
            var uri: String? = "/ogc/collections/communes/items?limit=10000"
            var ids: [String] = [], pages = 0, offset = 0
            while let next = uri {
                let page = try await client.get(next)
                XCTAssertEqual(page.status, .ok)
                let json = try page.json()
                let features = json["features"]?.arrayValue ?? []
                let returned = Int(json["numberReturned"]?.doubleValue ?? -1)
                XCTAssertEqual(returned, features.count)
                XCTAssertGreaterThan(returned, 0)
                XCTAssertLessThanOrEqual(page.body.readableBytes, budget + 2_000, "page \(pages): \(page.body.readableBytes) bytes")
                XCTAssertEqual(json["numberMatched"]?.doubleValue, 3782)
                ids += features.compactMap { $0["id"]?.stringValue }
                offset += returned
                let href = (json["links"]?.arrayValue ?? []).first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
                if let href { XCTAssertTrue(href.hasSuffix("/ogc/collections/communes/items?limit=10000&offset=\(offset)"), href) }
                uri = href.map { String($0[$0.range(of: "/ogc")!.lowerBound...]) }
                pages += 1
            }
            XCTAssertGreaterThan(pages, 10, "3 782 full-resolution communes do not fit in 300 kB")
            XCTAssertEqual(ids.count, 3782)
            XCTAssertEqual(Set(ids).count, 3782, "pages neither overlap nor skip")
        }
        // The default budget: the whole sample's communes (a few megabytes) in pages of at most 4 MiB.
        try await SampleService.withServer { client, _ in
            let page = try await client.get("/ogc/collections/communes/items?limit=10000")
            XCTAssertLessThanOrEqual(page.body.readableBytes, (4 << 20) + 2_000)
        }
    }

    /// `bbox` answers exactly the features whose geometry meets the box: the same as GEOS over every feature of
    /// the collection, in the collection's order.
    func testBBoxMatchesEveryIntersectingFeature() async throws {
        try await SampleService.withServer { client, _ in
            for collection in ["communes", "cpts", "pharmacies"] {
                let all = try await Self.allFeatures(client, "/ogc/collections/\(collection)/items?limit=10000")
                let shapes = try all.map { try $0["geometry"].map { try Geometry(shape: GeoJSON.geometry($0)) } }
                for box in [Envelope(minX: 2.25, minY: 49.88, maxX: 2.30, maxY: 49.91), Envelope(minX: 3.0, minY: 50.5, maxX: 3.2, maxY: 50.7),
                            Envelope(minX: 1.0, minY: 48.0, maxX: 5.0, maxY: 52.0), Envelope(minX: -5, minY: 40, maxX: -4, maxY: 41)] {
                    let rectangle = Geometry(envelope: box)
                    let expected = zip(all, shapes).filter { $1?.intersects(rectangle) ?? false }.compactMap { $0.0["id"]?.stringValue }
                    let text = "\(box.minX),\(box.minY),\(box.maxX),\(box.maxY)"
                    let found = try await Self.allFeatures(client, "/ogc/collections/\(collection)/items?limit=10000&bbox=\(text)")
                    XCTAssertEqual(found.compactMap { $0["id"]?.stringValue }, expected, "\(collection) \(text)")
                    let first = try await client.get("/ogc/collections/\(collection)/items?limit=1&bbox=\(text)").json()
                    XCTAssertEqual(first["numberMatched"]?.doubleValue, Double(expected.count))
                }
            }
            for bad in ["inf,0,1,1", "nan,0,1,1", "2,0,1,1"] {
                let answer = try await client.get("/ogc/collections/cpts/items?bbox=\(bad)")
                XCTAssertEqual(answer.status, .badRequest, bad)
            }
        }
    }

    /// The features of every page from `uri` on, following `next`.
    static func allFeatures(_ client: any TestClientProtocol, _ uri: String) async throws -> [JSONValue] {
        var next: String? = uri, features: [JSONValue] = []
        while let page = next {
            let json = try await client.get(page).json()
            features += json["features"]?.arrayValue ?? []
            next = (json["links"]?.arrayValue ?? []).first { $0["rel"]?.stringValue == "next" }?["href"]?.stringValue
                .map { String($0[$0.range(of: "/ogc")!.lowerBound...]) }
        }
        return features
    }

    /// The sample served with another page budget.
    static func withServer(pageBytes: Int, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, tokens: SampleService.tokens)
        configuration.ogcPageBytes = pageBytes
        let state = try await ServiceState(store: try await SampleService.freshStore())
        let app = try MaillageService.application(state: state, configuration: configuration, logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(client) }
    }
}
