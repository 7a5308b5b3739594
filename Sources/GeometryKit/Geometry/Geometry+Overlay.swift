import CGEOS

extension Geometry {
    /// `ST_Union(a, b)` — GEOSUnion.
    public func union(_ other: Geometry) throws -> Geometry {
        try Geometry.make("union") { GEOSUnion_r($0, handle, other.handle) }
    }

    /// `ST_Intersection` — GEOSIntersection.
    public func intersection(_ other: Geometry) throws -> Geometry {
        try Geometry.make("intersection") { GEOSIntersection_r($0, handle, other.handle) }
    }

    /// `ST_Difference` — GEOSDifference.
    public func difference(_ other: Geometry) throws -> Geometry {
        try Geometry.make("difference") { GEOSDifference_r($0, handle, other.handle) }
    }

    /// `ST_ClipByBox2D` — GEOSClipByRect: the part inside the box, fast (polygons may come out touching the box's
    /// sides along lines, as tiles want them).
    public func clipped(to box: Envelope) throws -> Geometry {
        try Geometry.make("clip by rectangle") { GEOSClipByRect_r($0, handle, box.minX, box.minY, box.maxX, box.maxY) }
    }

    /// `ST_UnaryUnion`: dissolves this geometry's own parts — GEOSUnaryUnion (cascaded union).
    public func unaryUnion() throws -> Geometry {
        try Geometry.make("unary union") { GEOSUnaryUnion_r($0, handle) }
    }

    /// `ST_Union` aggregate: dissolves many polygons into one geometry (GEOSUnaryUnion over their
    /// collection, GEOS's cascaded union). An empty input gives an empty polygon.
    public static func union(of geometries: [Geometry]) throws -> Geometry {
        guard geometries.count > 1 else {
            return try geometries.first.map { try $0.unaryUnion() } ?? Geometry(shape: .polygon([]))
        }
        return try Geometry(collecting: geometries).unaryUnion()
    }

    /// `ST_CoverageUnion`: dissolves polygons that form a coverage (they may share edges but do not
    /// overlap) — GEOSCoverageUnion, several times faster than a general union because it only removes
    /// the shared edges. Its result is undefined on overlapping input, so it is checked: the union of
    /// non-overlapping polygons has exactly the sum of their areas, and must be valid. Otherwise the
    /// general union is used, so the result is always right.
    public static func coverageUnion(of geometries: [Geometry]) throws -> Geometry {
        try dissolveCoverage(geometries).geometry
    }

    /// `coverageUnion(of:)`, telling also how the union was made — and so whether the parts were found not to
    /// overlap, in which case any area measured on the parts (a geodesic one, say) adds up to the union's.
    public static func dissolveCoverage(_ geometries: [Geometry]) throws -> DissolvedCoverage {
        guard geometries.count > 1 else { return DissolvedCoverage(geometry: try union(of: geometries), method: .single) }
        let collection = Geometry(collecting: geometries)
        if let dissolved = try? Geometry.make("coverage union", { GEOSCoverageUnion_r($0, collection.handle) }) {
            if dissolved.isExactUnion(ofPartsArea: geometries.reduce(0) { $0 + $1.area }) {
                return DissolvedCoverage(geometry: dissolved, method: .coverageUnion)
            }
        }
        return DissolvedCoverage(geometry: try collection.unaryUnion(), method: .generalUnion)
    }

    /// Whether this union of parts whose planar areas add up to `partsArea` is valid and has exactly that
    /// area (to rounding): true of the union of parts that do not overlap, false as soon as a border was
    /// missed or doubled.
    func isExactUnion(ofPartsArea partsArea: Double) -> Bool {
        abs(area - partsArea) <= 1e-9 * max(partsArea, 1e-12) && isValid
    }
}

/// How a dissolve was computed, fastest first. Every method but `.generalUnion` was checked to give a valid
/// union with exactly the planar area of its parts.
public enum DissolveMethod: String, Sendable, CaseIterable {
    /// One part (or none): nothing to dissolve.
    case single
    /// `PolygonCoverage`: the boundary edges of the group linked end to start into rings.
    case edgeRings
    /// `PolygonCoverage`: the boundary touches itself at a node, so GEOS's polygonizer assembled the edges.
    case edgePolygonizer
    /// `GEOSCoverageUnion` (the parts do not share their border vertices, or the edge graph failed the check).
    case coverageUnion
    /// `GEOSUnaryUnion`, the general union: the parts overlap (or GEOS's coverage union failed the check).
    case generalUnion
}

/// What `Geometry.dissolveCoverage` and `PolygonCoverage.union(of:)` return: the union, and how it was made.
public struct DissolvedCoverage: Sendable {
    public let geometry: Geometry
    public let method: DissolveMethod

    /// True when the union was checked to have exactly the planar area of its parts: they do not overlap, so
    /// any area measured on the parts adds up to the union's.
    public var partsDoNotOverlap: Bool { method != .generalUnion }
}
