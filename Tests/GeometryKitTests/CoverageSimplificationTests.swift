import Foundation
import XCTest
@testable import GeometryKit

/// Generalising a coverage edge by edge: exact planar results on hand-built faces, neighbours glued, and a
/// face that would collapse kept at full resolution.
final class CoverageSimplificationTests: XCTestCase {
    /// Coordinates used as they are (tolerance in their unit), over the whole test plane.
    static let plane = PlanarFrame.planar("test plane", region: Envelope(minX: -10, minY: -10, maxX: 10, maxY: 10))

    /// Two 1 × 2 rectangles side by side whose shared border zigzags 0.01 either side of x = 1.
    private func zigzag() throws -> PolygonCoverage {
        let border: [(Double, Double)] = [(1, 0), (1.01, 0.5), (0.99, 1), (1.01, 1.5), (1, 2)]
        let left = try Fixtures.polygon([(0, 0)] + border + [(0, 2)])
        let right = try Fixtures.polygon([(2, 0), (2, 2)] + border.reversed())
        return PolygonCoverage(faces: [left, right])
    }

    func testTheSharedBorderIsSimplifiedOnceForBothNeighbours() throws {
        let coverage = try zigzag()
        XCTAssertEqual(coverage.edgeCount, 3, "the shared border and each face's outer edge")
        XCTAssertEqual(coverage.vertexCount, 5 + 4 + 4)
        let simplified = try coverage.simplified(tolerance: 0.1, frames: [Self.plane])
        XCTAssertEqual(simplified.vertexCount, 2 + 4 + 4, "the zigzag became one straight segment; the corners stay")
        let left = try XCTUnwrap(simplified.faces[0]), right = try XCTUnwrap(simplified.faces[1])
        XCTAssertEqual(left.area, 2)
        XCTAssertEqual(right.area, 2)
        XCTAssertTrue(left.topologicallyEquals(try Fixtures.polygon([(0, 0), (1, 0), (1, 2), (0, 2)])))
        XCTAssertEqual(try left.intersection(right).area, 0, "no overlap")
        let union = try XCTUnwrap(simplified.union(of: [0, 1]))
        XCTAssertEqual(union.geometry.area, 4, "no gap")
        XCTAssertEqual(union.method, .edgeRings)
        XCTAssertTrue(union.geometry.topologicallyEquals(try Fixtures.square(0, 0, size: 2).union(try Fixtures.square(0, 0, size: 2))
            .intersection(try Fixtures.polygon([(0, 0), (2, 0), (2, 2), (0, 2)]))))
    }

    func testBelowTheToleranceNothingChanges() throws {
        let coverage = try zigzag()
        let simplified = try coverage.simplified(tolerance: 0.001, frames: [Self.plane])
        XCTAssertEqual(simplified.vertexCount, coverage.vertexCount)
        XCTAssertEqual(simplified.faces[0]?.area, coverage.faces[0]?.area)
    }

    func testEdgesOutsideEveryFrameAreKept() throws {
        let coverage = try zigzag()
        let elsewhere = PlanarFrame.planar("elsewhere", region: Envelope(minX: 50, minY: 50, maxX: 60, maxY: 60))
        XCTAssertEqual(try coverage.simplified(tolerance: 0.1, frames: [elsewhere]).vertexCount, coverage.vertexCount)
    }

    func testAFaceThatWouldCollapseKeepsItsBorders() throws {
        // A lens between the two rectangles: its two borders run 0.05 either side of x = 1 and would both become
        // the segment (1, 0)–(1, 2) at tolerance 0.1, leaving a face with no area. They stay at full resolution.
        let leftBorder: [(Double, Double)] = [(1, 0), (0.95, 1), (1, 2)]
        let rightBorder: [(Double, Double)] = [(1, 0), (1.05, 1), (1, 2)]
        let left = try Fixtures.polygon([(0, 0)] + leftBorder + [(0, 2)])
        let lens = try Fixtures.polygon(rightBorder + leftBorder.reversed().dropFirst())
        let right = try Fixtures.polygon([(2, 0), (2, 2)] + rightBorder.reversed())
        let coverage = PolygonCoverage(faces: [left, lens, right])
        let simplified = try coverage.simplified(tolerance: 0.1, frames: [Self.plane])
        let parts = try (0..<3).map { try XCTUnwrap(simplified.faces[$0]) }
        XCTAssertEqual(parts[1].area, 0.1, accuracy: 1e-15)
        XCTAssertTrue(parts.allSatisfy(\.isValid))
        XCTAssertEqual(parts.reduce(0) { $0 + $1.area }, 4, accuracy: 1e-15)
        XCTAssertEqual(try simplified.union(of: [0, 1, 2])?.geometry.area ?? 0, 4, accuracy: 1e-15)
    }

