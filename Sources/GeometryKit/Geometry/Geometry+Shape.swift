import CGEOS

extension Geometry {
    /// Builds a geometry from Swift coordinates (the reverse of `shape`).
    public convenience init(shape: GeometryShape) throws {
        self.init(owning: try Geometry.buildHandle(shape))
    }

    /// A point geometry.
    public convenience init(point: Coordinate) {
        self.init(owning: GEOSGeom_createPointFromXY_r(GEOSContext.current.handle, point.x, point.y)!)
    }

    /// A rectangle polygon covering `envelope`.
    public convenience init(envelope: Envelope) {
        self.init(owning: GEOSGeom_createRectangle_r(GEOSContext.current.handle, envelope.minX, envelope.minY, envelope.maxX, envelope.maxY)!)
    }

    /// Gathers copies of `geometries` into one collection (multipolygon when they are all polygons).
    public convenience init(collecting geometries: [Geometry]) {
        let context = GEOSContext.current.handle
        let allPolygons = geometries.allSatisfy { $0.typeID == Int32(GEOS_POLYGON.rawValue) }
        var members: [OpaquePointer?] = geometries.map { $0.cloneHandle() }
        let type = allPolygons ? GEOS_MULTIPOLYGON : GEOS_GEOMETRYCOLLECTION
        let handle = members.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(context, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))!
        }
        self.init(owning: handle)
    }

    /// The coordinates of this geometry as Swift values.
    public var shape: GeometryShape {
        Geometry.shape(of: handle, context: GEOSContext.current.handle)
    }

    // MARK: - GEOS → Swift

    private static func shape(of g: OpaquePointer, context: GEOSContextHandle_t) -> GeometryShape {
        func child(_ i: Int32) -> OpaquePointer { GEOSGetGeometryN_r(context, g, i)! }
        let count = GEOSGetNumGeometries_r(context, g)
        switch UInt32(GEOSGeomTypeId_r(context, g)) {
        case GEOS_POINT.rawValue:
            return .point(coordinates(of: g, context: context).first ?? Coordinate(x: .nan, y: .nan))
        case GEOS_LINESTRING.rawValue, GEOS_LINEARRING.rawValue:
            return .lineString(coordinates(of: g, context: context))
        case GEOS_POLYGON.rawValue:
            return .polygon(rings(of: g, context: context))
        case GEOS_MULTIPOINT.rawValue:
            return .multiPoint((0..<count).compactMap { coordinates(of: child($0), context: context).first })
        case GEOS_MULTILINESTRING.rawValue:
            return .multiLineString((0..<count).map { coordinates(of: child($0), context: context) })
        case GEOS_MULTIPOLYGON.rawValue:
            return .multiPolygon((0..<count).map { rings(of: child($0), context: context) })
        default:
            return .collection((0..<count).map { shape(of: child($0), context: context) })
        }
    }

    private static func rings(of polygon: OpaquePointer, context: GEOSContextHandle_t) -> [[Coordinate]] {
        guard GEOSisEmpty_r(context, polygon) == 0 else { return [] }
        var rings = [coordinates(of: GEOSGetExteriorRing_r(context, polygon)!, context: context)]
        for i in 0..<GEOSGetNumInteriorRings_r(context, polygon) {
            rings.append(coordinates(of: GEOSGetInteriorRingN_r(context, polygon, i)!, context: context))
        }
        return rings
    }

    private static func coordinates(of simple: OpaquePointer, context: GEOSContextHandle_t) -> [Coordinate] {
        guard GEOSisEmpty_r(context, simple) == 0, let sequence = GEOSGeom_getCoordSeq_r(context, simple) else { return [] }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(context, sequence, &size)
        // Coordinate is two Doubles laid out like GEOS's interleaved XY buffer.
        return [Coordinate](unsafeUninitializedCapacity: Int(size)) { buffer, initialized in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                _ = GEOSCoordSeq_copyToBuffer_r(context, sequence, doubles.baseAddress, 0, 0)
            }
            initialized = Int(size)
        }
    }

    // MARK: - Swift → GEOS

    private static func buildHandle(_ shape: GeometryShape) throws -> OpaquePointer {
        let context = GEOSContext.current.handle
        switch shape {
        case .point(let c):
            return GEOSGeom_createPointFromXY_r(context, c.x, c.y)!
        case .lineString(let coordinates):
            guard coordinates.count != 1 else { throw GeometryError.invalidInput(format: "LineString", reason: "a line needs at least 2 positions") }
            return try make("LineString") { GEOSGeom_createLineString_r($0, try sequence(coordinates, context: $0)) }
        case .polygon(let rings):
            return try polygonHandle(rings, context: context)
        case .multiPoint(let points):
            return try collectionHandle(GEOS_MULTIPOINT, points.map { .point($0) })
        case .multiLineString(let lines):
            return try collectionHandle(GEOS_MULTILINESTRING, lines.map { .lineString($0) })
        case .multiPolygon(let polygons):
            return try collectionHandle(GEOS_MULTIPOLYGON, polygons.map { .polygon($0) })
        case .collection(let members):
            return try collectionHandle(GEOS_GEOMETRYCOLLECTION, members)
        }
    }

    private static func make(_ what: String, _ body: (GEOSContextHandle_t) throws -> OpaquePointer?) throws -> OpaquePointer {
        let context = GEOSContext.current
        guard let handle = try body(context.handle) else {
            throw GeometryError.invalidInput(format: what, reason: context.takeError("GEOS refused the coordinates"))
        }
        return handle
    }

    private static func polygonHandle(_ rings: [[Coordinate]], context: GEOSContextHandle_t) throws -> OpaquePointer {
        guard let exteriorCoordinates = rings.first else { return GEOSGeom_createEmptyPolygon_r(context)! }
        for ring in rings where ring.count < 4 || ring.first != ring.last {
            throw GeometryError.invalidInput(format: "Polygon", reason: "a ring needs at least 4 positions and must be closed (\(ring.count) positions)")
        }
        let exterior = try make("LinearRing") { GEOSGeom_createLinearRing_r($0, try sequence(exteriorCoordinates, context: $0)) }
        var holes: [OpaquePointer?] = []
        for ring in rings.dropFirst() {
            holes.append(try make("LinearRing") { GEOSGeom_createLinearRing_r($0, try sequence(ring, context: $0)) })
        }
        return try holes.withUnsafeMutableBufferPointer { buffer in
            try make("Polygon") { GEOSGeom_createPolygon_r($0, exterior, buffer.baseAddress, UInt32(buffer.count)) }
        }
    }

    private static func collectionHandle(_ type: GEOSGeomTypes, _ members: [GeometryShape]) throws -> OpaquePointer {
        let context = GEOSContext.current.handle
        var handles: [OpaquePointer?] = []
        do {
            for member in members { handles.append(try buildHandle(member)) }
        } catch {
            for handle in handles { GEOSGeom_destroy_r(context, handle) }
            throw error
        }
        return handles.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(context, Int32(type.rawValue), $0.baseAddress, UInt32($0.count))!
        }
    }

    private static func sequence(_ coordinates: [Coordinate], context: GEOSContextHandle_t) throws -> OpaquePointer {
        guard coordinates.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw GeometryError.invalidInput(format: "coordinates", reason: "a coordinate is not a finite number")
        }
        return coordinates.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) {
                GEOSCoordSeq_copyFromBuffer_r(context, $0.baseAddress, UInt32(coordinates.count), 0, 0)!
            }
        }
    }
}
