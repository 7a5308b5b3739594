import ChildProcess
import Foundation
import TestSupport
import XCTest
@testable import GeometryKit

/// Vector tiles read back by GDAL's MVT driver (what QGIS uses), not only by ourselves.
final class MVTWriterTests: XCTestCase {
    func testTileGridOfParis() throws {
        let toMercator = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        let paris = try toMercator.transform(Coordinate(x: 2.35, y: 48.85))
        let box = Envelope(minX: paris.x, minY: paris.y, maxX: paris.x, maxY: paris.y)
        XCTAssertEqual(TileID.covering(mercator: box, zoom: 5), [TileID(z: 5, x: 16, y: 11)!])
        XCTAssertEqual(TileID.covering(mercator: box, zoom: 0), [TileID(z: 0, x: 0, y: 0)!])
        XCTAssertEqual(TileID(z: 0, x: 0, y: 0)!.mercatorBounds, Envelope(minX: -TileID.halfWorld, minY: -TileID.halfWorld, maxX: TileID.halfWorld, maxY: TileID.halfWorld))
        XCTAssertNil(TileID(z: 3, x: 8, y: 0))
        XCTAssertEqual(TileID(z: 1, x: 1, y: 0)!.mercatorBounds.minX, 0)
    }

    func testGDALDecodesLayersFeaturesAndProperties() throws {
        guard ChildProcess.isInstalled("ogrinfo") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
            throw XCTSkip("ogrinfo not installed")
        }
        let toMercator = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:3857")
        // A square around Paris with a hole, one crossing the tile's west side (clipped), a point.
        let square = try Fixtures.polygon([(2.0, 48.6), (2.7, 48.6), (2.7, 49.1), (2.0, 49.1)], holes: [[(2.3, 48.8), (2.3, 48.9), (2.4, 48.9), (2.4, 48.8)]])
        let west = try Fixtures.polygon([(-3, 47), (1, 47), (1, 48), (-3, 48)])
        var tile = MVTWriter(tile: TileID(z: 5, x: 16, y: 11)!)
        try tile.addLayer("cpts", features: [
            (id: 1, properties: [("name", .string("Paris")), ("population", .number(2_100_000)), ("aci", .bool(true)), ("rate", .number(0.84)), ("none", .null)],
             geometry: try square.transformed(by: toMercator)),
            (id: 2, properties: [("name", .string("Ouest")), ("departements", .array([.string("29"), .string("56")]))],
             geometry: try west.transformed(by: toMercator)),
            (id: 3, properties: [("name", .string("Far away"))], geometry: try Fixtures.square(100, 10).transformed(by: toMercator)),
        ])
        try tile.addLayer("pharmacies", features: [(id: nil, properties: [("finess", .string("750000001"))],
                                                     geometry: try Geometry(point: Coordinate(x: 2.35, y: 48.85)).transformed(by: toMercator))])
        XCTAssertEqual(tile.featureCount, 3, "the far-away feature is not in the tile")
        let path = try TileFiles.write(tile.finish(), as: TileID(z: 5, x: 16, y: 11)!)

        let info = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", path])
        XCTAssertEqual(info.status, 0, info.output)
        XCTAssertTrue(info.output.contains("using driver `MVT'"), info.output)
        XCTAssertTrue(info.output.contains("Layer name: cpts"), info.output)
        XCTAssertTrue(info.output.contains("Layer name: pharmacies"), info.output)
        XCTAssertTrue(info.output.contains("name (String) = Paris"), info.output)
        XCTAssertTrue(info.output.contains("population (Integer") && info.output.contains("= 2100000"), info.output)
        XCTAssertTrue(info.output.contains("aci (Integer(Boolean)) = 1"), info.output)
        XCTAssertTrue(info.output.contains("rate (Real) = 0.84"), info.output)
        XCTAssertTrue(info.output.contains(#"departements (String) = ["29","56"]"#), info.output)
        XCTAssertTrue(info.output.contains("finess (String) = 750000001"), info.output)
        XCTAssertFalse(info.output.contains("Far away"))
        XCTAssertEqual(info.output.components(separatedBy: "POLYGON ((").count - 1, 2, "two polygons: \(info.output)")
        XCTAssertTrue(info.output.contains("POINT ("), info.output)

        // Areas in EPSG:3857 as GDAL decodes them (CLIP=NO: with the buffer we wrote), against ours: the square minus its hole, and the clipped part of the west one.
        let sql = "SELECT name, ST_Area(geometry) AS a FROM cpts ORDER BY name"
        let areas = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-q", "-oo", "CLIP=NO", "-dialect", "SQLite", "-sql", sql, path]).output
        let decoded = areas.components(separatedBy: "\n").filter { $0.contains("a (Real) = ") }.compactMap { Double($0.components(separatedBy: "= ").last ?? "") }
        let bounds = TileID(z: 5, x: 16, y: 11)!.mercatorBounds, margin = bounds.width * 64 / 4096
        let clip = Envelope(minX: bounds.minX - margin, minY: bounds.minY - margin, maxX: bounds.maxX + margin, maxY: bounds.maxY + margin)
        let expected = [try west.transformed(by: toMercator).clipped(to: clip).area, try square.transformed(by: toMercator).clipped(to: clip).area]   // "Ouest" < "Paris"
        XCTAssertEqual(decoded.count, 2, areas)
        for (got, want) in zip(decoded, expected) {
            XCTAssertEqual(got, want, accuracy: want * 2e-3, "within the 4096 grid's rounding")
        }
    }
}
