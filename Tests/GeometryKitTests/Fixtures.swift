import XCTest
@testable import GeometryKit

/// Small hand-built geometries shared by the tests. Coordinates are plain x/y (a projected frame),
/// so planar areas of these integer shapes are exact.
enum Fixtures {
    static func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(x: x, y: y) }

    /// A closed ring through `points` (the first point is repeated at the end).
    static func ring(_ points: [(Double, Double)]) -> [Coordinate] {
        let coordinates = points.map { c($0.0, $0.1) }
        return coordinates + [coordinates[0]]
    }

    /// A polygon from an exterior ring and holes, each given as its distinct points.
    static func polygon(_ exterior: [(Double, Double)], holes: [[(Double, Double)]] = []) throws -> Geometry {
        try Geometry(shape: .polygon([ring(exterior)] + holes.map(ring)))
    }

    /// The axis-aligned square with lower-left corner (x, y), counter-clockwise.
    static func square(_ x: Double, _ y: Double, size: Double = 1) throws -> Geometry {
        try polygon([(x, y), (x + size, y), (x + size, y + size), (x, y + size)])
    }

    /// 10 × 10 square with a 2 × 2 hole in the middle: area 100 − 4 = 96.
    static func squareWithHole() throws -> Geometry {
        try polygon([(0, 0), (10, 0), (10, 10), (0, 10)], holes: [[(4, 4), (6, 4), (6, 6), (4, 6)]])
    }

    /// A U (3 × 3 square minus the 1 × 2 notch x ∈ [1, 2], y ∈ [1, 3]): area 7, centroid (1.5, 9.5/7)
    /// lies in the notch, i.e. outside the polygon.
    static func uShape(offsetX: Double = 0, offsetY: Double = 0) throws -> Geometry {
        try polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)]
            .map { ($0.0 + offsetX, $0.1 + offsetY) })
    }

    /// The bow-tie ((0 0, 2 2, 2 0, 0 2, 0 0)): a self-intersecting, invalid polygon.
    static func bowTie() throws -> Geometry {
        try polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    }

    /// A unit square and a 2 × 2 square with a 1 × 1 hole: multipolygon of area 1 + 4 − 1 = 4.
    static func multiPolygon() throws -> Geometry {
        try Geometry(shape: .multiPolygon([
            [ring([(0, 0), (1, 0), (1, 1), (0, 1)])],
            [ring([(3, 0), (5, 0), (5, 2), (3, 2)]), ring([(3.5, 0.5), (4.5, 0.5), (4.5, 1.5), (3.5, 1.5)])],
        ]))
    }
}

/// Collects values produced on several threads.
final class LockedList<T>: @unchecked Sendable {
    private var items: [T] = []
    private let lock = NSLock()
    func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
    var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
