/// An index of WGS84 points answering **exact** k-nearest and within-distance queries by geodesic
/// distance on the ellipsoid — what PostGIS does with `ORDER BY geog <-> point LIMIT k` followed by a
/// re-rank with `ST_Distance(geography)`.
///
/// Points are stored in a 3-D k-d tree of unit vectors; the chord between unit vectors gives a lower
/// bound of the geodesic distance (on the ellipsoid, every path is at least M_min = b²/a ≈ 6 335 439 m
/// times its angular length on the sphere of geodetic coordinates), so branches are pruned without ever
/// missing a nearer point. Distances themselves come from PROJ's geodesic (`Geodesic.distance`).
///
/// ```swift
/// let index = GeodesicPointIndex(points: practices)
/// index.nearest(to: patient, k: 5)            // [(item: 12, metres: 1840.2), …], ties by item index
/// index.within(metres: 10_000, of: patient)   // every item within 10 km, nearest first
/// ```
public struct GeodesicPointIndex: Sendable {
    /// A found item: its index in the `points` given at creation, and its geodesic distance in metres.
    public struct Neighbour: Sendable, Hashable {
        public var item: Int
        public var metres: Double
    }

    /// b²/a of WGS84, slightly rounded down: the smallest radius of curvature of the ellipsoid.
    static let lowerBoundRadius = 6_335_000.0

    public let points: [Coordinate]
    private let x: [Double], y: [Double], z: [Double]
    /// `order[node]` is the item stored at tree node `node` (nodes are array positions; the root of a
    /// range [lo, hi) is at (lo + hi) / 2).
    private let order: [Int]
    private let axis: [UInt8]

    public init(points: [Coordinate]) {
        self.points = points
        let unit = points.map(GeodesicPointIndex.unitVector)
        var order = Array(points.indices)
        var axis = [UInt8](repeating: 0, count: points.count)
        GeodesicPointIndex.build(&order, &axis, unit, 0, points.count)
        self.order = order
        self.axis = axis
        x = order.map { unit[$0].0 }
        y = order.map { unit[$0].1 }
        z = order.map { unit[$0].2 }
    }

    public var count: Int { points.count }

