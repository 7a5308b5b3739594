/// The coordinates of a geometry as plain Swift values, for building geometries, writing GeoJSON and
/// computing geodesic measures. Rings are closed (first coordinate repeated last).
public indirect enum GeometryShape: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString([Coordinate])
    case multiLineString([[Coordinate]])
    /// Exterior ring first, then holes.
    case polygon([[Coordinate]])
    case multiPolygon([[[Coordinate]]])
    case collection([GeometryShape])

    /// The polygons of this shape (a polygon, the parts of a multipolygon, those of a collection).
    public var polygons: [[[Coordinate]]] {
        switch self {
        case .polygon(let rings): return [rings]
        case .multiPolygon(let polygons): return polygons
        case .collection(let members): return members.flatMap(\.polygons)
        default: return []
        }
    }

    /// Number of positions (ring closures included), to size what writes them.
    public var positionCount: Int {
        switch self {
        case .point: return 1
        case .multiPoint(let cs), .lineString(let cs): return cs.count
        case .multiLineString(let lines), .polygon(let lines): return lines.reduce(0) { $0 + $1.count }
        case .multiPolygon(let polygons): return polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        case .collection(let members): return members.reduce(0) { $0 + $1.positionCount }
        }
    }

    /// The GeoJSON `type` name of this shape.
    public var geoJSONType: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .collection: return "GeometryCollection"
        }
    }
}
