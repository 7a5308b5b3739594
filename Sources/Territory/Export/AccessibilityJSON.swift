import GeometryKit

/// The JSON members of the accessibility index and the pharmacy quota, for the CLI, the API, the OGC collection
/// and the GeoJSON export alike.
public enum AccessibilityJSON {
    public static func members(_ c: CommuneAccessibility) -> [(String, JSONValue)] {
        [("code", .string(c.code)), ("name", .string(c.name)), ("departement", .string(c.departement)),
         ("population", c.population.map { .number(Double($0)) } ?? .null), ("supply_gps", TerritoryJSON.rounded(c.supplyGPs, 6)),
         ("lat", c.location.map { TerritoryJSON.rounded($0.latitude, 6) } ?? .null),
         ("lon", c.location.map { TerritoryJSON.rounded($0.longitude, 6) } ?? .null),
         ("index_per_100k", c.indexPer100k.map { TerritoryJSON.rounded($0, 3) } ?? .null)]
    }

    /// A CPTS or a département: `id` for a CPTS (as elsewhere), `departement` for a département.
    public static func members(_ a: AreaAccessibility, key: String) -> [(String, JSONValue)] {
        [(key, .string(a.code))] + (key == "id" ? [("name", .string(a.name))] : [])
            + [("communes", .number(Double(a.communes))), ("population", .number(Double(a.population))),
               ("supply_gps", TerritoryJSON.rounded(a.supplyGPs, 6)),
               ("index_per_100k", a.indexPer100k.map { TerritoryJSON.rounded($0, 3) } ?? .null)]
    }

    public static func members(_ q: CommunePharmacyQuota) -> [(String, JSONValue)] {
        [("code", .string(q.code)), ("name", .string(q.name)), ("departement", .string(q.departement)),
         ("population", q.population.map { .number(Double($0)) } ?? .null), ("officines", .number(Double(q.officines))),
         ("licences_allowed", q.licencesAllowed.map { .number(Double($0)) } ?? .null),
         ("difference", q.difference.map { .number(Double($0)) } ?? .null),
         ("without_officine_above_threshold", .bool(q.withoutOfficineAboveThreshold))]
    }

    public static func members(_ s: PharmacyQuotaSummary) -> [(String, JSONValue)] {
        [("communes", .number(Double(s.communes))), ("officines", .number(Double(s.officines))),
         ("licences_allowed", .number(Double(s.licencesAllowed))), ("communes_opening_possible", .number(Double(s.openingPossible))),
         ("communes_above_quota", .number(Double(s.aboveQuota))),
         ("communes_without_officine_above_threshold", .number(Double(s.withoutOfficineAboveThreshold)))]
    }

    /// The index as a FeatureCollection: commune polygons, CPTS perimeters or départements dissolved from the layer.
    public static func geoJSON(communes index: AccessibilityIndex, layer: CommuneLayer) throws -> String {
        var writer = GeoJSONWriter()
        for (row, commune) in zip(index.communes, layer.communes) {
            try writer.addFeature(id: .string(row.code), properties: members(row), geometry: commune.geometry)
        }
        return writer.finish()
    }

    public static func geoJSON(areas: [AreaAccessibility], key: String, geometry: (AreaAccessibility) throws -> Geometry?) throws -> String {
        var writer = GeoJSONWriter()
        for area in areas { try writer.addFeature(id: .string(area.code), properties: members(area, key: key), geometry: try geometry(area)) }
        return writer.finish()
    }
}
