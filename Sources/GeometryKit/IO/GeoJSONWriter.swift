/// Writes RFC 7946 GeoJSON: exterior rings counter-clockwise and holes clockwise, at most 6 decimals
/// (about 11 cm), no `crs` member. Geometries are snapped to the 1e-6° grid with GEOS
/// (`reducingPrecision`) before writing, so rounding never makes a valid polygon invalid.
///
/// ```swift
/// var writer = GeoJSONWriter()
/// try writer.addFeature(id: .string("59350"), properties: [("nom", .string("Lille"))], geometry: lille)
/// let text = writer.finish()   // {"type":"FeatureCollection","features":[…]}
/// ```
public struct GeoJSONWriter {
    public static let decimals = 6
    private var text = "{\"type\":\"FeatureCollection\",\"features\":["
    private var count = 0

    public init() {}

    /// Number of features written so far.
    public var featureCount: Int { count }

    /// Appends one feature; when snapping the geometry fails, throws and leaves the document unchanged.
    public mutating func addFeature(id: JSONValue? = nil, properties: [(String, JSONValue)], geometry: Geometry?,
                                    polygonsAsMulti: Bool = false) throws {
        // Built apart first: a throw after writing part of the feature would leave broken JSON behind.
        let feature = try GeoJSONWriter.featureText(id: id, properties: properties, geometry: geometry, polygonsAsMulti: polygonsAsMulti)
        if count > 0 { text += "," }
        count += 1
        text += feature
    }

    /// One Feature object, e.g. for an API that pages through features or serves one alone. With
    /// `polygonsAsMulti`, a Polygon is written as a MultiPolygon of one part, so that every feature of a
    /// polygon layer has the same type (QGIS types an OGC API layer from its first features).
    public static func featureText(id: JSONValue? = nil, properties: [(String, JSONValue)], geometry: Geometry?,
                                   polygonsAsMulti: Bool = false) throws -> String {
        var shape = try geometry.map { try $0.reducingPrecision(gridSize: 1e-6).shape }
        if polygonsAsMulti, case .polygon(let rings)? = shape { shape = .multiPolygon([rings]) }
        var text = "{\"type\":\"Feature\""
        if let id { text += ",\"id\":"; JSONWriter.write(id, to: &text) }
        text += ",\"properties\":"
        JSONWriter.writeObject(properties, to: &text)
        text += ",\"geometry\":"
        if let shape {
            text += bytesText(shape)
        } else {
            text += "null"
        }
        return text + "}"
    }

    /// The FeatureCollection document.
    public func finish() -> String { text + "]}" }

    /// A geometry object (RFC 7946 orientation, 6 decimals), e.g. for an API response.
    public static func geometryText(_ geometry: Geometry) throws -> String {
        bytesText(try geometry.reducingPrecision(gridSize: 1e-6).shape)
    }

    /// The geometry object written as UTF-8 bytes, then made a String once.
    private static func bytesText(_ shape: GeometryShape) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + 24 * shape.positionCount)
        write(shape, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ shape: GeometryShape, to out: inout [UInt8]) {
        out.append(contentsOf: "{\"type\":\"\(shape.geoJSONType)\",".utf8)
        if case .collection(let members) = shape {
            out.append(contentsOf: "\"geometries\":[".utf8)
            for (i, member) in members.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; write(member, to: &out) }
            out.append(contentsOf: "]}".utf8)
            return
        }
        out.append(contentsOf: "\"coordinates\":".utf8)
        switch shape {
        case .point(let c): writePosition(c, to: &out)
        case .multiPoint(let cs), .lineString(let cs): writePositions(cs, to: &out)
        case .multiLineString(let lines): writeList(lines, to: &out) { writePositions($0, to: &$1) }
        case .polygon(let rings): writePolygon(rings, to: &out)
        case .multiPolygon(let polygons): writeList(polygons, to: &out) { writePolygon($0, to: &$1) }
        case .collection: break
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeList<T>(_ items: [T], to out: inout [UInt8], _ each: (T, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: "["))
        for (i, item) in items.enumerated() { if i > 0 { out.append(UInt8(ascii: ",")) }; each(item, &out) }
        out.append(UInt8(ascii: "]"))
    }

    /// RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise.
    private static func writePolygon(_ rings: [[Coordinate]], to out: inout [UInt8]) {
        let oriented = rings.enumerated().map { index, ring in
            RingOrientation.isCounterClockwise(ring) == (index == 0) ? ring : ring.reversed()
        }
        writeList(oriented, to: &out) { writePositions($0, to: &$1) }
    }

    private static func writePositions(_ cs: [Coordinate], to out: inout [UInt8]) {
        writeList(cs, to: &out) { writePosition($0, to: &$1) }
    }

    private static func writePosition(_ c: Coordinate, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        JSONWriter.append(c.x, decimals: decimals, to: &out)
        out.append(UInt8(ascii: ","))
        JSONWriter.append(c.y, decimals: decimals, to: &out)
        out.append(UInt8(ascii: "]"))
    }
}
