import XCTest
@testable import GeometryKit

/// Dissolving groups of faces from a coverage's edge graph: exact planar results on hand-built grids,
/// the same as GEOS's union, and the fallback when the faces are not a vertex-matched coverage.
final class PolygonCoverageTests: XCTestCase {
    /// 3 × 3 unit squares, face i at column i % 3, row i / 3 (4 is the centre).
    private func grid() throws -> PolygonCoverage {
        PolygonCoverage(faces: try (0..<9).map { try Fixtures.square(Double($0 % 3), Double($0 / 3)) })
    }

    private func assertUnion(_ union: DissolvedCoverage?, equals expected: Geometry, type: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let union else { return XCTFail("no union", file: file, line: line) }
        XCTAssertEqual(union.geometry.area, expected.area, file: file, line: line)
        XCTAssertEqual(union.geometry.typeName, type, file: file, line: line)
        XCTAssertTrue(union.geometry.isValid, file: file, line: line)
        XCTAssertTrue(union.geometry.topologicallyEquals(expected), file: file, line: line)
    }

    func testGridEdgesRunBetweenNodesOnly() throws {
        // 12 inner unit sides, and the outer square cut at its 8 side midpoints (its corners join two sides).
        XCTAssertEqual(try grid().edgeCount, 20)
    }

    func testWholeGridDissolvesToOneSquare() throws {
        let union = try grid().union(of: Array(0..<9))
        assertUnion(union, equals: try Fixtures.square(0, 0, size: 3), type: "Polygon")
        XCTAssertEqual(union?.geometry.area, 9)
        XCTAssertEqual(union?.method, .edgeRings)
        XCTAssertEqual(union?.partsDoNotOverlap, true)
        XCTAssertEqual(union?.geometry.shape.polygons.first?.first?.count, 13, "the 12 outer unit sides, as GEOS keeps them")
    }

    func testRingAroundTheCentreHasAHole() throws {
        let union = try grid().union(of: [0, 1, 2, 3, 5, 6, 7, 8])
        let expected = try Fixtures.polygon([(0, 0), (3, 0), (3, 3), (0, 3)], holes: [[(1, 1), (2, 1), (2, 2), (1, 2)]])
        assertUnion(union, equals: expected, type: "Polygon")
        XCTAssertEqual(union?.geometry.area, 8)
        XCTAssertEqual(union?.geometry.shape.polygons.first?.count, 2, "shell and hole")
        XCTAssertEqual(union?.method, .edgeRings)
    }

    func testFacesTouchingAtACornerStayTwoPolygons() throws {
        // The boundary meets itself at (1, 1): GEOS's polygonizer assembles that one.
        let union = try grid().union(of: [0, 4])
        assertUnion(union, equals: Geometry(collecting: [try Fixtures.square(0, 0), try Fixtures.square(1, 1)]), type: "MultiPolygon")
        XCTAssertEqual(union?.geometry.area, 2)
        XCTAssertEqual(union?.method, .edgePolygonizer, "the node (1, 1) has two ways on")
        XCTAssertEqual(union?.partsDoNotOverlap, true)
    }

