import XCTest
@testable import GeometryKit

/// Validity checks and repairs: invalid commune polygons exist in open data and must be detected
/// and repaired without losing area.
final class GeometryValidityTests: XCTestCase {
    func testBowTieIsInvalidAndMakeValidGivesTwoTriangles() throws {
        let bowTie = try Fixtures.bowTie()
        XCTAssertFalse(bowTie.isValid)
        XCTAssertTrue(bowTie.validityReason.lowercased().contains("self-intersection"), bowTie.validityReason)

        let repaired = try bowTie.makeValid()
        XCTAssertTrue(repaired.isValid)
        XCTAssertEqual(repaired.typeName, "MultiPolygon")
        XCTAssertEqual(repaired.numGeometries, 2)
        XCTAssertEqual(repaired.area, 2)
        for triangle in repaired.parts {
            XCTAssertEqual(triangle.area, 1)
            XCTAssertEqual(triangle.shape.polygons.first?.first?.count, 4, "3 vertices + closing one")
        }
        let expected = try Geometry(shape: .multiPolygon([
            [Fixtures.ring([(0, 0), (1, 1), (0, 2)])],
            [Fixtures.ring([(2, 0), (2, 2), (1, 1)])],
        ]))
        XCTAssertTrue(repaired.topologicallyEquals(expected))
    }

    func testValidPolygonReason() throws {
        let square = try Fixtures.square(0, 0)
        XCTAssertTrue(square.isValid)
        XCTAssertEqual(square.validityReason, "Valid Geometry")
        XCTAssertTrue(try square.makeValid().topologicallyEquals(square))
    }

    func testReducingPrecisionSnapsToTheGrid() throws {
        let polygon = try Fixtures.polygon([(0.1234567, 0), (1.0000004, 0), (1, 1.9999996), (0, 2)])
        let snapped = try polygon.reducingPrecision(gridSize: 1e-6)
        XCTAssertTrue(snapped.isValid)
        for c in snapped.shape.polygons.flatMap({ $0.flatMap { $0 } }) {
            XCTAssertEqual(c.x * 1e6, (c.x * 1e6).rounded(), accuracy: 1e-6)
            XCTAssertEqual(c.y * 1e6, (c.y * 1e6).rounded(), accuracy: 1e-6)
        }
    }

    func testSimplifyKeepsASquareAndDropsCollinearVertices() throws {
        let withMidpoints = try Fixtures.polygon([(0, 0), (1, 0), (2, 0), (2, 1), (2, 2), (0, 2)])
        let simplified = try withMidpoints.simplifyPreservingTopology(tolerance: 0.01)
        XCTAssertEqual(simplified.area, 4)
        XCTAssertEqual(simplified.shape.polygons.first?.first?.count, 5)
    }

    func testNormalizedGivesACanonicalForm() throws {
        // The same square from another start vertex and the other orientation.
        let a = try Fixtures.polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
        let b = try Fixtures.polygon([(1, 1), (1, 0), (0, 0), (0, 1)])
        XCTAssertNotEqual(a.shape, b.shape)
        XCTAssertEqual(try a.normalized().shape, try b.normalized().shape)
    }

    func testShapeBuilderRejectsMalformedInput() {
        let open = [Fixtures.c(0, 0), Fixtures.c(1, 0), Fixtures.c(1, 1), Fixtures.c(0, 1)]
        XCTAssertThrowsError(try Geometry(shape: .polygon([open]))) { error in
            guard case GeometryError.invalidInput(format: "Polygon", _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Geometry(shape: .polygon([[Fixtures.c(0, 0), Fixtures.c(1, 0), Fixtures.c(0, 0)]])))
        XCTAssertThrowsError(try Geometry(shape: .lineString([Fixtures.c(0, 0)])))
        XCTAssertThrowsError(try Geometry(shape: .lineString([Fixtures.c(0, 0), Fixtures.c(.nan, 1)])))
        // A bad member of a collection fails the whole collection.
        XCTAssertThrowsError(try Geometry(shape: .multiPolygon([[Fixtures.ring([(0, 0), (1, 0), (1, 1)])], [open]])))
    }

    func testShapeRoundTripOfEveryKind() throws {
        let shapes: [GeometryShape] = [
            .point(Fixtures.c(1, 2)),
            .multiPoint([Fixtures.c(1, 2), Fixtures.c(3, 4)]),
            .lineString([Fixtures.c(0, 0), Fixtures.c(1, 1), Fixtures.c(2, 0)]),
            .multiLineString([[Fixtures.c(0, 0), Fixtures.c(1, 1)], [Fixtures.c(2, 2), Fixtures.c(3, 3)]]),
            .polygon([Fixtures.ring([(0, 0), (10, 0), (10, 10), (0, 10)]), Fixtures.ring([(4, 4), (6, 4), (6, 6), (4, 6)])]),
            .multiPolygon([[Fixtures.ring([(0, 0), (1, 0), (1, 1)])], [Fixtures.ring([(5, 5), (6, 5), (6, 6)])]]),
            .collection([.point(Fixtures.c(1, 2)), .lineString([Fixtures.c(0, 0), Fixtures.c(1, 1)])]),
        ]
        for shape in shapes {
            let geometry = try Geometry(shape: shape)
            XCTAssertEqual(geometry.shape, shape)
            XCTAssertEqual(geometry.typeName, shape.geoJSONType)
        }
    }

    func testCollectingMixedGeometriesGivesACollection() throws {
        let mixed = Geometry(collecting: [try Fixtures.square(0, 0), Geometry(point: Fixtures.c(5, 5))])
        XCTAssertEqual(mixed.typeName, "GeometryCollection")
        XCTAssertEqual(mixed.numGeometries, 2)
        XCTAssertEqual(mixed.shape.polygons.count, 1)
    }
}
