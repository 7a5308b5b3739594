import GeometryKit

/// RFC 7946 FeatureCollections of the CPTS, white zones, overlaps and communes, with their answers' properties.
///
/// ```swift
/// let shapes = try TerritoryShapes(layer: analysis.layer, toleranceMetres: 50)
/// let text = try TerritoryGeoJSON.collection(TerritoryFeature.cpts(analysis.reports(), shapes: shapes))
/// ```
public enum TerritoryGeoJSON {
    /// Polygons as MultiPolygons of one part: every feature of a polygon layer has one type, as in the OGC API (GDAL
    /// and QGIS type a layer from its features; a mix reads as "Unknown (any)").
    public static func collection(_ features: [TerritoryFeature]) throws -> String {
        var writer = GeoJSONWriter()
        for f in features { try writer.addFeature(id: .string(f.id), properties: f.properties, geometry: f.geometry, polygonsAsMulti: true) }
        return writer.finish()
    }

    public static func cpts(_ reports: [CPTSReport]) throws -> String { try collection(TerritoryFeature.cpts(reports)) }

    public static func whiteZones(_ zones: [WhiteZone]) throws -> String { try collection(TerritoryFeature.whiteZones(zones)) }

    public static func overlaps(_ overlaps: [CPTSOverlap], in analysis: TerritoryAnalysis) throws -> String {
        try collection(TerritoryFeature.overlaps(overlaps, in: analysis))
    }

    public static func communes(_ analysis: TerritoryAnalysis) throws -> String { try collection(TerritoryFeature.communes(analysis)) }

    /// A white zone's id from its content, the same under any filter that keeps the zone whole, so that an id cited in
    /// last month's report still names the zone: `WZ-` and the département and code of its smallest commune (each
    /// commune is in one zone at most).
    public static func whiteZoneID(_ zone: WhiteZone) -> String {
        guard let first = zone.communeCodes.min() else { return "WZ-vide" }
        let departement = first.hasPrefix("97") ? first.prefix(3) : first.prefix(2)
        return "WZ-\(departement)-\(first)"
    }
}

/// A TopoJSON Topology of one layer whose arcs are the borders of the commune edge graph the shapes come
/// from: each border written once, shared by the features on either side.
///
/// ```swift
/// let text = try TerritoryTopoJSON.topology(object: "cpts", features: TerritoryFeature.cpts(reports, shapes: shapes), shapes: shapes)
/// ```
public enum TerritoryTopoJSON {
    public static func topology(object: String, features: [TerritoryFeature], shapes: TerritoryShapes) throws -> String {
        var writer = TopoJSONWriter(coverage: shapes.coverage)
        for f in features { try writer.addFeature(object: object, id: f.id, properties: f.properties, geometry: f.geometry) }
        return writer.finish()
    }
}
