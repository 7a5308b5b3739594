import Foundation
import GeometryKit

/// Bounds of the geodesic distance between two WGS84 points from the straight line between them through the
/// ellipsoid (the chord), with no geodesic computed — a square root instead of PROJ's iterative inverse problem,
/// which is what the candidate search of a batch matching would otherwise spend its time on.
///
/// - lower: the chord itself, as a straight line is the shortest path;
/// - upper: 2ρ·asin(c / 2ρ), ρ = b²/a the smallest radius of curvature of the ellipsoid. A geodesic's curvature
///   is its normal curvature, never above 1/ρ, and by Schur's comparison theorem a curve whose curvature stays
///   ≤ 1/ρ spans at least the chord of the circular arc of radius ρ of the same length.
///
/// They are c³/24ρ² apart: 28 mm at 30 km, 0.1 mm at 5 km. Both are widened by 1 µm, far above the rounding of
/// the Cartesian coordinates (~10 nm) and of PROJ's geodesic (15 nm).
///
/// ```swift
/// let chord = ChordBounds.Point(patient).chord(to: ChordBounds.Point(gp))   // lowerBound ≤ geodesic ≤ upperBound
/// ChordBounds.Limit(metres: 30_000).certainlyWithin(chord)                 // upperBound ≤ 30 km, without an arcsine
/// ```
enum ChordBounds {
    static let semiMajorAxis = 6_378_137.0
    static let flattening = 1 / 298.257223563
    /// b²/a = a(1 − f)² = 6 335 439.327 m, rounded down (a smaller radius only widens the upper bound).
    static let smallestRadius = 6_335_439.0
    /// Beyond this chord no upper bound is given (infinite): the comparison needs the geodesic shorter than πρ
    /// (19 900 km), which a chord of at most 4 000 km leaves no doubt about.
    static let longestBoundedChord = 4_000_000.0
    static let margin = 1e-6

    /// A point in Earth-centred Cartesian coordinates, metres.
    struct Point: Sendable {
        var x, y, z: Double

        init(_ c: Coordinate) {
            let eccentricity2 = flattening * (2 - flattening)
            let lat = c.latitude * .pi / 180, lon = c.longitude * .pi / 180
            let sinLat = sin(lat), cosLat = cos(lat)
            let normal = semiMajorAxis / (1 - eccentricity2 * sinLat * sinLat).squareRoot()
            x = normal * cosLat * cos(lon)
            y = normal * cosLat * sin(lon)
            z = normal * (1 - eccentricity2) * sinLat
        }

        func chord(to other: Point) -> Chord {
            let dx = x - other.x, dy = y - other.y, dz = z - other.z
            return Chord(metres: (dx * dx + dy * dy + dz * dz).squareRoot())
        }
    }

    /// The straight-line distance between two points, and what it says of their geodesic distance.
    struct Chord: Sendable {
        var metres: Double

        var lowerBound: Double { max(0, metres - margin) }

        var upperBound: Double {
            guard metres <= longestBoundedChord else { return .infinity }
            return 2 * smallestRadius * asin(metres / (2 * smallestRadius)) + margin
        }
    }

    /// A distance limit turned into the longest chord whose upper bound stays within it, so that a search
    /// against one limit compares chords, one arcsine per limit instead of one per pair.
    struct Limit: Sendable {
        let longestCertainChord: Double

        /// The inverse of `upperBound`, less another margin for its own rounding.
        init(metres: Double) {
            let arc = min(metres, longestBoundedChord) - 2 * margin
            longestCertainChord = arc > 0 ? 2 * smallestRadius * sin(arc / (2 * smallestRadius)) : 0
        }

        /// True when the geodesic is certainly within the limit; false says nothing.
        func certainlyWithin(_ chord: Chord) -> Bool { chord.metres <= longestCertainChord }
    }
}
