import CGEOS
import Foundation

extension Geometry {
    /// `ST_Intersects` — GEOSIntersects.
    public func intersects(_ other: Geometry) -> Bool { GEOSIntersects_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Contains` — GEOSContains (a point on the boundary is *not* contained).
    public func contains(_ other: Geometry) -> Bool { GEOSContains_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Covers` — GEOSCovers (a point on the boundary *is* covered).
    public func covers(_ other: Geometry) -> Bool { GEOSCovers_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Touches` — GEOSTouches: boundaries meet, interiors do not.
    public func touches(_ other: Geometry) -> Bool { GEOSTouches_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Relate(a, b, pattern)` — GEOSRelatePattern: whether the DE-9IM matrix matches `pattern`
    /// (e.g. "FF*F*****": the two lines meet at most at their end points).
    public func relates(_ other: Geometry, pattern: String) -> Bool {
        GEOSRelatePattern_r(GEOSContext.current.handle, handle, other.handle, pattern) == 1
    }
    /// `ST_Equals` — GEOSEquals (topological equality).
    public func topologicallyEquals(_ other: Geometry) -> Bool { GEOSEquals_r(GEOSContext.current.handle, handle, other.handle) == 1 }

    /// `ST_PointOnSurface` — GEOSPointOnSurface: a point guaranteed inside a polygon (unlike the
    /// centroid of a crescent-shaped commune), used as the commune's representative point.
    public func pointOnSurface() throws -> Coordinate {
        let point = try Geometry.make("point on surface") { GEOSPointOnSurface_r($0, handle) }
        // An empty input gives an empty point, whose `shape` is .point(nan, nan): test emptiness.
        guard !point.isEmpty, case .point(let c) = point.shape else {
            throw GeometryError.geos(operation: "point on surface", message: "empty geometry")
        }
        return c
    }

    /// `ST_Centroid` — GEOSGetCentroid.
    public func centroid() throws -> Coordinate {
        let point = try Geometry.make("centroid") { GEOSGetCentroid_r($0, handle) }
        // An empty input gives an empty point, whose `shape` is .point(nan, nan): test emptiness.
        guard !point.isEmpty, case .point(let c) = point.shape else {
            throw GeometryError.geos(operation: "centroid", message: "empty geometry")
        }
        return c
    }

    /// A prepared copy for repeated `contains`/`intersects` tests against this geometry (GEOSPrepare).
    public func prepared() -> PreparedGeometry { PreparedGeometry(self) }
}

/// A geometry prepared for many predicate tests (GEOSPrepare: indexed segments), e.g. testing
/// thousands of practitioners against one CPTS perimeter.
///
/// Safe to share between threads, but calls on one instance are serialised: GEOS prepared geometries
/// are not thread-safe (their indexes are built lazily without a lock, and the segment-intersection
/// index keeps per-call state — libgeos/geos#825). To test on all cores against one perimeter,
/// prepare one copy per worker.
public final class PreparedGeometry: @unchecked Sendable {
    public let geometry: Geometry
    private let handle: OpaquePointer
    private let lock = NSLock()

    init(_ geometry: Geometry) {
        self.geometry = geometry
        self.handle = GEOSPrepare_r(GEOSContext.current.handle, geometry.handle)!
    }

    deinit { GEOSPreparedGeom_destroy_r(GEOSContext.current.handle, handle) }

    /// Runs one GEOS prepared predicate under the lock. `other` is a parameter, so it stays alive
    /// while GEOS reads it.
    private func evaluate(_ other: Geometry,
                          _ predicate: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) -> Bool {
        let context = GEOSContext.current.handle
        lock.lock()
        defer { lock.unlock() }
        return predicate(context, handle, other.handle) == 1
    }

    /// GEOSPreparedContains.
    public func contains(_ other: Geometry) -> Bool { evaluate(other) { GEOSPreparedContains_r($0, $1, $2) } }
    /// GEOSPreparedContains for one position (boundary excluded).
    public func contains(_ point: Coordinate) -> Bool { contains(Geometry(point: point)) }
    /// GEOSPreparedCovers: inside or on the boundary.
    public func covers(_ point: Coordinate) -> Bool { evaluate(Geometry(point: point)) { GEOSPreparedCovers_r($0, $1, $2) } }
    /// GEOSPreparedIntersects.
    public func intersects(_ other: Geometry) -> Bool { evaluate(other) { GEOSPreparedIntersects_r($0, $1, $2) } }
}
