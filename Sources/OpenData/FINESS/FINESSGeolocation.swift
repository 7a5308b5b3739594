import GeometryKit

/// One `geolocalisation;nofinesset;coordxet;coordyet;sourcecoordet;datemaj` row of a FINESS extract.
struct FINESSGeolocation {
    var line: Int
    var x: String
    var y: String
    var source: String

    /// What the row gives once transformed: a WGS84 point with its source CRS, nothing (empty
    /// coordinates), or the reason the coordinates cannot be used.
    enum Reading {
        case position(Coordinate, crs: String)
        case empty
        case unusable(String)
    }

    /// Reads the row: coordinates in the CRS named by the source field, transformed with PROJ.
    func read(transforms: WGS84Transforms) -> Reading {
        if x.isEmpty && y.isEmpty { return .empty }
        guard let easting = FieldParsing.decimal(x), let northing = FieldParsing.decimal(y) else {
            return .unusable("les coordonnées x '\(x)', y '\(y)' ne sont pas des nombres")
        }
        guard let crs = FINESSCoordinateSystem.crs(fromSource: source) else {
            return .unusable("la source '\(source)' ne désigne aucun système de coordonnées connu")
        }
        let point: Coordinate
        do {
            point = try transforms.fromCRS(crs).transform(Coordinate(x: easting, y: northing))
        } catch {
            return .unusable("x \(x), y \(y) en \(crs) : \(error)")
        }
        guard point.isValidLongitudeLatitude else {
            return .unusable("x \(x), y \(y) en \(crs) ne donnent aucune position WGS84 (\(point))")
        }
        return .position(point, crs: crs)
    }
}
