import ChildProcess
import Foundation
import GeometryKit
import HTTPTypes
import HummingbirdTesting
import MaillageServer
import Territory
import XCTest

/// `/tiles` over real HTTP on the sample: every layer decoded by GDAL at zooms 0, 5, 10 and 14, counts checked
/// against the OGC API; TileJSON 3.0; ETag and 304; the errors.
final class TileAPITests: XCTestCase {
    /// Fields every tile of the layer carries (the sample has them on every feature).
    static let fields: [TileLayerKind: Set<String>] = [
        .communes: ["code", "name", "departement", "region", "population", "cpts"],
        .cpts: ["id", "name", "status", "population", "size_category", "departements"],
        .whiteZones: ["id", "population", "communes", "commune_codes"],
        .pharmacies: ["finess", "name", "code_commune", "precision"],
        .volunteers: ["rpps", "accepte_nouveaux_patients", "places_restantes", "visites_domicile", "code_commune"],
    ]

    func testEveryLayerDecodedByGDALAtZooms0To14() async throws {
        try ClientToolTests.requireTool("ogrinfo")
        try await SampleService.withServer { client, _ in
            for kind in TileLayerKind.allCases {
                let point = try await TileChecks.firstFeaturePoint(client, collection: kind.rawValue)
                for zoom in [0, 5, 10, 14] {
                    try await TileChecks.check(client, kind: kind, try TileChecks.tile(at: point, zoom: zoom), expectedFields: Self.fields[kind]!)
                }
            }
            // Lille's tile at zoom 14 lies inside the commune: one commune, the CPTS claiming it, no white zone.
            let lille = try TileChecks.tile(at: Coordinate(x: 3.0573, y: 50.6323), zoom: 14)
            XCTAssertEqual(try TileChecks.decode(port: client.port!, layer: "communes", lille)?.count, 1)
            let claiming = try await client.get("/ogc/collections/communes/items/59350").json()["properties"]?["cpts"]?.arrayValue?.count ?? -1
            XCTAssertEqual(try TileChecks.decode(port: client.port!, layer: "cpts", lille)?.count, claiming)
            let noWhiteZone = try await client.get("/tiles/white-zones/\(lille).mvt")
            XCTAssertEqual(noWhiteZone.body.readableBytes, 0)
        }
    }

