/// One GeoJSON feature: an optional id, its properties and its geometry (nil for `"geometry": null`).
public struct GeoJSONFeature: Sendable {
    public var id: JSONValue?
    public var properties: [String: JSONValue]
    public var geometry: GeometryShape?

    public init(id: JSONValue? = nil, properties: [String: JSONValue], geometry: GeometryShape?) {
        self.id = id; self.properties = properties; self.geometry = geometry
    }
}

/// Reading GeoJSON (RFC 7946) documents into `GeometryShape`s.
///
/// ```swift
/// let features = try GeoJSON.features(in: JSONParser.parse(bytes))
/// let geometry = try Geometry(shape: features[0].geometry!)
/// ```
public enum GeoJSON {
    /// The features of a FeatureCollection, a single Feature, or a bare geometry (as one feature).
    public static func features(in document: JSONValue) throws -> [GeoJSONFeature] {
        guard case .string(let type)? = document["type"] else { throw invalid("no \"type\" member") }
        switch type {
        case "FeatureCollection":
            guard let members = document["features"]?.arrayValue else { throw invalid("FeatureCollection without a \"features\" array") }
            return try members.enumerated().map { index, member in
                do { return try feature(member) } catch let error as GeometryError {
                    throw invalid("feature \(index): \(error)")
                }
            }
        case "Feature":
            return [try feature(document)]
        default:
            return [GeoJSONFeature(properties: [:], geometry: try geometry(document))]
        }
    }

    static func feature(_ value: JSONValue) throws -> GeoJSONFeature {
        guard case .string("Feature")? = value["type"] else { throw invalid("a member of \"features\" is not a Feature") }
        var properties: [String: JSONValue] = [:]
        if case .object(let members)? = value["properties"] { properties = members }
        let geometryValue = value["geometry"]
        let shape: GeometryShape? = (geometryValue == nil || geometryValue == .null) ? nil : try geometry(geometryValue!)
        return GeoJSONFeature(id: value["id"], properties: properties, geometry: shape)
    }

    /// A GeoJSON geometry object as a shape.
    public static func geometry(_ value: JSONValue) throws -> GeometryShape {
        guard case .string(let type)? = value["type"] else { throw invalid("geometry without \"type\"") }
        if type == "GeometryCollection" {
            guard let members = value["geometries"]?.arrayValue else { throw invalid("GeometryCollection without \"geometries\"") }
            return .collection(try members.map(geometry))
        }
        guard let coordinates = value["coordinates"] else { throw invalid("\(type) without \"coordinates\"") }
        switch type {
        case "Point": return .point(try position(coordinates))
        case "MultiPoint": return .multiPoint(try positions(coordinates))
        case "LineString": return .lineString(try positions(coordinates))
        case "MultiLineString": return .multiLineString(try list(coordinates).map(positions))
        case "Polygon": return .polygon(try list(coordinates).map(positions))
        case "MultiPolygon": return .multiPolygon(try list(coordinates).map { try list($0).map(positions) })
        default: throw invalid("unknown geometry type \"\(type)\"")
        }
    }

    private static func list(_ value: JSONValue) throws -> [JSONValue] {
        guard let values = value.arrayValue else { throw invalid("coordinates are not an array") }
        return values
    }

    private static func positions(_ value: JSONValue) throws -> [Coordinate] {
        try list(value).map(position)
    }

    private static func position(_ value: JSONValue) throws -> Coordinate {
        guard case .numbers(let n) = value, n.count >= 2 else { throw invalid("a position needs two numbers") }
        return Coordinate(x: n[0], y: n[1])
    }

    private static func invalid(_ reason: String) -> GeometryError { .invalidInput(format: "GeoJSON", reason: reason) }
}
