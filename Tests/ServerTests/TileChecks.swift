import ChildProcess
import Foundation
import GeometryKit
import HummingbirdTesting
import Territory
import TestSupport
import XCTest

/// Vector tiles read as QGIS reads them: GDAL's MVT driver over HTTP (`MVT:/vsicurl/…`), feature counts checked
/// against the OGC API's own `bbox` selection of the same layer (full-resolution geometries, a brute-force filter).
enum TileChecks {
    struct Decoded { let count: Int; let fields: Set<String> }

    /// The tile decoded by `ogrinfo` straight from the server; nil for an empty tile (no layer to open).
    static func decode(port: Int, layer: String, _ tile: TileID) throws -> Decoded? {
        let url = "MVT:/vsicurl/http://127.0.0.1:\(port)/tiles/\(layer)/\(tile).mvt"
        let info = try ChildProcess.run("/usr/bin/env", ["timeout", "120", "ogrinfo", "-ro", "-al", "-so", url])
        guard info.status == 0 else { XCTFail("ogrinfo \(url): \(info.output)"); return nil }
        let lines = info.output.components(separatedBy: "\n")
        guard let countLine = lines.first(where: { $0.hasPrefix("Feature Count: ") }), let count = Int(countLine.dropFirst("Feature Count: ".count)) else {
            XCTFail("ogrinfo \(url) printed no feature count: \(info.output)"); return nil
        }
        // Field lines after the layer's SRS: "name: String (0.0)".
        let fields = lines.compactMap { line -> String? in
            let parts = line.components(separatedBy: ": ")
            guard parts.count == 2, !parts[0].contains(" "), ["String", "Integer", "Integer64", "Real"].contains(where: { parts[1].hasPrefix($0) }) else { return nil }
            return parts[0]
        }
        return Decoded(count: count, fields: Set(fields).subtracting(["mvt_id"]))
    }

    /// The tile's square grown by the MVT buffer, in longitude/latitude, grown further by `margin` degrees (negative: shrunk).
    static func lonLatBox(_ tile: TileID, margin: Double = 0) throws -> Envelope {
        let b = tile.mercatorBounds, buffer = b.width * Double(TileLayer.buffer) / Double(TileLayer.extent)
        let toLonLat = try CoordinateTransform(from: "EPSG:3857", to: "EPSG:4326")
        // Within the Mercator square: beyond it PROJ wraps longitudes round the antimeridian.
        func clamped(_ v: Double) -> Double { min(TileID.halfWorld, max(-TileID.halfWorld, v)) }
        let corners = try toLonLat.transform([Coordinate(x: clamped(b.minX - buffer), y: clamped(b.minY - buffer)),
                                              Coordinate(x: clamped(b.maxX + buffer), y: clamped(b.maxY + buffer))])
        return Envelope(minX: max(-180, corners[0].x - margin), minY: max(-85, corners[0].y - margin),
                        maxX: min(180, corners[1].x + margin), maxY: min(85, corners[1].y + margin))
    }

    /// Features of the OGC collection whose geometry meets the box.
    static func ogcCount(_ client: any TestClientProtocol, collection: String, _ box: Envelope) async throws -> Int {
        let bbox = [box.minX, box.minY, box.maxX, box.maxY].map { String($0) }.joined(separator: ",")
        let answer = try await client.get("/ogc/collections/\(collection)/items?limit=1&bbox=\(bbox)")
        XCTAssertEqual(answer.status, .ok, answer.text)
        return Int(try answer.json()["numberMatched"]?.doubleValue ?? -1)
    }

