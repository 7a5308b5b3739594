import CPROJ

/// Geodesic measures on the WGS84 ellipsoid, through PROJ's geodesic library (Karney's algorithms,
/// `geodesic.h`): what PostGIS computes for `ST_Distance(geography)` and `ST_Area(geography)`.
///
/// ```swift
/// Geodesic.distanceKm(Coordinate(longitude: 2.3522, latitude: 48.8566),
///                     Coordinate(longitude: 3.0573, latitude: 50.6292))   // 203.598085…
/// ```
public enum Geodesic {
    /// The WGS84 ellipsoid, initialised once and only read afterwards (geod_inverse takes it const).
    nonisolated(unsafe) private static let wgs84: UnsafeMutablePointer<geod_geodesic> = {
        let g = UnsafeMutablePointer<geod_geodesic>.allocate(capacity: 1)
        geod_init(g, 6_378_137, 1 / 298.257223563)
        return g
    }()

    /// Distance in metres along the ellipsoid (geod_geninverse asked for the distance only: no azimuths,
    /// no reduced length, which saves part of the work).
    public static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        var metres = 0.0
        _ = geod_geninverse(wgs84, a.latitude, a.longitude, b.latitude, b.longitude, &metres, nil, nil, nil, nil, nil, nil)
        return metres
    }

    /// Distance in kilometres along the ellipsoid.
    public static func distanceKm(_ a: Coordinate, _ b: Coordinate) -> Double { distance(a, b) / 1000 }

    /// Area in m² of the polygons of a WGS84 shape (geod_polygonarea per ring: exteriors minus holes).
    public static func area(of shape: GeometryShape) -> Double {
        shape.polygons.reduce(0) { total, rings in
            rings.enumerated().reduce(total) { sum, ring in
                let ringArea = abs(area(ofRing: ring.element))
                return ring.offset == 0 ? sum + ringArea : sum - ringArea
            }
        }
    }

    /// Area in km² of a WGS84 geometry's polygons.
    public static func areaKm2(of geometry: Geometry) -> Double { area(of: geometry.shape) / 1_000_000 }

    /// Signed area in m² of one ring (positive counter-clockwise).
    static func area(ofRing ring: [Coordinate]) -> Double {
        // geod_polygonarea closes the ring itself: pass it without the repeated last vertex, if any
        // (a shape read from GeoJSON may come with its rings left open).
        let vertices = ring.count > 1 && ring.first == ring.last ? ring.dropLast() : ring[...]
        guard vertices.count >= 3 else { return 0 }
        var latitudes = vertices.map(\.latitude)
        var longitudes = vertices.map(\.longitude)
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(wgs84, &latitudes, &longitudes, Int32(latitudes.count), &area, &perimeter)
        return area
    }
}
