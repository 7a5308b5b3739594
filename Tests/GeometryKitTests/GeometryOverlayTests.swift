import XCTest
@testable import GeometryKit

/// Dissolving polygons (the commune → territory aggregation): the three union entry points must
/// agree on exact planar results.
final class GeometryOverlayTests: XCTestCase {
    func testTwoAdjacentSquaresUnionToOnePolygonOfAreaTwo() throws {
        let left = try Fixtures.square(0, 0), right = try Fixtures.square(1, 0)
        let results = [
            try left.union(right),
            try Geometry.union(of: [left, right]),
            try Geometry.coverageUnion(of: [left, right]),
        ]
        let expected = try Fixtures.polygon([(0, 0), (2, 0), (2, 1), (0, 1)])
        for union in results {
            XCTAssertEqual(union.area, 2)       // exact: integer coordinates
            XCTAssertEqual(union.typeName, "Polygon")
            XCTAssertEqual(union.numGeometries, 1)
            XCTAssertEqual(union.shape.polygons.count, 1)
            XCTAssertEqual(union.shape.polygons.first?.count, 1, "no hole")
            XCTAssertTrue(union.isValid)
            XCTAssertTrue(union.topologicallyEquals(expected))
            XCTAssertEqual(union.envelope, Envelope(minX: 0, minY: 0, maxX: 2, maxY: 1))
        }
    }

    func testCoverageUnionFallsBackToGeneralUnionOnOverlaps() throws {
        // Overlapping squares are not a coverage: the result must still be the true union (area 7).
        let a = try Fixtures.square(0, 0, size: 2), b = try Fixtures.square(1, 1, size: 2)
        let union = try Geometry.coverageUnion(of: [a, b])
        XCTAssertEqual(union.area, 7)
        XCTAssertTrue(union.isValid)
        XCTAssertTrue(union.topologicallyEquals(try a.union(b)))
    }

    func testDissolveCoverageSaysWhichUnionItUsed() throws {
        let a = try Fixtures.square(0, 0), b = try Fixtures.square(1, 0), overlapping = try Fixtures.square(0.5, 0)
        XCTAssertEqual(try Geometry.dissolveCoverage([a]).method, .single)
        XCTAssertEqual(try Geometry.dissolveCoverage([a, b]).method, .coverageUnion)
        XCTAssertTrue(try Geometry.dissolveCoverage([a, b]).partsDoNotOverlap)
        let general = try Geometry.dissolveCoverage([a, overlapping])
        XCTAssertEqual(general.method, .generalUnion)
        XCTAssertFalse(general.partsDoNotOverlap)
        XCTAssertEqual(general.geometry.area, 1.5)
    }

    func testUnionOfDisjointSquaresIsAMultiPolygon() throws {
        let union = try Geometry.union(of: [try Fixtures.square(0, 0), try Fixtures.square(5, 5)])
        XCTAssertEqual(union.typeName, "MultiPolygon")
        XCTAssertEqual(union.numGeometries, 2)
        XCTAssertEqual(union.parts.map(\.area), [1, 1])
        XCTAssertEqual(union.area, 2)
    }

    func testUnionOfOneOrNoGeometry() throws {
        let square = try Fixtures.square(0, 0)
        XCTAssertTrue(try Geometry.union(of: [square]).topologicallyEquals(square))
        XCTAssertTrue(try Geometry.coverageUnion(of: [square]).topologicallyEquals(square))
        let empty = try Geometry.union(of: [])
        XCTAssertTrue(empty.isEmpty)
        XCTAssertEqual(empty.area, 0)
        XCTAssertNil(empty.envelope)
    }

    func testIntersectionAndDifference() throws {
        let a = try Fixtures.square(0, 0, size: 2), b = try Fixtures.square(1, 1, size: 2)
        XCTAssertEqual(try a.intersection(b).area, 1)
        XCTAssertEqual(try a.difference(b).area, 3)
        XCTAssertTrue(try a.intersection(b).topologicallyEquals(try Fixtures.square(1, 1)))
        // Squares sharing only an edge: the intersection has no area.
        XCTAssertEqual(try Fixtures.square(0, 0).intersection(try Fixtures.square(1, 0)).area, 0)
    }

    func testUnaryUnionDissolvesAMultiPolygon() throws {
        let collection = Geometry(collecting: [try Fixtures.square(0, 0), try Fixtures.square(0, 1)])
        XCTAssertEqual(collection.typeName, "MultiPolygon")
        let dissolved = try collection.unaryUnion()
        XCTAssertEqual(dissolved.typeName, "Polygon")
        XCTAssertEqual(dissolved.area, 2)
    }
}
