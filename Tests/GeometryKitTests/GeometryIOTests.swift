import XCTest
@testable import GeometryKit

/// WKB (the SQLite store's format) and WKT must round-trip without losing or moving anything.
final class GeometryIOTests: XCTestCase {
    private func samples() throws -> [Geometry] {
        [Geometry(point: Fixtures.c(2.3522, 48.8566)), try Fixtures.squareWithHole(), try Fixtures.multiPolygon()]
    }

    func testWKBRoundTrip() throws {
        for geometry in try samples() {
            let copy = try Geometry(wkb: geometry.wkb)
            XCTAssertTrue(copy.topologicallyEquals(geometry), "\(geometry)")
            XCTAssertEqual(copy.shape, geometry.shape)
            XCTAssertEqual(copy.typeName, geometry.typeName)
        }
    }

    func testWKBOfAPointIsLittleEndian2D() throws {
        // byte order 1 (NDR), type 1 (Point) as UInt32 LE, then x and y as little-endian doubles.
        let bytes = Geometry(point: Fixtures.c(1, 2)).wkb
        XCTAssertEqual(bytes.count, 21)
        XCTAssertEqual(Array(bytes[0..<5]), [1, 1, 0, 0, 0])
        XCTAssertEqual(Array(bytes[5..<13]), withUnsafeBytes(of: (1.0).bitPattern.littleEndian, Array.init))
        XCTAssertEqual(Array(bytes[13..<21]), withUnsafeBytes(of: (2.0).bitPattern.littleEndian, Array.init))
    }

    func testWKBIs2DEvenForA3DGeometry() throws {
        // The store keeps 2D geometries: a Z read from WKT is dropped on output.
        let point3D = try Geometry(wkt: "POINT Z (1 2 3)")
        XCTAssertEqual(point3D.wkb, Geometry(point: Fixtures.c(1, 2)).wkb)
        XCTAssertEqual(point3D.shape, .point(Fixtures.c(1, 2)))
    }

    func testWKTRoundTrip() throws {
        for geometry in try samples() {
            let copy = try Geometry(wkt: try geometry.wkt())
            XCTAssertTrue(copy.topologicallyEquals(geometry), "\(geometry)")
            XCTAssertEqual(copy.shape, geometry.shape)
        }
    }

    func testWKTText() throws {
        XCTAssertEqual(try Geometry(point: Fixtures.c(2.3522, 48.8566)).wkt(), "POINT (2.3522 48.8566)")
        XCTAssertEqual(try Fixtures.squareWithHole().wkt(),
                       "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))")
        XCTAssertEqual(try Geometry(point: Fixtures.c(1.23456789, 0)).wkt(decimals: 3), "POINT (1.235 0)")
        XCTAssertEqual(try Fixtures.square(0, 0).description, "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")
    }

    func testWKTReadsAMultiPolygon() throws {
        let geometry = try Geometry(wkt: "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((2 0, 4 0, 4 2, 2 2, 2 0)))")
        XCTAssertEqual(geometry.numGeometries, 2)
        XCTAssertEqual(geometry.area, 5)
    }

    func testUnreadableInputThrows() {
        XCTAssertThrowsError(try Geometry(wkb: [1, 3, 0])) { error in
            guard case GeometryError.invalidInput(format: "WKB", _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Geometry(wkb: []))
        XCTAssertThrowsError(try Geometry(wkt: "POLYGON ((0 0, 1 0")) { error in
            guard case GeometryError.invalidInput(format: "WKT", _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Geometry(wkt: "CIRCLE (0 0, 1)"))
    }
}
