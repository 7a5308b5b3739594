import XCTest
@testable import GeometryKit

/// Spatial predicates, measures and representative points on exact hand-built shapes; the prepared
/// predicates must answer exactly like the plain ones.
final class GeometryPredicateTests: XCTestCase {
    func testPolygonWithHole() throws {
        let polygon = try Fixtures.squareWithHole()
        XCTAssertEqual(polygon.area, 96)
        XCTAssertEqual(polygon.length, 40 + 8, "perimeter counts the hole's ring")
        XCTAssertFalse(polygon.contains(Geometry(point: Fixtures.c(5, 5))), "point in the hole")
        XCTAssertFalse(polygon.covers(Geometry(point: Fixtures.c(5, 5))))
        XCTAssertTrue(polygon.contains(Geometry(point: Fixtures.c(1, 1))), "point in the ring")
        // On the hole's boundary: covered, not contained.
        XCTAssertTrue(polygon.covers(Geometry(point: Fixtures.c(4, 5))))
        XCTAssertFalse(polygon.contains(Geometry(point: Fixtures.c(4, 5))))
        XCTAssertEqual(polygon.envelope, Envelope(minX: 0, minY: 0, maxX: 10, maxY: 10))

        let prepared = polygon.prepared()
        XCTAssertFalse(prepared.contains(Fixtures.c(5, 5)))
        XCTAssertTrue(prepared.contains(Fixtures.c(1, 1)))
        XCTAssertTrue(prepared.covers(Fixtures.c(4, 5)))
        XCTAssertFalse(prepared.contains(Fixtures.c(4, 5)))
    }

    func testPointOnSharedEdgeOfTwoSquares() throws {
        let left = try Fixtures.square(0, 0), right = try Fixtures.square(1, 0)
        let point = Geometry(point: Fixtures.c(1, 0.5))
        for square in [left, right] {
            XCTAssertTrue(square.covers(point))
            XCTAssertFalse(square.contains(point), "the boundary is not the interior")
            XCTAssertTrue(square.intersects(point))
            XCTAssertTrue(point.touches(square))

            let prepared = square.prepared()
            XCTAssertTrue(prepared.covers(Fixtures.c(1, 0.5)))
            XCTAssertFalse(prepared.contains(Fixtures.c(1, 0.5)))
            XCTAssertFalse(prepared.contains(point))
            XCTAssertTrue(prepared.intersects(point))
        }
        XCTAssertTrue(left.touches(right))
        XCTAssertFalse(left.contains(right))
    }

    func testPointOnSharedEdgeOfTwoTriangles() throws {
        // Same as above, but triangles are not rectangles: GEOS's prepared polygons then use their
        // indexed point locator instead of the rectangle shortcut.
        let lower = try Fixtures.polygon([(0, 0), (2, 0), (0, 2)])
        let upper = try Fixtures.polygon([(2, 0), (2, 2), (0, 2)])
        let onEdge = Fixtures.c(1, 1)
        for triangle in [lower, upper] {
            let prepared = triangle.prepared()
            XCTAssertTrue(triangle.covers(Geometry(point: onEdge)))
            XCTAssertFalse(triangle.contains(Geometry(point: onEdge)))
            XCTAssertTrue(prepared.covers(onEdge))
            XCTAssertFalse(prepared.contains(onEdge))
            XCTAssertTrue(prepared.intersects(Geometry(point: onEdge)))
        }
        XCTAssertTrue(lower.prepared().contains(Fixtures.c(0.5, 0.5)))
        XCTAssertFalse(upper.prepared().covers(Fixtures.c(0.5, 0.5)))
    }