    static func unitVector(_ c: Coordinate) -> (Double, Double, Double) {
        let lat = c.latitude * .pi / 180, lon = c.longitude * .pi / 180
        return (cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
    }

    /// Balanced build: median split on the axis of largest spread.
    private static func build(_ order: inout [Int], _ axis: inout [UInt8], _ unit: [(Double, Double, Double)], _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        var minV = (Double.infinity, Double.infinity, Double.infinity), maxV = (-Double.infinity, -Double.infinity, -Double.infinity)
        for i in lo..<hi {
            let p = unit[order[i]]
            minV = (min(minV.0, p.0), min(minV.1, p.1), min(minV.2, p.2))
            maxV = (max(maxV.0, p.0), max(maxV.1, p.1), max(maxV.2, p.2))
        }
        let spreads = [maxV.0 - minV.0, maxV.1 - minV.1, maxV.2 - minV.2]
        let a = spreads.firstIndex(of: spreads.max()!)!
        func key(_ item: Int) -> Double { a == 0 ? unit[item].0 : a == 1 ? unit[item].1 : unit[item].2 }
        let mid = (lo + hi) / 2
        // Only the median and which side each item falls on matter: a selection, not a sort. The order (key, item)
        // is total, so the tree is the one a full sort of each range gives.
        select(mid, in: &order, lo, hi) { (key($0), $0) < (key($1), $1) }
        axis[mid] = UInt8(a)
        build(&order, &axis, unit, lo, mid)
        build(&order, &axis, unit, mid + 1, hi)
    }

    /// Quickselect (Hoare): leaves in `order[k]` the item a sort of `order[lo..<hi]` would put there, the smaller
    /// items before it and the larger after it. Median-of-three pivots.
    private static func select(_ k: Int, in order: inout [Int], _ lo: Int, _ hi: Int, by less: (Int, Int) -> Bool) {
        var (lo, hi) = (lo, hi - 1)
        while lo < hi {
            let m = (lo + hi) / 2
            if less(order[m], order[lo]) { order.swapAt(m, lo) }
            if less(order[hi], order[lo]) { order.swapAt(hi, lo) }
            if less(order[hi], order[m]) { order.swapAt(hi, m) }
            let pivot = order[m]
            var (i, j) = (lo, hi)
            while i <= j {
                while less(order[i], pivot) { i += 1 }
                while less(pivot, order[j]) { j -= 1 }
                if i <= j { order.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// The `k` nearest items accepted by `filter`, nearest first (ties by item index), within
    /// `maxMetres` if given.
    public func nearest(to target: Coordinate, k: Int, maxMetres: Double = .infinity, filter: ((Int) -> Bool)? = nil) -> [Neighbour] {
        guard k > 0, !points.isEmpty else { return [] }
        var search = Search(target: target, limit: k, maxMetres: maxMetres, filter: filter)
        visit(0, points.count, &search)
        return search.result(points)
    }

    /// Every item accepted by `filter` within `metres`, nearest first (ties by item index).
    public func within(metres: Double, of target: Coordinate, filter: ((Int) -> Bool)? = nil) -> [Neighbour] {
        guard !points.isEmpty else { return [] }
        var search = Search(target: target, limit: .max, maxMetres: metres, filter: filter)
        visit(0, points.count, &search)
        return search.result(points)
    }

    /// An item whose geodesic distance is known only to lie in [lowerMetres, upperMetres], from the angle alone.
    public struct BoundedNeighbour: Sendable, Hashable {
        public var item: Int
        public var lowerMetres: Double
        public var upperMetres: Double
    }

    /// Every item that may lie within `metres` (its lower bound is within), with the bounds of its distance and
    /// no geodesic computed: for a caller that needs only which side of a few thresholds each item lies on
    /// (catchment weights by distance band), and computes `Geodesic.distance` only where a bound straddles one.
    public func bounded(within metres: Double, of target: Coordinate) -> [BoundedNeighbour] {
        guard !points.isEmpty else { return [] }
        var search = Search(target: target, limit: .max, maxMetres: metres, filter: nil)
        visit(0, points.count, &search)
        return search.candidates.compactMap { candidate in
            guard candidate.lower <= metres else { return nil }
            let angle = candidate.lower / GeodesicPointIndex.lowerBoundRadius
            return BoundedNeighbour(item: candidate.item, lowerMetres: candidate.lower, upperMetres: angle * GeodesicPointIndex.upperBoundRadius)
        }
    }

    /// a²/b of WGS84, slightly rounded up: the largest radius of curvature of the ellipsoid. Every
    /// geodesic is at most this times the angle between its ends (the ellipsoid image of the great
    /// circle is a path that long), so it bounds distances from above.
    static let upperBoundRadius = 6_400_000.0

    /// The search keeps, for every point met within the bound, an interval [lower, upper] of its
    /// geodesic distance from the angle alone, and the k smallest upper bounds: a point whose lower
    /// bound exceeds the k-th upper bound cannot be among the k nearest. PROJ's geodesic is computed
    /// only for the few points left at the end.
    private struct Search {
        let target: Coordinate
        let q: (Double, Double, Double)
        let limit: Int
        let maxMetres: Double
        let filter: ((Int) -> Bool)?
        /// Points met, with the lower bound of their distance.
        var candidates: [(item: Int, lower: Double)] = []
        /// The largest `limit` for which the k smallest upper bounds are kept (and the search bounded by them): above
        /// it (`within`, `bounded`: `.max`) the search is bounded by `maxMetres` alone. Well above the 100 the service
        /// allows for `nearest`, so that every allowed query is bounded; the binary-search insertion stays cheap.
        static let boundedLimit = 1_024
        /// The `limit` smallest upper bounds met so far, ascending (only kept when `limit` ≤ `boundedLimit`).
        var upperBounds: [Double] = []
        /// Squared chord beyond which a point's lower bound exceeds the current bound.
        var chordBound2: Double

        init(target: Coordinate, limit: Int, maxMetres: Double, filter: ((Int) -> Bool)?) {
            self.target = target
            self.q = GeodesicPointIndex.unitVector(target)
            self.limit = limit
            self.maxMetres = maxMetres
            self.filter = filter
            chordBound2 = Search.chord2(forMetres: maxMetres)
        }

        /// The squared chord of the angle `metres / M_min`: no point farther on the sphere can be within `metres`.
        static func chord2(forMetres metres: Double) -> Double {
            let angle = metres / GeodesicPointIndex.lowerBoundRadius
            guard angle < .pi else { return 4.0000001 }
            let chord = 2 * sin(angle / 2)
            return chord * chord * (1 + 1e-12) + 1e-18
        }

        /// The distance no k-nearest point can exceed: the k-th smallest upper bound, or the limit.
        var bound: Double { upperBounds.count == limit ? min(upperBounds[limit - 1], maxMetres) : maxMetres }

        mutating func offer(_ item: Int, chord2: Double) {
            let angle = 2 * asin(min(1, chord2.squareRoot() / 2))
            let lower = angle * GeodesicPointIndex.lowerBoundRadius
            candidates.append((item, lower))
            guard limit <= Search.boundedLimit else { return }
            let upper = angle * GeodesicPointIndex.upperBoundRadius
            guard upperBounds.count < limit || upper < upperBounds[limit - 1] else { return }
            if upperBounds.count == limit { upperBounds.removeLast() }
            var (low, high) = (0, upperBounds.count)   // the first bound above `upper`
            while low < high {
                let mid = (low + high) / 2
                if upperBounds[mid] > upper { high = mid } else { low = mid + 1 }
            }
            upperBounds.insert(upper, at: low)
            if upperBounds.count == limit { chordBound2 = Search.chord2(forMetres: bound) }
        }

        /// Exact distances for the points whose lower bound is within the final bound, nearest first.
        func result(_ points: [Coordinate]) -> [Neighbour] {
            let bound = self.bound
            var found: [Neighbour] = []
            for candidate in candidates where candidate.lower <= bound {
                let metres = Geodesic.distance(target, points[candidate.item])
                if metres <= maxMetres { found.append(Neighbour(item: candidate.item, metres: metres)) }
            }
            found.sort { ($0.metres, $0.item) < ($1.metres, $1.item) }
            return limit < found.count ? Array(found.prefix(limit)) : found
        }
    }

    private func visit(_ lo: Int, _ hi: Int, _ search: inout Search) {
        guard lo < hi else { return }
        let node = (lo + hi) / 2
        guard hi - lo > 1 else { evaluate(node, &search); return }
        let a = axis[node]
        let split = a == 0 ? x[node] : a == 1 ? y[node] : z[node]
        let delta = (a == 0 ? search.q.0 : a == 1 ? search.q.1 : search.q.2) - split
        // Nearer side first, so the bound is tight before the node and the far side are looked at;
        // the far side only if its splitting plane is within the bound.
        if delta < 0 { visit(lo, node, &search) } else { visit(node + 1, hi, &search) }
        evaluate(node, &search)
        guard delta * delta <= search.chordBound2 else { return }
        if delta < 0 { visit(node + 1, hi, &search) } else { visit(lo, node, &search) }
    }

    /// Offers the point at a tree node if its chord is within the bound.
    private func evaluate(_ node: Int, _ search: inout Search) {
        let dx = x[node] - search.q.0, dy = y[node] - search.q.1, dz = z[node] - search.q.2
        let chord2 = dx * dx + dy * dy + dz * dz
        guard chord2 <= search.chordBound2 else { return }
        let item = order[node]
        guard search.filter?(item) ?? true else { return }
        search.offer(item, chord2: chord2)
    }
}

import Foundation

extension GeodesicPointIndex {
    /// A longitude/latitude box holding every point within `metres` (geodesic) of `center`, so that a store reads a
    /// query's candidates by range before the exact distances; nil when no box narrower than the globe does (the
    /// radius reaches a pole or crosses the antimeridian).
    ///
    /// A point within `metres` lies within `metres / lowerBoundRadius` radians on the sphere of geodetic
    /// coordinates (the index's bound), and a spherical cap of radius θ around latitude φ spans θ in latitude and
    /// asin(sin θ / cos φ) in longitude.
    public static func envelope(around center: Coordinate, metres: Double) -> Envelope? {
        let angle = metres / lowerBoundRadius * (1 + 1e-9) + 1e-12   // rounded outwards
        let latitude = center.latitude * .pi / 180
        guard angle < .pi / 2, abs(latitude) + angle < .pi / 2 else { return nil }
        let dLatitude = angle * 180 / .pi
        let dLongitude = asin(min(1, sin(angle) / cos(latitude))) * 180 / .pi
        let box = Envelope(minX: center.longitude - dLongitude, minY: center.latitude - dLatitude,
                           maxX: center.longitude + dLongitude, maxY: center.latitude + dLatitude)
        return box.minX >= -180 && box.maxX <= 180 ? box : nil
    }
}
