import GeometryKit
import Territory

/// `components.schemas` of the OpenAPI document: the bodies the routes answer, member for member as the `Encodable`
/// answers (`Territory/Export/Answers`, `UseCases`), the map bodies and the OGC routes write them (`OpenAPIAnswerTests`).
enum OpenAPISchemas {
    typealias S = Schema

    static var all: [(String, JSONValue)] {
        [("Error", S.object([("error", S.string("What went wrong, short (`invalid parameter`, `token required`…)")),
                            ("detail", S.string("The cause, naming the parameter, line or resource"))],
                           "Every error answer of the service")),
         ("Health", S.object([("status", S.string(values: ["ok"])), ("communes", S.integer(minimum: 0)), ("cpts", S.integer(minimum: 0)),
                             ("volunteers_available", S.integer(minimum: 0))])),
         ("CPTSListItem", S.object(report + [("counts_as_covering", S.boolean("Whether its status counts as covering under `status`"))])),
         ("CPTSDetail", S.object(report + [("coverage", S.ref("CoverageFigures")), ("commune_codes", S.strings)])),
         ("Commune", S.object([("code", S.string()), ("name", S.string()), ("departement", S.string()), ("region", S.string()),
                               ("epci", S.nullable("string")), ("population", S.nullable("integer")), ("area_km2", S.nullable("number")),
                               ("cpts", S.array(S.string(), "The CPTS claiming it"))])),
         ("CoverageFigures", S.object(coverage, "Coverage of the nation")),
         ("CoverageRow", S.object([("id", S.string("The CPTS (by=cpts)")), ("departement", S.string("by=departement")),
                                   ("region", S.string("by=region"))] + coverage,
                                  optional: ["id", "departement", "region"], "Coverage of one CPTS, département or region (its key only)")),
         ("Overlap", S.object([("cpts_a", S.string()), ("cpts_b", S.string()), ("commune_codes", S.strings),
                               ("communes", S.integer(minimum: 0)), ("population", S.integer(minimum: 0))])),
         ("WhiteZone", S.object([("id", S.string()), ("population", S.integer(minimum: 0)), ("communes", S.integer(minimum: 0)),
                                 ("commune_codes", S.strings), ("area_km2", S.number(minimum: 0)), ("departements", S.strings)])),
         ("PerimeterProposal", .ordered([("type", .string("object")), ("required", .array([.string("communes")])),
                                         ("properties", .ordered([
                                             ("id", S.string("Default `proposition`")), ("name", S.string("Default `Proposition`")),
                                             ("status", S.string("Default `pre-projet`", values: CPTSStatus.allCases.map(\.rawValue))),
                                             ("communes", S.array(S.string(), "INSEE codes; former codes are translated", minItems: 1)),
                                         ])),
                                         ("description", .string("A proposed perimeter; other members are ignored"))])),
         ("PerimeterCheck", S.object(Array(report.filter { ["id", "name", "population", "size_category", "funding_eur", "communes", "area_km2",
                                                           "departements", "regions", "contiguous", "parts"].contains($0.0) }) + [
             ("overlaps", S.array(S.object([("cpts", S.string()), ("commune_codes", S.strings), ("population", S.integer(minimum: 0))]))),
             ("white_zone_communes", S.strings), ("white_zone_population_covered", S.integer(minimum: 0)),
             ("unknown_codes", S.strings), ("translated_codes", S.map(S.string(), "Former code → current code")),
         ])),
         ("NearestAnswer", S.object([
             ("location", S.object([("lat", S.number()), ("lon", S.number()), ("code_commune", S.nullable("string")), ("precision", precision),
                                    ("cpts", S.strings), ("white_zone", S.boolean())])),
             ("volunteers", S.array(S.object([("rpps", S.string()), ("distance_km", S.number(minimum: 0)),
                                              ("places_restantes", S.integer(minimum: 0)), ("visites_domicile", S.boolean()),
                                              ("code_commune", S.string()), ("cpts", S.strings), ("precision", precision),
                                              ("lat", S.number()), ("lon", S.number())]))),
         ])),
         ("MatchAnswer", S.object([
             ("committed", S.boolean()), ("max_km", S.number()), ("total_distance_km", S.number(minimum: 0)),
             ("greedy_total_distance_km", S.number(minimum: 0)),
             ("by_priority", S.array(S.object([("priorite", priority), ("waiting", S.integer(minimum: 0)), ("placed", S.integer(minimum: 0)),
                                               ("placed_by_greedy", S.integer(minimum: 0))]))),
             ("assignments", S.array(S.object([("cpts", S.string()), ("reference", S.string()), ("rpps", S.string()),
                                               ("distance_km", S.number(minimum: 0))]))),
             ("unassigned", S.array(S.object([("cpts", S.string()), ("reference", S.string()), ("reason", S.string())]))),
         ])),
         ("NearbyRequest", S.object([("reference", S.string()), ("code_commune", S.string()), ("priorite", priority),
                                     ("besoin_visite_domicile", S.boolean()), ("inscrit_le", S.string()), ("distance_km", S.number(minimum: 0))])),
         ("UploadSummary", .ordered([
             ("type", .string("object")),
             ("required", .array(["issues", "rejected_outside_cpts", "issue_list"].map { .string($0) })),
             ("properties", .ordered([
                 ("issues", S.integer("Issues of the file, kept rows or not", minimum: 0)),
                 ("rejected_outside_cpts", S.integer("Rows outside the token's CPTS", minimum: 0)),
                 ("issue_list", S.array(S.object([("file", S.string()), ("line", S.integer(minimum: 0)), ("reason", S.string())]))),
             ])),
             ("additionalProperties", S.integer(minimum: 0)),
             ("description", .string("The counts of the import (rows read, kept, per cause of rejection…), all integers"))])),
         ("CommuneAccessibility", S.object([("code", S.string()), ("name", S.string()), ("departement", S.string()),
                                            ("population", S.nullable("integer")), ("supply_gps", S.number()),
                                            ("lat", S.nullable("number")), ("lon", S.nullable("number")), ("index_per_100k", S.nullable("number"))])),
         ("CPTSAccessibility", S.object([("id", S.string()), ("name", S.string())] + areaAccessibility)),
         ("DepartementAccessibility", S.object([("departement", S.string())] + areaAccessibility)),
         ("PharmacyQuota", S.object([
             ("summary", S.object([("communes", S.integer(minimum: 0)), ("officines", S.integer(minimum: 0)),
                                   ("licences_allowed", S.integer(minimum: 0)), ("communes_opening_possible", S.integer(minimum: 0)),
                                   ("communes_above_quota", S.integer(minimum: 0)),
                                   ("communes_without_officine_above_threshold", S.integer(minimum: 0))])),
             ("communes", S.array(S.object([("code", S.string()), ("name", S.string()), ("departement", S.string()),
                                            ("population", S.nullable("integer")), ("officines", S.integer(minimum: 0)),
                                            ("licences_allowed", S.nullable("integer")), ("difference", S.nullable("integer")),
                                            ("without_officine_above_threshold", S.boolean())]))),
         ])),
         ("BBox", S.array(S.number(), "minLon, minLat, maxLon, maxLat", minItems: 4, maxItems: 4)),
         ("MapTerritories", S.object([("territories", S.array(S.object([("id", S.string()), ("name", S.string()), ("departement", S.string()),
                                                                         ("bbox", S.ref("BBox"))], optional: ["departement"])))])),
         ("MapStatus", S.object([
             ("ready", S.boolean()), ("max_communes", S.integer(minimum: 0)),
             ("levels", S.array(S.object([("tolerance_m", S.integer(minimum: 0)), ("ready", S.boolean()), ("layers", S.strings),
                                          ("build_seconds", S.number()), ("ready_seconds", S.number()), ("error", S.string())],
                                         optional: ["build_seconds", "ready_seconds", "error"]))),
         ])),
         ("CommuneMatches", S.object([("communes", S.array(S.object([
             ("code", S.string()), ("name", S.string()), ("departement", S.string()), ("population", S.integer()), ("cpts", S.strings),
             ("bbox", S.ref("BBox")),
         ], optional: ["population", "bbox"]), maxItems: 8))])),
         ("MapCaller", S.object([("role", S.string(values: ["ars", "coordinator"])),
                                 ("cpts", S.object([("id", S.string()), ("name", S.string()), ("status", S.string()), ("bbox", S.ref("BBox"))],
                                                   optional: ["bbox"]))], optional: ["cpts"])),
         ("MapLayer", S.object([("type", S.string(values: ["FeatureCollection"])), ("features", S.array(S.ref("Feature"))),
                                ("layer", S.string()), ("tolerance_m", S.integer(minimum: 0)), ("numberReturned", S.integer(minimum: 0))])),
         ("TileLayers", S.object([("layers", S.array(S.object([("id", S.string()), ("title", S.string()), ("tilejson", S.string(format: "uri"))])))])),
         ("TileJSON", .ordered([("type", .string("object")), ("required", .array(["tilejson", "tiles", "scheme"].map { .string($0) })),
                                ("properties", .ordered([("tilejson", S.string(values: ["3.0.0"])), ("tiles", S.array(S.string(), minItems: 1)),
                                                         ("scheme", S.string(values: ["xyz"]))])),
                                ("description", .string("TileJSON 3.0.0: the tileset's metadata (bounds, zooms, vector_layers…) and its tile URL template"))])),
         // OGC API – Features, Part 1 (GeoJSON).
         ("Link", S.object([("href", S.string(format: "uri")), ("rel", S.string()), ("type", S.string()), ("title", S.string())])),
         ("LandingPage", S.object([("title", S.string()), ("description", S.string()), ("links", S.array(S.ref("Link")))])),
         ("Conformance", S.object([("conformsTo", S.array(S.string(format: "uri")))])),
         ("Collection", S.object([
             ("id", S.string()), ("title", S.string()), ("description", S.string()), ("links", S.array(S.ref("Link"))),
             ("itemType", S.string(values: ["feature"])), ("crs", S.array(S.string(format: "uri"))),
             ("extent", S.object([("spatial", S.object([("bbox", S.array(S.ref("BBox"), minItems: 1)), ("crs", S.string(format: "uri"))]))])),
         ], optional: ["extent"])),
         ("Collections", S.object([("links", S.array(S.ref("Link"))), ("collections", S.array(S.ref("Collection")))])),
         ("Geometry", .ordered([("type", .string("object")), ("required", .array([.string("type")])),
                                ("properties", .ordered([("type", S.string(values: ["Point", "MultiPoint", "LineString", "MultiLineString",
                                                                                    "Polygon", "MultiPolygon", "GeometryCollection"]))])),
                                ("description", .string("An RFC 7946 geometry, 6 decimals; polygon layers hold MultiPolygons only"))])),
         ("Feature", .ordered([("type", .string("object")), ("required", .array(["type", "id", "properties", "geometry"].map { .string($0) })),
                               ("properties", .ordered([("type", S.string(values: ["Feature"])), ("id", S.string()),
                                                        ("properties", .ordered([("type", .string("object"))])),
                                                        ("geometry", S.oneOf([S.ref("Geometry"), .ordered([("type", .string("null"))])])),
                                                        ("links", S.array(S.ref("Link")))])),
                               ("additionalProperties", .bool(false))])),
         ("FeatureCollection", S.object([("type", S.string(values: ["FeatureCollection"])), ("features", S.array(S.ref("Feature"))),
                                         ("numberMatched", S.integer(minimum: 0)), ("numberReturned", S.integer(minimum: 0)),
                                         ("timeStamp", S.string(format: "date-time")), ("links", S.array(S.ref("Link")))])),
        ]
    }

