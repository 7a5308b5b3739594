import CGEOS

extension Geometry {
    /// `ST_IsValid` — GEOSisValid.
    public var isValid: Bool { GEOSisValid_r(GEOSContext.current.handle, handle) == 1 }

    /// `ST_IsValidReason` — GEOSisValidReason ("Valid Geometry" when valid).
    public var validityReason: String {
        let context = GEOSContext.current.handle
        guard let raw = GEOSisValidReason_r(context, handle) else { return "unknown" }
        defer { GEOSFree_r(context, raw) }
        return String(cString: raw)
    }

    /// `ST_MakeValid` — GEOSMakeValid: repairs self-intersections (a bow-tie becomes two triangles)
    /// without losing any vertex.
    public func makeValid() throws -> Geometry {
        try Geometry.make("make valid") { GEOSMakeValid_r($0, handle) }
    }

    /// `ST_MakeValid(g, 'method=structure keepcollapsed=false')` — GEOSMakeValidWithParams, structured method: shells
    /// unioned, holes subtracted from them, parts collapsed to lines or points dropped (a polygonal input stays polygonal).
    public func makeValidKeepingStructure() throws -> Geometry {
        let context = GEOSContext.current.handle
        guard let params = GEOSMakeValidParams_create_r(context) else {
            throw GeometryError.geos(operation: "make valid", message: GEOSContext.current.takeError("no parameters"))
        }
        defer { GEOSMakeValidParams_destroy_r(context, params) }
        GEOSMakeValidParams_setMethod_r(context, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(context, params, 0)
        return try Geometry.make("make valid") { GEOSMakeValidWithParams_r($0, handle, params) }
    }

    /// `ST_ReducePrecision` — GEOSGeom_setPrecision: snaps every vertex to a grid of `gridSize`
    /// and keeps polygons valid (snap-rounding), e.g. 1e-6° before writing 6-decimal GeoJSON.
    public func reducingPrecision(gridSize: Double) throws -> Geometry {
        try Geometry.make("set precision") { GEOSGeom_setPrecision_r($0, handle, gridSize, 0) }
    }

    /// `ST_SimplifyPreserveTopology` — GEOSTopologyPreserveSimplify (Douglas-Peucker that never
    /// creates an invalid polygon); `tolerance` in the units of the coordinates.
    public func simplifyPreservingTopology(tolerance: Double) throws -> Geometry {
        try Geometry.make("simplify") { GEOSTopologyPreserveSimplify_r($0, handle, tolerance) }
    }

    /// `ST_Normalize` — GEOSNormalize on a copy: a canonical vertex and part order, to compare geometries.
    public func normalized() throws -> Geometry {
        let copy = cloneHandle()
        guard GEOSNormalize_r(GEOSContext.current.handle, copy) == 0 else {
            GEOSGeom_destroy_r(GEOSContext.current.handle, copy)
            throw GeometryError.geos(operation: "normalize", message: GEOSContext.current.takeError("failed"))
        }
        return Geometry(owning: copy)
    }
}
