import GeometryKit
import TestSupport
import XCTest
@testable import Territory

final class ChordBoundsTests: XCTestCase {
    func testOneDegreeOfEquator() {
        // The chord of 1° of equator is 2a·sin(0.5°); the geodesic is the equator itself, a·π/180.
        let chord = ChordBounds.Point(Coordinate(longitude: 0, latitude: 0)).chord(to: ChordBounds.Point(Coordinate(longitude: 1, latitude: 0)))
        XCTAssertEqual(chord.metres, 2 * 6_378_137 * sin(Double.pi / 360), accuracy: 1e-8)
        XCTAssertEqual(chord.lowerBound, 111_318.077_886_984, accuracy: 1e-8)
        XCTAssertEqual(chord.upperBound, 111_319.509_903_802, accuracy: 1e-8)
        let geodesic = Geodesic.distance(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0))
        XCTAssertEqual(geodesic, 6_378_137 * Double.pi / 180, accuracy: 1e-6)
        XCTAssertTrue(chord.lowerBound < geodesic && geodesic < chord.upperBound)
    }

    func testBoundsHoldAndAreTightAtMatchingRange() {
        var rng = SeededRandom(seed: 42)
        // Metropole, La Réunion, Guyane, far north: pairs from a few metres to 4 000 km.
        let centres = [(2.35, 48.85), (55.45, -21.1), (-52.3, 4.9), (25.0, 70.0)]
        for i in 0..<4_000 {
            let (lon, lat) = centres[i % centres.count]
            let a = Coordinate(longitude: lon + (rng.unit() - 0.5), latitude: lat + (rng.unit() - 0.5))
            let reach = [0.0005, 0.3, 3, 30][i / centres.count % 4]   // degrees
            let b = Coordinate(longitude: a.longitude + (rng.unit() - 0.5) * reach, latitude: max(-89, min(89, a.latitude + (rng.unit() - 0.5) * reach)))
            let chord = ChordBounds.Point(a).chord(to: ChordBounds.Point(b))
            let geodesic = Geodesic.distance(a, b)
            XCTAssertLessThanOrEqual(chord.lowerBound, geodesic, "\(a) \(b)")
            XCTAssertGreaterThanOrEqual(chord.upperBound, geodesic, "\(a) \(b)")
            // c³/24ρ² apart (the first term of 2ρ·asin(c/2ρ) − c, the next ones add less than (c/ρ)² of it), plus the margins.
            let ratio2 = pow(chord.metres / ChordBounds.smallestRadius, 2)
            let gap = pow(chord.metres, 3) / (24 * pow(ChordBounds.smallestRadius, 2)) * (1 + ratio2) + 3e-6
            XCTAssertLessThanOrEqual(chord.upperBound - chord.lowerBound, gap, "\(a) \(b)")
            if geodesic <= 30_000 { XCTAssertLessThan(chord.upperBound - chord.lowerBound, 0.029) }
        }
    }

    func testLimitIsTheInverseOfTheUpperBound() {
        let limit = ChordBounds.Limit(metres: 30_000)
        XCTAssertEqual(limit.longestCertainChord, 29_999.971_969_557, accuracy: 1e-6)
        let longest = ChordBounds.Chord(metres: limit.longestCertainChord)
        XCTAssertTrue(limit.certainlyWithin(longest))
        XCTAssertLessThanOrEqual(longest.upperBound, 30_000)
        let beyond = ChordBounds.Chord(metres: limit.longestCertainChord.nextUp)
        XCTAssertFalse(limit.certainlyWithin(beyond))
        XCTAssertEqual(beyond.upperBound, 30_000, accuracy: 2e-6)
        XCTAssertEqual(ChordBounds.Chord(metres: 4_000_001).upperBound, .infinity)
    }
}

final class MinimumTreeTests: XCTestCase {
    func testMinimumFollowsChanges() {
        var tree = MinimumTree(count: 5, value: 0)
        XCTAssertEqual(tree.minimum, 0)
        tree.set(3, -7)
        tree.set(0, -2)
        XCTAssertEqual(tree.minimum, -7)
        tree.set(3, .max)
        XCTAssertEqual(tree.minimum, -2)
        for i in 0..<5 { tree.set(i, .max) }
        XCTAssertEqual(tree.minimum, .max)
        XCTAssertEqual(MinimumTree(count: 0, value: 0).minimum, .max)
    }
}