    func testPreparedPredicatesMatchPlainOnesOnAGrid() throws {
        // A concave polygon away from the origin, tested on a grid that hits interior, boundary, notch
        // and exterior, plus line segments.
        let shape = try Fixtures.uShape(offsetX: 1000, offsetY: 2000)
        let prepared = shape.prepared()
        for i in 0...12 {
            for j in 0...12 {
                let c = Fixtures.c(999.5 + Double(i) * 0.25, 1999.5 + Double(j) * 0.25)
                let point = Geometry(point: c)
                XCTAssertEqual(prepared.contains(c), shape.contains(point), "\(c)")
                XCTAssertEqual(prepared.covers(c), shape.covers(point), "\(c)")
                XCTAssertEqual(prepared.intersects(point), shape.intersects(point), "\(c)")
                let segment = try Geometry(shape: .lineString([c, Fixtures.c(c.x + 0.3, c.y + 0.1)]))
                XCTAssertEqual(prepared.intersects(segment), shape.intersects(segment), "\(c)")
                XCTAssertEqual(prepared.contains(segment), shape.contains(segment), "\(c)")
            }
        }
    }

    func testPointOnSurfaceOfAUShapeIsInsideWhileItsCentroidIsNot() throws {
        let u = try Fixtures.uShape()
        XCTAssertEqual(u.area, 7)
        let centroid = try u.centroid()
        XCTAssertEqual(centroid.x, 1.5, accuracy: 1e-12)
        XCTAssertEqual(centroid.y, 9.5 / 7, accuracy: 1e-12)
        XCTAssertFalse(u.covers(Geometry(point: centroid)), "the centroid falls in the notch")

        let representative = try u.pointOnSurface()
        XCTAssertTrue(u.contains(Geometry(point: representative)))
        XCTAssertTrue(u.prepared().contains(representative))
    }

    func testPointOnSurfaceOfAnEmptyGeometryThrows() throws {
        let empty = try Geometry(shape: .polygon([]))
        XCTAssertTrue(empty.isEmpty)
        for result in [Result { try empty.pointOnSurface() }, Result { try empty.centroid() }] {
            XCTAssertThrowsError(try result.get()) { error in
                guard case GeometryError.geos(_, message: "empty geometry") = error else { return XCTFail("\(error)") }
            }
        }
    }

    func testEnvelopes() throws {
        let box = Envelope(covering: [Fixtures.c(3, -1), Fixtures.c(-2, 4), Fixtures.c(0, 0)])
        XCTAssertEqual(box, Envelope(minX: -2, minY: -1, maxX: 3, maxY: 4))
        XCTAssertNil(Envelope(covering: [Coordinate]()))
        let unit = Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)
        XCTAssertTrue(unit.intersects(Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2)), "touching corners intersect")
        XCTAssertFalse(unit.intersects(Envelope(minX: 1.5, minY: 0, maxX: 2, maxY: 1)))
        XCTAssertTrue(unit.contains(Fixtures.c(1, 0.5)))
        XCTAssertEqual(unit.union(Envelope(minX: 2, minY: -1, maxX: 3, maxY: 0)), Envelope(minX: 0, minY: -1, maxX: 3, maxY: 1))
        let rectangle = Geometry(envelope: Envelope(minX: 1, minY: 2, maxX: 4, maxY: 6))
        XCTAssertEqual(rectangle.area, 12)
        XCTAssertEqual(rectangle.envelope, Envelope(minX: 1, minY: 2, maxX: 4, maxY: 6))
        XCTAssertEqual(try Fixtures.multiPolygon().envelope, Envelope(minX: 0, minY: 0, maxX: 5, maxY: 2))
    }

    func testCoordinateValidity() {
        XCTAssertTrue(Coordinate(longitude: 2.35, latitude: 48.86).isValidLongitudeLatitude)
        XCTAssertFalse(Coordinate(longitude: 181, latitude: 0).isValidLongitudeLatitude)
        XCTAssertFalse(Coordinate(longitude: 0, latitude: -90.5).isValidLongitudeLatitude)
        XCTAssertFalse(Coordinate(longitude: .nan, latitude: 0).isValidLongitudeLatitude)
    }
}