    /// Every polygon of the tile's layer valid in tile coordinates, as MVT 2.1 wants them and GEOS checks them: each
    /// feature's rings grouped as readers group them (exterior clockwise on screen, no ring of no area), then
    /// `isValid`. Returns how many polygon features were checked.
    @discardableResult
    static func requireValidPolygons(_ bytes: [UInt8], layer: String, _ where_: String) throws -> Int {
        guard !bytes.isEmpty, let decoded = try DecodedTile(bytes).layer(layer) else { return 0 }
        var checked = 0
        for (i, feature) in decoded.features.enumerated() where feature.type == 3 {
            do {
                let geometry = try feature.geometry()
                XCTAssertTrue(geometry.isValid, "\(where_): feature \(i) (id \(feature.id.map(String.init) ?? "-")) invalid: \(geometry.validityReason)")
            } catch {
                XCTFail("\(where_): feature \(i): \(error)")
            }
            checked += 1
        }
        return checked
    }

    /// The tile at `zoom` holding `point` (longitude/latitude).
    static func tile(at point: Coordinate, zoom: Int) throws -> TileID {
        let p = try WebMercator.transform().transform(point)
        return TileID.covering(mercator: Envelope(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y), zoom: zoom)[0]
    }

    /// Decodes the tile and checks its count against the OGC selection: exact for points (no thinning under the
    /// budget), bracketed for polygons (generalised at the zoom's tolerance: between the features meeting the box
    /// shrunk and grown by twice the tolerance; at zoom 0 and 5, where polygons under a grid square are left out, at
    /// most the grown count). Returns the decoded tile.
    @discardableResult
    static func check(_ client: any TestClientProtocol, kind: TileLayerKind, _ tile: TileID, expectedFields: Set<String>) async throws -> Decoded? {
        let answer = try await client.get("/tiles/\(kind.rawValue)/\(tile).mvt")
        XCTAssertEqual(answer.status, .ok, "\(kind.rawValue) \(tile): \(answer.text)")
        XCTAssertEqual(answer.headers[.contentType], "application/vnd.mapbox-vector-tile")
        XCTAssertLessThanOrEqual(answer.body.readableBytes, TileLayer.defaultMaxTileBytes, "\(kind.rawValue) \(tile)")
        if kind.hasPolygons { try requireValidPolygons(Array(answer.body.readableBytesView), layer: kind.rawValue, "\(kind.rawValue) \(tile)") }
        let margin = kind.hasPolygons ? max(0.002, 2 * Double(TileLayerKind.toleranceMetres(atZoom: tile.z) ?? 0) / 70_000) : 0
        let upper = try await ogcCount(client, collection: kind.rawValue, try lonLatBox(tile, margin: margin))
        guard answer.body.readableBytes > 0 else {
            XCTAssertEqual(upper, 0, "\(kind.rawValue) \(tile) is empty but the OGC API has \(upper) features there"); return nil
        }
        guard let decoded = try decode(port: client.port!, layer: kind.rawValue, tile) else { return nil }
        XCTAssertTrue(expectedFields.isSubset(of: decoded.fields), "\(kind.rawValue) \(tile): fields \(decoded.fields.sorted())")
        if !kind.hasPolygons {
            XCTAssertEqual(decoded.count, upper, "\(kind.rawValue) \(tile): every point of the box")
        } else {
            XCTAssertGreaterThan(decoded.count, 0, "\(kind.rawValue) \(tile)")
            XCTAssertLessThanOrEqual(decoded.count, upper, "\(kind.rawValue) \(tile)")
            if tile.z >= 10 {
                let lower = try await ogcCount(client, collection: kind.rawValue, try lonLatBox(tile, margin: -margin))
                XCTAssertGreaterThanOrEqual(decoded.count, lower, "\(kind.rawValue) \(tile)")
            }
        }
        return decoded
    }

    /// A point inside the first feature of the OGC collection (its point on surface).
    static func firstFeaturePoint(_ client: any TestClientProtocol, collection: String) async throws -> Coordinate {
        let answer = try await client.get("/ogc/collections/\(collection)/items?limit=1")
        let feature = try XCTUnwrap(try GeoJSON.features(in: try answer.json()).first, "\(collection) has a feature")
        return try Geometry(shape: try XCTUnwrap(feature.geometry)).pointOnSurface()
    }
}
