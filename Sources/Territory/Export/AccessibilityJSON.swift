import GeometryKit

/// The accessibility index as GeoJSON: its rows (`CommuneAccessibility`, `AreaAccessibilityRow`) as properties.
public enum AccessibilityJSON {
    /// The index as a FeatureCollection: commune polygons, CPTS perimeters or départements dissolved from the layer.
    public static func geoJSON(communes index: AccessibilityIndex, layer: CommuneLayer) throws -> String {
        var writer = GeoJSONWriter()
        for (row, commune) in zip(index.communes, layer.communes) {
            try writer.addFeature(id: .string(row.code), properties: try JSONValueEncoder.members(row), geometry: commune.geometry)
        }
        return writer.finish()
    }

    public static func geoJSON(areas: [AreaAccessibilityRow], geometry: (AreaAccessibility) throws -> Geometry?) throws -> String {
        var writer = GeoJSONWriter()
        for row in areas {
            try writer.addFeature(id: .string(row.area.code), properties: try JSONValueEncoder.members(row), geometry: try geometry(row.area))
        }
        return writer.finish()
    }
}