    func testLShapeAndSeparateFaces() throws {
        let coverage = try grid()
        let lShape = try coverage.union(of: [0, 1, 3])
        assertUnion(lShape, equals: try Fixtures.polygon([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)]), type: "Polygon")
        XCTAssertEqual(lShape?.geometry.area, 3)
        let apart = try coverage.union(of: [0, 2, 8])
        XCTAssertEqual(apart?.geometry.area, 3)
        XCTAssertEqual(apart?.geometry.numGeometries, 3)
        XCTAssertTrue(apart?.geometry.isValid ?? false)
    }

    func testSingleFaceIsItselfAndNoFaceIsNil() throws {
        let square = try Fixtures.square(0, 0)
        let coverage = PolygonCoverage(faces: [square, nil])
        XCTAssertTrue(try coverage.union(of: [0, 0])?.geometry === square)
        XCTAssertEqual(try coverage.union(of: [0])?.method, .single)
        XCTAssertNil(try coverage.union(of: [1]))
        XCTAssertNil(try coverage.union(of: []))
    }

    func testEnclaveFillsTheHoleOfItsNeighbour() throws {
        // The enclave's border is a closed edge with no node on it.
        let outer = try Fixtures.polygon([(0, 0), (3, 0), (3, 3), (0, 3)], holes: [[(1, 1), (2, 1), (2, 2), (1, 2)]])
        let coverage = PolygonCoverage(faces: [outer, try Fixtures.square(1, 1)])
        XCTAssertEqual(coverage.edgeCount, 2)
        let union = try coverage.union(of: [0, 1])
        assertUnion(union, equals: try Fixtures.square(0, 0, size: 3), type: "Polygon")
        XCTAssertEqual(union?.geometry.shape.polygons.first?.count, 1, "no hole left")
        XCTAssertEqual(union?.method, .edgeRings)
    }

    func testClockwiseInputAndIslandsDissolveAlike() throws {
        // A clockwise shell (not RFC 7946 order) and a face with an island far away.
        let clockwise = try Fixtures.polygon([(1, 0), (1, 1), (2, 1), (2, 0)])
        let withIsland = try Geometry(shape: .multiPolygon([[Fixtures.ring([(0, 0), (1, 0), (1, 1), (0, 1)])],
                                                            [Fixtures.ring([(5, 0), (6, 0), (6, 1), (5, 1)])]]))
        let union = try PolygonCoverage(faces: [withIsland, clockwise]).union(of: [0, 1])
        let expected = Geometry(collecting: [try Fixtures.polygon([(0, 0), (2, 0), (2, 1), (0, 1)]), try Fixtures.square(5, 0)])
        assertUnion(union, equals: expected, type: "MultiPolygon")
        XCTAssertEqual(union?.geometry.area, 3)
    }

    func testNeighboursWithoutSharedVerticesFallBackToGEOS() throws {
        // The small square's side lies along the big one's, which has no vertex at (2, 1): no shared segment.
        let big = try Fixtures.square(0, 0, size: 2), small = try Fixtures.square(2, 0)
        let union = try PolygonCoverage(faces: [big, small]).union(of: [0, 1])
        assertUnion(union, equals: try big.union(small), type: "Polygon")
        XCTAssertEqual(union?.geometry.area, 5)
        // Neither the edge graph nor GEOS's coverage union (which also matches segments) sees the shared border:
        // the general union answers, and the parts are not claimed not to overlap.
        XCTAssertEqual(union?.method, .generalUnion)
        XCTAssertEqual(union?.partsDoNotOverlap, false)
    }

    func testOverlappingFacesFallBackToTheTrueUnion() throws {
        let a = try Fixtures.square(0, 0, size: 2), b = try Fixtures.square(1, 1, size: 2)
        let union = try PolygonCoverage(faces: [a, b]).union(of: [0, 1])
        assertUnion(union, equals: try a.union(b), type: "Polygon")
        XCTAssertEqual(union?.geometry.area, 7)
        XCTAssertEqual(union?.method, .generalUnion)
        XCTAssertEqual(union?.partsDoNotOverlap, false)
    }

    func testEveryGroupOfTheGridMatchesGEOSUnion() throws {
        // All 511 non-empty groups of the 3 × 3 grid, against GEOS's general union.
        let coverage = try grid()
        var methods: [DissolveMethod: Int] = [:]
        for mask in 1..<512 {
            let group = (0..<9).filter { mask & (1 << $0) != 0 }
            let union = try XCTUnwrap(try coverage.union(of: group))
            let expected = try Geometry.union(of: group.map { coverage.faces[$0]! })
            XCTAssertEqual(union.geometry.area, Double(group.count), "group \(group)")
            XCTAssertTrue(union.geometry.isValid, "group \(group)")
            XCTAssertTrue(union.geometry.topologicallyEquals(expected), "group \(group)")
            XCTAssertTrue(union.partsDoNotOverlap, "group \(group)")
            methods[union.method, default: 0] += 1
        }
        // Every group is dissolved from the edge graph, never by a GEOS fallback: 9 single squares, the groups whose
        // boundary touches itself at a corner through the polygonizer, the rest as linked rings.
        XCTAssertEqual(methods[.single], 9)
        XCTAssertEqual(methods[.coverageUnion], nil)
        XCTAssertEqual(methods[.generalUnion], nil)
        XCTAssertEqual((methods[.edgeRings] ?? 0) + (methods[.edgePolygonizer] ?? 0), 502)
        XCTAssertGreaterThan(methods[.edgePolygonizer] ?? 0, 0)
    }
}
