import XCTest
@testable import GeometryKit

final class GeodesicPointIndexTests: XCTestCase {
    /// Along the equator the geodesic is the equator itself: distance = a · Δλ (a = 6 378 137 m).
    static let metresPerDegreeAtEquator = 6_378_137.0 * .pi / 180

    func testNearestAlongTheEquatorWithExactDistances() {
        let points = [0.5, 0.1, 0.3, -0.2, 0.1].map { Coordinate(longitude: $0, latitude: 0) }
        let index = GeodesicPointIndex(points: points)
        let found = index.nearest(to: Coordinate(longitude: 0, latitude: 0), k: 3)
        XCTAssertEqual(found.map(\.item), [1, 4, 3], "0.1° twice (tie broken by index), then -0.2°")
        XCTAssertEqual(found[0].metres, 0.1 * Self.metresPerDegreeAtEquator, accuracy: 1e-6)
        XCTAssertEqual(found[2].metres, 0.2 * Self.metresPerDegreeAtEquator, accuracy: 1e-6)
        XCTAssertEqual(index.nearest(to: Coordinate(longitude: 0, latitude: 0), k: 10).count, 5)
    }

    func testDistanceLimitFilterAndWithin() {
        let points = [0.5, 0.1, 0.3, -0.2, 0.1].map { Coordinate(longitude: $0, latitude: 0) }
        let index = GeodesicPointIndex(points: points)
        let origin = Coordinate(longitude: 0, latitude: 0)
        let limit = 0.25 * Self.metresPerDegreeAtEquator
        XCTAssertEqual(index.nearest(to: origin, k: 5, maxMetres: limit).map(\.item), [1, 4, 3])
        XCTAssertEqual(index.nearest(to: origin, k: 2, filter: { $0 != 1 }).map(\.item), [4, 3])
        XCTAssertEqual(index.within(metres: limit, of: origin).map(\.item), [1, 4, 3])
        XCTAssertEqual(index.within(metres: 1, of: origin), [])
        XCTAssertEqual(GeodesicPointIndex(points: []).nearest(to: origin, k: 3), [])
    }

    func testAgreesWithBruteForceOnScatteredPoints() {
        // Points over metropolitan France and the overseas départements, queries anywhere among them.
        var state: UInt64 = 11
        func random() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        let boxes: [(Double, Double, Double, Double)] = [(-5, 42, 8, 51), (-61.9, 15.8, -60.8, 16.6), (-54.6, 2.1, -51.6, 5.8),
                                                        (55.2, -21.4, 55.9, -20.8), (45, -13.1, 45.3, -12.6)]
        let points = (0..<3000).map { i -> Coordinate in
            let b = boxes[i % boxes.count]
            return Coordinate(longitude: b.0 + random() * (b.2 - b.0), latitude: b.1 + random() * (b.3 - b.1))
        }
        let index = GeodesicPointIndex(points: points)
        for q in 0..<200 {
            let b = boxes[q % boxes.count]
            let target = Coordinate(longitude: b.0 + random() * (b.2 - b.0), latitude: b.1 + random() * (b.3 - b.1))
            let brute = points.indices.map { GeodesicPointIndex.Neighbour(item: $0, metres: Geodesic.distance(target, points[$0])) }
                .sorted { ($0.metres, $0.item) < ($1.metres, $1.item) }
            XCTAssertEqual(index.nearest(to: target, k: 5), Array(brute.prefix(5)))
            // 100: the service's largest k, bounded by its upper bounds as k = 5 is (it was unbounded above 64).
            XCTAssertEqual(index.nearest(to: target, k: 100), Array(brute.prefix(100)))
            XCTAssertEqual(index.within(metres: 20_000, of: target), brute.filter { $0.metres <= 20_000 })
        }
    }

