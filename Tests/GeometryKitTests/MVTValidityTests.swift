import ChildProcess
import Foundation
import TestSupport
import XCTest
@testable import GeometryKit

/// Polygons of a vector tile are valid on the tile's grid (MVT 2.1 §4.3.4.4): what snapping to the grid breaks is
/// repaired or dropped, as `ST_AsMVTGeom` does. Shapes are drawn in tile coordinates (x east, y down, 4096 to the tile),
/// written from Web Mercator, read back by `DecodedTile` and checked with GEOS.
final class MVTValidityTests: XCTestCase {
    static let tile = TileID(z: 10, x: 520, y: 348)!

    /// A tile-coordinate position in Web Mercator metres.
    static func mercator(_ x: Double, _ y: Double) -> Coordinate {
        let bounds = tile.mercatorBounds, unit = bounds.width / 4096
        return Coordinate(x: bounds.minX + x * unit, y: bounds.maxY - y * unit)
    }

    /// A polygon (exterior then holes, each its distinct positions) given in tile coordinates, in Web Mercator.
    static func polygon(_ rings: [[(Double, Double)]]) -> [[Coordinate]] {
        rings.map { ring in (ring + [ring[0]]).map { mercator($0.0, $0.1) } }
    }

    /// Writes `features` (each a list of polygons in tile coordinates) as one layer, ids 1, 2…; checks each decoded
    /// feature (exteriors clockwise on screen, holes counter-clockwise after them, valid for GEOS) and returns them by
    /// id, in tile coordinates, with the writer.
    func written(_ features: [[[[(Double, Double)]]]], checkInputs: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> ([UInt64: Geometry], MVTWriter) {
        var writer = MVTWriter(tile: Self.tile)
        let geometries = try features.map { try Geometry(shape: .multiPolygon($0.map(Self.polygon))) }
        if checkInputs {
            for (index, geometry) in geometries.enumerated() { XCTAssertTrue(geometry.isValid, "input \(index + 1): \(geometry.validityReason)", file: file, line: line) }
        }
        try writer.addLayer("shapes", features: geometries.enumerated().map { (id: UInt64($0.offset + 1), properties: [], geometry: $0.element) })
        return (try Self.checkedPolygons(writer.finish(), file: file, line: line), writer)
    }

    /// Every feature of the tile's "shapes" layer in tile coordinates, after checking what MVT 2.1 asks of polygons.
    static func checkedPolygons(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> [UInt64: Geometry] {
        guard !bytes.isEmpty else { return [:] }
        let layer = try XCTUnwrap(try DecodedTile(bytes).layer("shapes"), file: file, line: line)
        var result: [UInt64: Geometry] = [:]
        for feature in layer.features {
            // polygons() throws on a first ring counter-clockwise on screen, or a ring of no area.
            let polygons = try feature.polygons()
            for polygon in polygons {
                XCTAssertGreaterThan(DecodedTile.Feature.signedArea(polygon[0]), 0, "exterior clockwise on screen", file: file, line: line)
                for hole in polygon.dropFirst() { XCTAssertLessThan(DecodedTile.Feature.signedArea(hole), 0, "hole counter-clockwise", file: file, line: line) }
            }
            let geometry = try feature.geometry()
            XCTAssertTrue(geometry.isValid, "feature \(feature.id ?? 0): \(geometry.validityReason) in \(geometry)", file: file, line: line)
            result[try XCTUnwrap(feature.id, file: file, line: line)] = geometry
        }
        return result
    }

    func assertShape(_ geometry: Geometry?, _ wkt: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let geometry = try XCTUnwrap(geometry, "expected \(wkt)", file: file, line: line)
        XCTAssertEqual(try geometry.normalized().wkt(decimals: 0), try Geometry(wkt: wkt).normalized().wkt(decimals: 0), file: file, line: line)
    }

    // MARK: - Hand-built cases

    /// Two towers joined by a thin strip whose notch (105, 101.3) snaps to (105, 101), below the bottom edge (100 100)–(109 102),
    /// which the ring then crosses twice: a bow-tie. Repaired, it is the two towers meeting at the notch.
    func testBowTieAfterQuantisationIsSplitAtTheCrossing() throws {
        let (features, writer) = try written([[[[(100, 100), (109, 102), (109, 110), (105, 101.3), (100, 110)]]]])
        try assertShape(features[1], "MULTIPOLYGON (((100 100, 100 110, 105 101, 100 100)), ((105 101, 109 102, 109 110, 105 101)))")
        XCTAssertEqual(writer.repairedCount, 1)
    }

    /// A self-intersecting input (the bow-tie crossing at (101.5, 100.5)): two triangles meeting at the crossing, snapped to (102, 101).
    func testSelfIntersectingInputBecomesTwoTriangles() throws {
        let (features, writer) = try written([[[[(100, 100), (103, 101), (103, 100), (100, 101)]]]], checkInputs: false)
        try assertShape(features[1], "MULTIPOLYGON (((100 100, 100 101, 102 101, 100 100)), ((102 101, 103 101, 103 100, 102 101)))")
        XCTAssertEqual(writer.repairedCount, 1)
    }

    /// A sliver 0.3 wide collapses to a line on the grid: dropped alone (no feature), dropped from a multipolygon (the
    /// square stays, nothing to repair); a spike 0.4 wide off a square collapses onto itself and is cut off.
    func testSliversThatCollapseToALineAreDropped() throws {
        let sliver = [[(10.0, 10.0), (30.0, 10.3), (50.0, 10.0)]]
        let square = [[(100.0, 100.0), (110.0, 100.0), (110.0, 110.0), (100.0, 110.0)]]
        let spiked = [[(200.0, 200.0), (210.0, 200.0), (210.0, 205.0), (220.0, 205.2), (210.0, 205.4), (210.0, 210.0), (200.0, 210.0)]]
        let (features, writer) = try written([[sliver], [square, sliver], [spiked]])
        XCTAssertNil(features[1], "the sliver alone snaps to nothing")
        try assertShape(features[2], "POLYGON ((100 100, 110 100, 110 110, 100 110, 100 100))")
        try assertShape(features[3], "POLYGON ((200 200, 210 200, 210 205, 210 210, 200 210, 200 200))")
        XCTAssertEqual(writer.featureCount, 2)
        XCTAssertEqual(writer.repairedCount, 1, "only the spike needed GEOS")
    }

    /// Rings 0.4 apart that snap onto each other: two parts of a multipolygon sharing an edge become one polygon; a hole
    /// lying along the exterior opens it (the U that is left); a hole that only touches the exterior at a point is valid as it is.
    func testRingsTouchingAfterSnapping() throws {
        let left = [[(100.0, 100.0), (110.0, 100.0), (110.0, 110.0), (100.0, 110.0)]]
        let right = [[(110.4, 100.0), (120.0, 100.0), (120.0, 110.0), (110.4, 110.0)]]
        let frame = [(200.0, 200.0), (220.0, 200.0), (220.0, 220.0), (200.0, 220.0)]
        let alongTheEdge = [frame, [(205, 200.4), (215, 200.4), (215, 210), (205, 210)]]
        let atAPoint = [frame, [(205, 200.4), (210, 205), (215, 201.2)]]
        let (features, writer) = try written([[left, right], [alongTheEdge], [atAPoint]])
        try assertShape(features[1], "POLYGON ((100 100, 110 100, 120 100, 120 110, 110 110, 100 110, 100 100))")
        try assertShape(features[2], "POLYGON ((200 200, 205 200, 205 210, 215 210, 215 200, 220 200, 220 220, 200 220, 200 200))")
        try assertShape(features[3], "POLYGON ((200 200, 220 200, 220 220, 200 220, 200 200), (205 200, 210 205, 215 201, 205 200))")
        XCTAssertEqual(writer.repairedCount, 2)
    }

    /// A hole 0.8 high whose sides both round to the same grid row collapses to a line: the square is left, without it.
    func testCollapsedHoleIsDropped() throws {
        let (features, writer) = try written([[[[(100, 100), (120, 100), (120, 120), (100, 120)], [(105, 108.6), (115, 108.6), (115, 109.4), (105, 109.4)]]]])
        try assertShape(features[1], "POLYGON ((100 100, 120 100, 120 120, 100 120, 100 100))")
        XCTAssertEqual(writer.repairedCount, 0)
    }

    /// Rings come out clockwise on screen whatever their direction in: a counter-clockwise square and its clockwise hole.
    func testRingsAreOrientedForMVT() throws {
        let (features, _) = try written([[[[(100, 100), (100, 120), (120, 120), (120, 100)], [(105, 105), (115, 105), (115, 115), (105, 115)]]],
                                         [[[(200, 200), (220, 200), (220, 220), (200, 220)], [(205, 205), (205, 215), (215, 215), (215, 205)]]]])
        try assertShape(features[1], "POLYGON ((100 100, 120 100, 120 120, 100 120, 100 100), (105 105, 115 105, 115 115, 105 115, 105 105))")
        try assertShape(features[2], "POLYGON ((200 200, 220 200, 220 220, 200 220, 200 200), (205 205, 215 205, 215 215, 205 215, 205 205))")
    }

    /// The shortcut that spares GEOS a single convex ring.
    func testStrictlyConvexRings() {
        func ring(_ points: [(Int, Int)]) -> [MVTWriter.GridPoint] { points.map { MVTWriter.GridPoint(x: $0.0, y: $0.1) } }
        XCTAssertTrue(MVTWriter.isStrictlyConvex(ring([(0, 0), (10, 0), (10, 10), (0, 10)])))
        XCTAssertTrue(MVTWriter.isStrictlyConvex(ring([(0, 0), (0, 10), (10, 10), (10, 0)])))
        XCTAssertTrue(MVTWriter.isStrictlyConvex(ring([(0, 0), (5, 1), (1, 5)])))
        XCTAssertFalse(MVTWriter.isStrictlyConvex(ring([(0, 0), (5, 0), (10, 0), (10, 10), (0, 10)])), "a straight vertex")
        XCTAssertFalse(MVTWriter.isStrictlyConvex(ring([(0, 0), (10, 0), (5, 0), (5, 10)])), "a spike back along an edge")
        XCTAssertFalse(MVTWriter.isStrictlyConvex(ring([(0, 0), (10, 0), (10, 10), (5, 2), (0, 10)])), "concave")
        XCTAssertFalse(MVTWriter.isStrictlyConvex(ring([(0, 0), (10, 10), (10, 0), (0, 10)])), "a bow-tie")
        // A pentagram: every turn the same way, but round twice.
        XCTAssertFalse(MVTWriter.isStrictlyConvex(ring([(0, 10), (6, -8), (-10, 3), (10, 3), (-6, -8)])), "a pentagram")
    }

    // MARK: - Many shapes near the grid's size

    /// Star-shaped polygons of 0.5 to 8 grid units, some with a hole, some in two parts a fraction of a unit apart, some
    /// across the clipping square's sides: valid inputs that snapping breaks in every way. Every feature written is valid
    /// and oriented, within a snapping's reach of its input (symmetric difference at most 0.75 × its perimeter); those left
    /// out were that small. GDAL reads the tile without a topology error, every polygon valid for it too.
    func testSeededShapesNearTheGridComeOutValid() throws {
        var random = SeededRandom(seed: 20_240_611)
        func star(_ cx: Double, _ cy: Double, radii: ClosedRange<Double>, vertices: Int) -> [(Double, Double)] {
            (0..<vertices).map { i in
                let angle = 2 * Double.pi * (Double(i) + 0.8 * random.unit()) / Double(vertices)
                let r = radii.lowerBound + (radii.upperBound - radii.lowerBound) * random.unit()
                return (cx + r * cos(angle), cy + r * sin(angle))
            }
        }
        var features: [[[[(Double, Double)]]]] = []
        for i in 0..<900 {
            // A cell of 120 units each; the last row and column straddle the clipping square's sides (-64 and 4160).
            let (row, column) = (i / 30, i % 30)
            let cx = column == 29 ? 4160 + random.unit() * 4 - 2 : 100 + Double(column) * 130 + random.unit()
            let cy = row == 29 ? -64 + random.unit() * 4 - 2 : 100 + Double(row) * 130 + random.unit()
            let size = pow(2, random.unit() * 4 - 1)   // 0.5 to 8 units
            let vertices = 8 + Int(random.unit() * 24)
            switch i % 3 {
            case 0:
                features.append([[star(cx, cy, radii: size * 0.5...size, vertices: vertices)]])
            case 1:
                let hole = star(cx, cy, radii: size * 0.2...size * 0.45, vertices: 8 + Int(random.unit() * 8))
                features.append([[star(cx, cy, radii: size * 0.75...size, vertices: vertices), hole]])
            default:
                let gap = 0.05 + random.unit() * 0.8, other = size * (0.5 + random.unit())
                features.append([[star(cx, cy, radii: size * 0.9...size, vertices: vertices)],
                                 [star(cx + size + gap + other, cy, radii: other * 0.9...other, vertices: 8 + Int(random.unit() * 24))]])
            }
        }
        let inputs = try features.map { try Geometry(shape: .multiPolygon($0.map { $0.map { ring in (ring + [ring[0]]).map { Coordinate(x: $0.0, y: $0.1) } } })) }
        XCTAssertEqual(inputs.filter { !$0.isValid }.count, 0, "the drawn shapes are valid")
        let (decoded, writer) = try written(features)
        let clip = Envelope(minX: -64, minY: -64, maxX: 4160, maxY: 4160)
        var dropped = 0
        for (index, input) in inputs.enumerated() {
            let expected = try input.clipped(to: clip)
            let bound = 0.75 * expected.length + 1e-6
            guard let output = decoded[UInt64(index + 1)] else {
                dropped += 1
                XCTAssertLessThanOrEqual(expected.area, bound, "feature \(index + 1) left out: \(expected)")
                continue
            }
            let moved = try expected.difference(output).area + output.difference(expected).area
            XCTAssertLessThanOrEqual(moved, bound, "feature \(index + 1): \(expected) written \(output)")
        }
        print("seeded shapes: \(inputs.count) drawn, \(writer.featureCount) written (\(writer.repairedCount) repaired), \(dropped) left out")
        XCTAssertEqual(writer.featureCount + dropped, inputs.count)
        XCTAssertGreaterThan(writer.repairedCount, 20, "the shapes do exercise the repair")

        guard ChildProcess.isInstalled("ogrinfo") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("ogrinfo is required but not installed") }
            throw XCTSkip("ogrinfo not installed")
        }
        let path = try TileFiles.write(writer.finish(), as: Self.tile)
        // Clipped to the tile by GDAL (an intersection, GEOS's): where invalid polygons raised "TopologyException … Self-intersection".
        let read = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", path])
        XCTAssertEqual(read.status, 0, read.output)
        XCTAssertFalse(read.output.contains("TopologyException") || read.output.contains("ERROR"), String(read.output.prefix(2000)))
        let sql = "SELECT COUNT(*) AS n, SUM(ST_IsValid(geometry)) AS v FROM shapes"
        let counts = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-q", "-oo", "CLIP=NO", "-dialect", "SQLite", "-sql", sql, path]).output
        XCTAssertTrue(counts.contains("n (Integer) = \(writer.featureCount)") && counts.contains("v (Integer) = \(writer.featureCount)"), counts)
    }
}
