import CGEOS

extension Geometry {
    /// Reads ISO/OGC well-known binary (`ST_GeomFromWKB`) — GEOSWKBReader.
    public convenience init(wkb: [UInt8]) throws {
        let context = GEOSContext.current
        let reader = GEOSWKBReader_create_r(context.handle)!
        defer { GEOSWKBReader_destroy_r(context.handle, reader) }
        guard let handle = wkb.withUnsafeBufferPointer({ GEOSWKBReader_read_r(context.handle, reader, $0.baseAddress, $0.count) }) else {
            throw GeometryError.invalidInput(format: "WKB", reason: context.takeError("unreadable (\(wkb.count) bytes)"))
        }
        self.init(owning: handle)
    }

    /// Little-endian 2D WKB (`ST_AsBinary`) — GEOSWKBWriter.
    public var wkb: [UInt8] {
        let context = GEOSContext.current.handle
        let writer = GEOSWKBWriter_create_r(context)!
        defer { GEOSWKBWriter_destroy_r(context, writer) }
        GEOSWKBWriter_setByteOrder_r(context, writer, Int32(GEOS_WKB_NDR.rawValue))
        // Explicit: GEOS 3.12 changed the writer's default output dimension from 2 to 4 (libgeos/geos#908).
        GEOSWKBWriter_setOutputDimension_r(context, writer, 2)
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(context, writer, handle, &size) else { return [] }
        defer { GEOSFree_r(context, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// Reads well-known text (`ST_GeomFromText`) — GEOSWKTReader.
    public convenience init(wkt: String) throws {
        let context = GEOSContext.current
        let reader = GEOSWKTReader_create_r(context.handle)!
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        guard let handle = GEOSWKTReader_read_r(context.handle, reader, wkt) else {
            throw GeometryError.invalidInput(format: "WKT", reason: context.takeError("unreadable: \(wkt.prefix(60))"))
        }
        self.init(owning: handle)
    }

    /// Well-known text (`ST_AsText`) with at most `decimals` digits after the point — GEOSWKTWriter.
    public func wkt(decimals: Int = 6) throws -> String {
        let context = GEOSContext.current.handle
        let writer = GEOSWKTWriter_create_r(context)!
        defer { GEOSWKTWriter_destroy_r(context, writer) }
        GEOSWKTWriter_setRoundingPrecision_r(context, writer, Int32(decimals))
        GEOSWKTWriter_setTrim_r(context, writer, 1)
        guard let raw = GEOSWKTWriter_write_r(context, writer, handle) else {
            throw GeometryError.geos(operation: "WKT write", message: GEOSContext.current.takeError("failed"))
        }
        defer { GEOSFree_r(context, raw) }
        return String(cString: raw)
    }
}