    func testTileJSONAndCaching() async throws {
        try await SampleService.withServer { client, _ in
            let list = try await client.get("/tiles").json()
            XCTAssertEqual(list["layers"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, TileLayerKind.allCases.map(\.rawValue))
            for kind in TileLayerKind.allCases {
                // curl, as a client sends Host: the tile URL is the one the client reached.
                let tilejson = try ChildProcess.run("/usr/bin/env", ["curl", "-sS", "--fail-with-body", "http://127.0.0.1:\(client.port!)/tiles/\(kind.rawValue).json"])
                XCTAssertEqual(tilejson.status, 0, tilejson.output)
                let document = try JSONParser.parse(Array(tilejson.output.utf8))
                XCTAssertEqual(document["tilejson"]?.stringValue, "3.0.0")
                XCTAssertEqual(document["tiles"]?.arrayValue?.first?.stringValue, "http://127.0.0.1:\(client.port!)/tiles/\(kind.rawValue)/{z}/{x}/{y}.mvt")
                XCTAssertEqual(document["minzoom"]?.doubleValue, 0)
                XCTAssertEqual(document["maxzoom"]?.doubleValue, 14)
                let layer = try XCTUnwrap(document["vector_layers"]?.arrayValue?.first)
                XCTAssertEqual(layer["id"]?.stringValue, kind.rawValue)
                for field in Self.fields[kind]! { XCTAssertNotNil(layer["fields"]?[field], "\(kind.rawValue).\(field)") }
                let bounds = try XCTUnwrap(document["bounds"]?.arrayValue?.compactMap(\.doubleValue))
                // The sample is the Hauts-de-France (and the communes layer Guadeloupe too).
                XCTAssertEqual(bounds.count, 4)
                let west = kind == .communes ? -61.9 : 1.3
                XCTAssertTrue(bounds[0] >= west && bounds[0] < 2 && bounds[2] > 4 && bounds[2] < 4.3 && bounds[3] > 50.9 && bounds[3] < 51.1,
                              "\(kind.rawValue) bounds \(bounds)")
            }

            // GDAL opens the tileset as it opens a tileserver-gl one: a zoom level whose metadata is the TileJSON beside
            // it (/tiles/cpts.json for /tiles/cpts/8), typed from its tilestats; every polygon of the level valid.
            try ClientToolTests.requireTool("ogrinfo")
            let level = "MVT:http://127.0.0.1:\(client.port!)/tiles/cpts/8"
            let info = try ChildProcess.run("/usr/bin/env", ["timeout", "120", "ogrinfo", "-ro", "-so", "-al", "-oo", "TILE_EXTENSION=mvt", level])
            XCTAssertEqual(info.status, 0, info.output)
            XCTAssertTrue(info.output.contains("Geometry: Multi Polygon"), info.output)
            XCTAssertTrue(info.output.contains("name: String"), info.output)
            let valid = try ChildProcess.run("/usr/bin/env", ["timeout", "120", "ogrinfo", "-ro", "-q", "-oo", "TILE_EXTENSION=mvt", "-dialect", "SQLite",
                                                               "-sql", "SELECT COUNT(*) AS n, SUM(ST_IsValid(geometry)) AS v FROM cpts", level])
            let n = valid.output.firstMatch(of: /n \(Integer\) = (\d+)/).map { Int($0.output.1)! }
            let v = valid.output.firstMatch(of: /v \(Integer\) = (\d+)/).map { Int($0.output.1)! }
            XCTAssertGreaterThan(n ?? 0, 60, valid.output)
            XCTAssertEqual(n, v, "every CPTS polygon of zoom 8, as GDAL reads and clips them, valid: \(valid.output)")

            let uri = "/tiles/cpts/8/129/87.mvt"
            let first = try await client.get(uri)
            XCTAssertEqual(first.status, .ok)
            XCTAssertGreaterThan(first.body.readableBytes, 0, "Amiens's tile holds CPTS")
            let etag = try XCTUnwrap(first.headers[.eTag])
            XCTAssertEqual(first.headers[.cacheControl], "public, max-age=3600")
            var headers = HTTPFields()
            headers[.ifNoneMatch] = etag
            let again = try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
            XCTAssertEqual(again.status, .notModified)
            XCTAssertEqual(again.headers[.eTag], etag)
            XCTAssertEqual(again.body.readableBytes, 0)
            headers[.ifNoneMatch] = "\"other\""
            let changed = try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
            XCTAssertEqual(changed.status, .ok)
            XCTAssertEqual(Array(buffer: changed.body), Array(buffer: first.body), "the same bytes")
            // HEAD, as GDAL's /vsicurl/ asks before reading: the same headers, no body.
            let head = try await client.executeRequest(uri: uri, method: .head, headers: [:], body: nil)
            XCTAssertEqual(head.status, .ok)
            XCTAssertEqual(head.headers[.eTag], etag)
            XCTAssertEqual(head.headers[.contentLength], String(first.body.readableBytes))
            XCTAssertEqual(head.body.readableBytes, 0)
            let volunteers = try await client.get("/tiles/volunteers/8/129/87.mvt")
            XCTAssertEqual(volunteers.headers[.cacheControl], "public, max-age=60")

            for (path, status) in [("/tiles/nope.json", HTTPResponse.Status.notFound), ("/tiles/nope/1/0/0.mvt", .notFound),
                                   ("/tiles/cpts/15/0/0.mvt", .notFound), ("/tiles/cpts/2/4/0.mvt", .notFound),
                                   ("/tiles/cpts/a/0/0.mvt", .badRequest), ("/tiles/cpts/1/0/0.png", .notFound)] {
                let answer = try await client.get(path)
                XCTAssertEqual(answer.status, status, "\(path): \(answer.text)")
                XCTAssertNotNil(try answer.json()["detail"]?.stringValue, "\(path) says why")
            }
        }
    }
}
