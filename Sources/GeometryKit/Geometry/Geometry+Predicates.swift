import CGEOS

extension Geometry {
    /// `ST_Intersects` — GEOSIntersects.
    public func intersects(_ other: Geometry) -> Bool { GEOSIntersects_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Contains` — GEOSContains (a point on the boundary is *not* contained).
    public func contains(_ other: Geometry) -> Bool { GEOSContains_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Covers` — GEOSCovers (a point on the boundary *is* covered).
    public func covers(_ other: Geometry) -> Bool { GEOSCovers_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Touches` — GEOSTouches: boundaries meet, interiors do not.
    public func touches(_ other: Geometry) -> Bool { GEOSTouches_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// `ST_Equals` — GEOSEquals (topological equality).
    public func topologicallyEquals(_ other: Geometry) -> Bool { GEOSEquals_r(GEOSContext.current.handle, handle, other.handle) == 1 }

    /// `ST_PointOnSurface` — GEOSPointOnSurface: a point guaranteed inside a polygon (unlike the
    /// centroid of a crescent-shaped commune), used as the commune's representative point.
    public func pointOnSurface() throws -> Coordinate {
        let point = try Geometry.make("point on surface") { GEOSPointOnSurface_r($0, handle) }
        guard case .point(let c) = point.shape else {
            throw GeometryError.geos(operation: "point on surface", message: "empty geometry")
        }
        return c
    }

    /// `ST_Centroid` — GEOSGetCentroid.
    public func centroid() throws -> Coordinate {
        let point = try Geometry.make("centroid") { GEOSGetCentroid_r($0, handle) }
        guard case .point(let c) = point.shape else {
            throw GeometryError.geos(operation: "centroid", message: "empty geometry")
        }
        return c
    }

    /// A prepared copy for repeated `contains`/`intersects` tests against this geometry (GEOSPrepare).
    public func prepared() -> PreparedGeometry { PreparedGeometry(self) }
}

/// A geometry prepared for many predicate tests (GEOSPrepare: indexed segments), e.g. testing
/// thousands of practitioners against one CPTS perimeter. Thread-safe once created.
public final class PreparedGeometry: @unchecked Sendable {
    public let geometry: Geometry
    private let handle: OpaquePointer

    init(_ geometry: Geometry) {
        self.geometry = geometry
        self.handle = GEOSPrepare_r(GEOSContext.current.handle, geometry.handle)!
        // Build the lazy indexes now so concurrent readers never build them at the same time.
        let probe = Geometry(point: Coordinate(x: 0, y: 0))
        _ = GEOSPreparedContains_r(GEOSContext.current.handle, handle, probe.handle)
        _ = GEOSPreparedIntersects_r(GEOSContext.current.handle, handle, probe.handle)
    }

    deinit { GEOSPreparedGeom_destroy_r(GEOSContext.current.handle, handle) }

    /// GEOSPreparedContains.
    public func contains(_ other: Geometry) -> Bool { GEOSPreparedContains_r(GEOSContext.current.handle, handle, other.handle) == 1 }
    /// GEOSPreparedContainsXY-like test for one position (boundary excluded).
    public func contains(_ point: Coordinate) -> Bool { contains(Geometry(point: point)) }
    /// GEOSPreparedCovers: inside or on the boundary.
    public func covers(_ point: Coordinate) -> Bool {
        GEOSPreparedCovers_r(GEOSContext.current.handle, handle, Geometry(point: point).handle) == 1
    }
    /// GEOSPreparedIntersects.
    public func intersects(_ other: Geometry) -> Bool { GEOSPreparedIntersects_r(GEOSContext.current.handle, handle, other.handle) == 1 }
}
