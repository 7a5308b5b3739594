import CGEOS

/// An immutable geometry owned by GEOS.
///
/// `Geometry` keeps the GEOS handle private: the rest of Maillage sees Swift values
/// (`Coordinate`, `GeometryShape`, `Envelope`) and the operations PostGIS users know
/// (`union`, `intersects`, `pointOnSurface`, `makeValid`…). Instances are never mutated after
/// creation, so they are safe to share between threads; each thread talks to GEOS through its own
/// context (see `GEOSContext`).
///
/// ```swift
/// let square = try Geometry(shape: .polygon([[.init(x: 0, y: 0), .init(x: 1, y: 0),
///                                             .init(x: 1, y: 1), .init(x: 0, y: 1), .init(x: 0, y: 0)]]))
/// square.area   // 1.0 (planar, in the units of the coordinates)
/// ```
public final class Geometry: @unchecked Sendable {
    /// The owned `GEOSGeometry*`.
    let handle: OpaquePointer

    /// Takes ownership of a GEOS geometry.
    init(owning handle: OpaquePointer) {
        self.handle = handle
        // GEOS caches a geometry's envelope on first use; computing it now means later concurrent
        // readers never race to fill that cache.
        var ignored = 0.0
        _ = GEOSGeom_getXMin_r(GEOSContext.current.handle, handle, &ignored)
    }

    deinit { GEOSGeom_destroy_r(GEOSContext.current.handle, handle) }

    /// Wraps the result of a GEOS call that returns a new geometry, or throws GEOS's message.
    static func make(_ operation: String, _ body: (GEOSContextHandle_t) -> OpaquePointer?) throws -> Geometry {
        let context = GEOSContext.current
        guard let result = body(context.handle) else {
            throw GeometryError.geos(operation: operation, message: context.takeError("no result"))
        }
        return Geometry(owning: result)
    }

    /// Runs `body` with the GEOS handles of `geometries`, for GEOS calls that read an array of geometries
    /// (`GEOSPolygonize`). The handles are valid only while their owners live, and Swift may release an
    /// array right after its last use — before the C call that reads the handles taken from it, which then
    /// reads freed geometries (a crash seen in release builds only). So the owners are kept alive across
    /// `body`; no other path hands out a buffer of handles.
    static func withHandles<R>(of geometries: [Geometry], _ body: (UnsafeBufferPointer<OpaquePointer?>) throws -> R) rethrows -> R {
        try withExtendedLifetime(geometries) {
            let handles: [OpaquePointer?] = geometries.map(\.handle)
            return try handles.withUnsafeBufferPointer(body)
        }
    }

    /// A deep copy of the GEOS geometry, for GEOS calls that take ownership of their inputs.
    func cloneHandle() -> OpaquePointer {
        GEOSGeom_clone_r(GEOSContext.current.handle, handle)!
    }

    // MARK: - Properties

    /// The OGC type name (`Point`, `Polygon`, `MultiPolygon`…).
    public var typeName: String {
        let raw = GEOSGeomType_r(GEOSContext.current.handle, handle)!
        defer { GEOSFree_r(GEOSContext.current.handle, raw) }
        return String(cString: raw)
    }

    var typeID: Int32 { GEOSGeomTypeId_r(GEOSContext.current.handle, handle) }

    public var isEmpty: Bool { GEOSisEmpty_r(GEOSContext.current.handle, handle) == 1 }

    /// Number of parts of a multi-geometry or collection; 1 for a simple geometry.
    public var numGeometries: Int { Int(GEOSGetNumGeometries_r(GEOSContext.current.handle, handle)) }

    /// The parts of a multi-geometry or collection (a copy of each), or `[self]` for a simple one.
    public var parts: [Geometry] {
        let context = GEOSContext.current.handle
        guard isCollectionType else { return [self] }
        return (0..<numGeometries).map { i in
            Geometry(owning: GEOSGeom_clone_r(context, GEOSGetGeometryN_r(context, handle, Int32(i)))!)
        }
    }

    var isCollectionType: Bool {
        [Int32(GEOS_MULTIPOINT.rawValue), Int32(GEOS_MULTILINESTRING.rawValue),
         Int32(GEOS_MULTIPOLYGON.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue)].contains(typeID)
    }

    /// The bounding box (`ST_Envelope`); nil for an empty geometry.
    public var envelope: Envelope? {
        guard !isEmpty else { return nil }
        let context = GEOSContext.current.handle
        var box = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        GEOSGeom_getXMin_r(context, handle, &box.minX)
        GEOSGeom_getYMin_r(context, handle, &box.minY)
        GEOSGeom_getXMax_r(context, handle, &box.maxX)
        GEOSGeom_getYMax_r(context, handle, &box.maxY)
        return box
    }

    /// Planar area in the units of the coordinates (`GEOSArea`); use `Geodesic.area` for km².
    public var area: Double {
        var value = 0.0
        GEOSArea_r(GEOSContext.current.handle, handle, &value)
        return value
    }

    /// Planar length or perimeter in the units of the coordinates (`GEOSLength`).
    public var length: Double {
        var value = 0.0
        GEOSLength_r(GEOSContext.current.handle, handle, &value)
        return value
    }
}

extension Geometry: CustomStringConvertible {
    public var description: String { (try? wkt(decimals: 6)) ?? typeName }
}
