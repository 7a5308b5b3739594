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
            XCTAssertEqual(index.within(metres: 20_000, of: target), brute.filter { $0.metres <= 20_000 })
        }
    }
}
