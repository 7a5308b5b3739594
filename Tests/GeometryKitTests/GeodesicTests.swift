import Foundation
import XCTest
@testable import GeometryKit

/// Geodesic distances and areas on the WGS84 ellipsoid, against independent values.
final class GeodesicTests: XCTestCase {
    private let paris = Coordinate(longitude: 2.3522, latitude: 48.8566)
    private let lille = Coordinate(longitude: 3.0573, latitude: 50.6292)

    // WGS84
    private let a = 6_378_137.0
    private let f = 1 / 298.257223563

    func testParisLilleDistance() {
        // Karney's inverse problem is accurate to nanometres: hold it to the millimetre.
        XCTAssertEqual(Geodesic.distance(paris, lille), 203_598.085, accuracy: 0.001)
        XCTAssertEqual(Geodesic.distance(lille, paris), Geodesic.distance(paris, lille), accuracy: 1e-9)
        XCTAssertEqual(Geodesic.distanceKm(paris, lille), 203.598085, accuracy: 1e-6)
        XCTAssertEqual(Geodesic.distance(paris, paris), 0)
    }

    func testOneDegreeAlongTheEquatorIsAnArcOfTheEquatorialCircle() {
        let expected = a * Double.pi / 180      // 111 319.490 793… m
        XCTAssertEqual(Geodesic.distance(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0)),
                       expected, accuracy: 1e-6)
    }

    /// Area of the ellipsoidal zone between the equator and latitude φ, over `degrees` of longitude:
    /// Δλ · b² · [ sin φ / (2 (1 − e² sin² φ)) + atanh(e sin φ) / (2e) ].
    private func zoneArea(latitude: Double, degrees: Double) -> Double {
        let b = a * (1 - f), e2 = f * (2 - f), e = e2.squareRoot()
        let s = sin(latitude * .pi / 180)
        return degrees * .pi / 180 * b * b * (s / (2 * (1 - e2 * s * s)) + atanh(e * s) / (2 * e))
    }

    func testOneDegreeCellAtTheEquator() {
        let expected = zoneArea(latitude: 1, degrees: 1)   // 12 308.464 km²
        XCTAssertEqual(expected / 1e6, 12_308.464, accuracy: 0.001)

        // With 4 vertices the northern edge is a geodesic, which bulges poleward of the parallel and adds
        // ≈ 0.3 km² (hence the usually quoted ≈ 12 308.8 km²).
        let cell = GeometryShape.polygon([[
            Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0),
            Coordinate(longitude: 1, latitude: 1), Coordinate(longitude: 0, latitude: 1), Coordinate(longitude: 0, latitude: 0),
        ]])
        let cellArea = Geodesic.area(of: cell)
        XCTAssertEqual(cellArea / 1e6, 12_308.8, accuracy: 0.05)
        XCTAssertGreaterThan(cellArea, expected)
        XCTAssertEqual(cellArea, expected, accuracy: expected * 1e-4)

        // Densifying the northern edge makes it follow the parallel: the zone formula then holds tightly.
        var ring = [Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0)]
        for i in stride(from: 1000, through: 0, by: -1) { ring.append(Coordinate(longitude: Double(i) / 1000, latitude: 1)) }
        ring.append(ring[0])
        XCTAssertEqual(Geodesic.area(of: .polygon([ring])), expected, accuracy: 1)   // 1 m² in 1.2e10 m²
    }

    func testHolesAreSubtractedAndOrientationDoesNotMatter() throws {
        let exterior = Fixtures.ring([(2, 48), (3, 48), (3, 49), (2, 49)])
        let hole = Fixtures.ring([(2.25, 48.25), (2.25, 48.75), (2.75, 48.75), (2.75, 48.25)])
        let full = Geodesic.area(of: .polygon([exterior]))
        let holeArea = Geodesic.area(of: .polygon([hole]))
        XCTAssertGreaterThan(holeArea, 0)
        XCTAssertEqual(Geodesic.area(of: .polygon([exterior, hole])), full - holeArea, accuracy: 1e-3)
        XCTAssertEqual(Geodesic.area(of: .polygon([Array(exterior.reversed()), Array(hole.reversed())])), full - holeArea, accuracy: 1e-3)
        // A quarter of the degree, roughly: the hole is 0.5° × 0.5°.
        XCTAssertEqual(holeArea / full, 0.25, accuracy: 0.001)

        let geometry = try Geometry(shape: .polygon([exterior, hole]))
        XCTAssertEqual(Geodesic.areaKm2(of: geometry), (full - holeArea) / 1e6, accuracy: 1e-9)
        let twoCells = GeometryShape.multiPolygon([[exterior], [Fixtures.ring([(3, 48), (4, 48), (4, 49), (3, 49)])]])
        XCTAssertEqual(Geodesic.area(of: twoCells), 2 * full, accuracy: full * 1e-9, "same latitudes, same area")
        XCTAssertEqual(Geodesic.area(of: .lineString(exterior)), 0, "lines have no area")
    }

    func testSignedRingArea() {
        let ccw = Fixtures.ring([(2, 48), (3, 48), (3, 49), (2, 49)])
        XCTAssertGreaterThan(Geodesic.area(ofRing: ccw), 0)
        XCTAssertEqual(Geodesic.area(ofRing: Array(ccw.reversed())), -Geodesic.area(ofRing: ccw), accuracy: 1e-3)
        // An unclosed ring (as a hand-written GeoJSON may have) must not lose a vertex.
        XCTAssertEqual(Geodesic.area(ofRing: Array(ccw.dropLast())), Geodesic.area(ofRing: ccw), accuracy: 1e-3)
        XCTAssertEqual(Geodesic.area(ofRing: [Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 1)]), 0)
    }
}