    /// The box a store reads a query's candidates from holds every point within the radius: checked with PROJ's
    /// geodesic on points just inside the radius in every direction, at the latitudes of France and its DROM.
    func testTheEnvelopeAroundAPointHoldsEveryPointWithinTheRadius() throws {
        for center in [Coordinate(longitude: 3.06, latitude: 50.63), Coordinate(longitude: -61.5, latitude: 16.2),
                       Coordinate(longitude: 55.45, latitude: -21.1), Coordinate(longitude: 9.4, latitude: 42.7),
                       Coordinate(longitude: 0, latitude: 70)] {
            for metres in [500.0, 10_000, 160_000, 1_500_000] {
                let box = try XCTUnwrap(GeodesicPointIndex.envelope(around: center, metres: metres), "\(center) \(metres)")
                // Walk out in 72 directions to just inside the radius (PROJ's direct problem through bisection on the distance).
                for step in 0..<72 {
                    let bearing = Double(step) * 5 * .pi / 180
                    var (low, high) = (0.0, 3 * metres / 6_335_000)   // angles (rad) on the sphere of geodetic coordinates
                    func point(_ angle: Double) -> Coordinate {
                        let lat = center.latitude * .pi / 180, lon = center.longitude * .pi / 180
                        let lat2 = asin(sin(lat) * cos(angle) + cos(lat) * sin(angle) * cos(bearing))
                        let lon2 = lon + atan2(sin(bearing) * sin(angle) * cos(lat), cos(angle) - sin(lat) * sin(lat2))
                        return Coordinate(longitude: lon2 * 180 / .pi, latitude: lat2 * 180 / .pi)
                    }
                    for _ in 0..<60 {
                        let mid = (low + high) / 2
                        if Geodesic.distance(center, point(mid)) <= metres { low = mid } else { high = mid }
                    }
                    let edge = point(low)
                    XCTAssertLessThanOrEqual(Geodesic.distance(center, edge), metres)
                    XCTAssertTrue(box.minX <= edge.longitude && edge.longitude <= box.maxX && box.minY <= edge.latitude && edge.latitude <= box.maxY,
                                  "\(center) \(metres) m, bearing \(step * 5)°: \(edge) outside \(box)")
                }
                // And no taller than the radius needs: half its height is the angle the bound allows.
                XCTAssertLessThan((box.maxY - box.minY) / 2, metres / 6_335_000 * 180 / .pi * 1.000001)
            }
        }
        XCTAssertNil(GeodesicPointIndex.envelope(around: Coordinate(longitude: 3, latitude: 89.5), metres: 100_000), "reaches the pole")
        XCTAssertNil(GeodesicPointIndex.envelope(around: Coordinate(longitude: 179.9, latitude: -17), metres: 50_000), "crosses the antimeridian")
        XCTAssertNil(GeodesicPointIndex.envelope(around: Coordinate(longitude: 3, latitude: 45), metres: 20_000_000), "the whole globe")
    }

    /// The tree built by selection (not sorting) answers as the brute force on many equal keys (a roster where
    /// GPs share a practice address).
    func testSharedPositionsAndTiesAgreeWithBruteForce() {
        let sites = (0..<40).map { Coordinate(longitude: 2 + Double($0 % 8) * 0.01, latitude: 48.8 + Double($0 / 8) * 0.01) }
        let points = (0..<1000).map { sites[($0 * 7) % sites.count] }
        let index = GeodesicPointIndex(points: points)
        for site in sites.prefix(10) {
            let target = Coordinate(longitude: site.longitude + 0.002, latitude: site.latitude - 0.001)
            let brute = points.indices.map { GeodesicPointIndex.Neighbour(item: $0, metres: Geodesic.distance(target, points[$0])) }
                .sorted { ($0.metres, $0.item) < ($1.metres, $1.item) }
            XCTAssertEqual(index.nearest(to: target, k: 30), Array(brute.prefix(30)))
            XCTAssertEqual(index.within(metres: 1_500, of: target), brute.filter { $0.metres <= 1_500 })
        }
    }
}
