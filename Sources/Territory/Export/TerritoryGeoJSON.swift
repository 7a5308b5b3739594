import GeometryKit

/// RFC 7946 FeatureCollections of the CPTS, white zones, overlaps and communes, with SPEC's properties.
///
/// ```swift
/// let text = try TerritoryGeoJSON.cpts(analysis.reports(), simplifyMetres: 50)
/// ```
public enum TerritoryGeoJSON {
    public static func cpts(_ reports: [CPTSReport], simplifyMetres: Double? = nil) throws -> String {
        var writer = GeoJSONWriter()
        for r in reports {
            try writer.addFeature(id: .string(r.id), properties: TerritoryJSON.members(r), geometry: simplified(r.geometry, simplifyMetres))
        }
        return writer.finish()
    }

    public static func whiteZones(_ zones: [WhiteZone], simplifyMetres: Double? = nil) throws -> String {
        var writer = GeoJSONWriter()
        for (i, z) in zones.enumerated() {
            let id = whiteZoneID(i)
            try writer.addFeature(id: .string(id), properties: TerritoryJSON.members(z, id: id), geometry: simplified(z.geometry, simplifyMetres))
        }
        return writer.finish()
    }

    public static func overlaps(_ overlaps: [CPTSOverlap], in analysis: TerritoryAnalysis, simplifyMetres: Double? = nil) throws -> String {
        var writer = GeoJSONWriter()
        for o in overlaps {
            try writer.addFeature(id: .string("\(o.cptsA)+\(o.cptsB)"), properties: TerritoryJSON.members(o),
                                  geometry: simplified(try analysis.geometry(of: o), simplifyMetres))
        }
        return writer.finish()
    }

    public static func communes(_ analysis: TerritoryAnalysis, simplifyMetres: Double? = nil) throws -> String {
        var writer = GeoJSONWriter()
        for c in analysis.layer.communes {
            try writer.addFeature(id: .string(c.code), properties: TerritoryJSON.members(c, cpts: analysis.cpts(claiming: c.code)),
                                  geometry: simplified(c.geometry, simplifyMetres))
        }
        return writer.finish()
    }

    /// Stable ids of white zones in the order `whiteZones` returns them (largest population first).
    public static func whiteZoneID(_ index: Int) -> String {
        let number = String(index + 1)
        return "WZ-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }

    /// Topology-preserving simplification with a tolerance in metres, converted to degrees of latitude
    /// (1° ≈ 111 320 m): each shape stays valid, but borders shared by two features are simplified
    /// independently.
    static func simplified(_ geometry: Geometry?, _ metres: Double?) throws -> Geometry? {
        guard let geometry, let metres, metres > 0 else { return geometry }
        return try geometry.simplifyPreservingTopology(tolerance: metres / 111_320)
    }
}