    static let precision = S.string(values: LocationPrecision.allCases.map(\.rawValue))
    static let priority = S.string(values: PatientPriority.allCases.map(\.rawValue))

    static let report: [(String, JSONValue)] = [
        ("id", S.string()), ("name", S.string()), ("status", S.string(values: CPTSStatus.allCases.map(\.rawValue))),
        ("population", S.integer(minimum: 0)), ("size_category", S.integer(minimum: 1, maximum: 4)), ("funding_eur", S.integer(minimum: 0)),
        ("communes", S.integer(minimum: 0)), ("area_km2", S.number(minimum: 0)), ("departements", S.strings), ("regions", S.strings),
        ("contiguous", S.boolean()), ("parts", S.integer(minimum: 0)), ("overlaps_with", S.strings),
    ]

    static let coverage: [(String, JSONValue)] = [
        ("population_total", S.integer(minimum: 0)), ("population_covered", S.integer(minimum: 0)),
        ("coverage_rate", S.number(minimum: 0, maximum: 1)), ("communes_total", S.integer(minimum: 0)), ("communes_covered", S.integer(minimum: 0)),
    ]

    static let areaAccessibility: [(String, JSONValue)] = [
        ("communes", S.integer(minimum: 0)), ("population", S.integer(minimum: 0)), ("supply_gps", S.number()),
        ("index_per_100k", S.nullable("number")),
    ]
}