    func testACoastThatWouldSwallowAnIslandKeepsItsShape() throws {
        // The coast of a 4 × 4 commune dips 0.5 below y = 4 around an islet; at tolerance 1 the dip would go and the
        // straightened coast would pass over the islet, without crossing it: both polygons valid, but overlapping.
        let mainland = try Fixtures.polygon([(0, 0), (4, 0), (4, 4), (2, 3.5), (0, 4)])
        let islet = try Fixtures.polygon([(1.9, 3.7), (2.1, 3.7), (2.1, 3.8), (1.9, 3.8)])
        let simplified = try PolygonCoverage(faces: [mainland, islet]).simplified(tolerance: 1, frames: [Self.plane])
        let parts = try (0..<2).map { try XCTUnwrap(simplified.faces[$0]) }
        XCTAssertEqual(parts[0].area, 15, "the mainland keeps its dip")
        XCTAssertEqual(parts[1].area, 0.02, accuracy: 1e-15)
        XCTAssertEqual(try parts[0].intersection(parts[1]).area, 0)
        // Without the islet the dip goes.
        XCTAssertEqual(try PolygonCoverage(faces: [mainland]).simplified(tolerance: 1, frames: [Self.plane]).faces[0]?.area, 16)
    }

    func testProjectedFrameSimplifiesInMetres() throws {
        // Two communes of about 1.1 km × 2.2 km near Amiens; their border wiggles 5 m (4.5e-5°) either side.
        let x0 = 2.3, y0 = 49.9
        let border: [(Double, Double)] = [(x0 + 0.015, y0), (x0 + 0.015 + 4.5e-5, y0 + 0.005), (x0 + 0.015, y0 + 0.01)]
        let left = try Fixtures.polygon([(x0, y0)] + border + [(x0, y0 + 0.01)])
        let right = try Fixtures.polygon([(x0 + 0.03, y0), (x0 + 0.03, y0 + 0.01)] + border.reversed())
        let coverage = PolygonCoverage(faces: [left, right])
        let lambert = try PlanarFrame(name: "Métropole", region: Envelope(minX: -6, minY: 41, maxX: 10, maxY: 52), crs: "EPSG:2154")
        XCTAssertEqual(try coverage.simplified(tolerance: 1, frames: [lambert]).vertexCount, coverage.vertexCount, "5 m > 1 m: kept")
        let simplified = try coverage.simplified(tolerance: 10, frames: [lambert])
        XCTAssertEqual(simplified.vertexCount, coverage.vertexCount - 1, "5 m < 10 m: the wiggle goes")
        XCTAssertEqual(simplified.faces[0]?.shape.polygons.first?.first?.contains(Coordinate(x: x0 + 0.015, y: y0 + 0.01)), true,
                       "kept vertices are the original longitude/latitude, bit for bit")
    }

    func testTopoJSONWritesEachSharedBorderOnce() throws {
        let coverage = try zigzag().simplified(tolerance: 0.1, frames: [Self.plane])
        var writer = TopoJSONWriter(coverage: coverage)
        try writer.addFeature(object: "communes", id: "A", properties: [("name", .string("gauche"))], geometry: coverage.faces[0])
        try writer.addFeature(object: "communes", id: "B", properties: [("name", .string("droite"))], geometry: coverage.faces[1])
        try writer.addFeature(object: "communes", id: "C", properties: [], geometry: nil)
        XCTAssertEqual(writer.arcCount, 3)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(writer.finish().utf8)) as? [String: Any])
        XCTAssertEqual(document["type"] as? String, "Topology")
        XCTAssertEqual(document["bbox"] as? [Double], [0, 0, 2, 2])
        let transform = try XCTUnwrap(document["transform"] as? [String: [Double]])
        XCTAssertEqual(transform["scale"], [1e-6, 1e-6])
        XCTAssertEqual(transform["translate"], [0, 0])
        // Quantised and delta-encoded (§2.1.2): back to positions.
        let arcs = try XCTUnwrap(document["arcs"] as? [[[Int]]]).map { deltas -> [[Double]] in
            var x = 0, y = 0
            return deltas.map { x += $0[0]; y += $0[1]; return [Double(x) * 1e-6, Double(y) * 1e-6] }
        }
        XCTAssertEqual(arcs.map(\.count).sorted(), [2, 4, 4])
        let collection = try XCTUnwrap((document["objects"] as? [String: Any])?["communes"] as? [String: Any])
        let geometries = try XCTUnwrap(collection["geometries"] as? [[String: Any]])
        XCTAssertEqual(geometries.map { $0["type"] as? String }, ["MultiPolygon", "MultiPolygon", "MultiPolygon"])
        XCTAssertEqual((geometries[2]["arcs"] as? [Any])?.count, 0, "no polygon: an empty MultiPolygon, which GDAL keeps")
        XCTAssertEqual(geometries.map { $0["id"] as? String }, ["A", "B", "C"])
        let a = try XCTUnwrap((geometries[0]["arcs"] as? [[[Int]]])?.first?.first), b = try XCTUnwrap((geometries[1]["arcs"] as? [[[Int]]])?.first?.first)
        let shared = Set(a.map { $0 < 0 ? ~$0 : $0 }).intersection(b.map { $0 < 0 ? ~$0 : $0 })
        XCTAssertEqual(shared.count, 1, "one arc in both rings")
        let sharedArc = try XCTUnwrap(shared.first)
        XCTAssertTrue([[[1, 0], [1, 2]], [[1, 2], [1, 0]]].contains(arcs[sharedArc]), "the straightened border: \(arcs[sharedArc])")
        XCTAssertNotEqual(a.contains(sharedArc), b.contains(sharedArc), "walked forwards by one face, backwards (~i) by the other")
    }
}
