import UseCases
import GeometryKit
import Territory

/// `components.schemas` of the OpenAPI document: the bodies the routes answer, member for member as the `Encodable`
/// answers (`Territory/Export/Answers`, `UseCases`), the map bodies and the OGC routes write them (`OpenAPIAnswerTests`).
enum OpenAPISchemas {
    static var all: [(String, JSONValue)] {
        [("Error", Schema.object([("error", Schema.string("What went wrong, short (`invalid parameter`, `token required`…)")),
                            ("detail", Schema.string("The cause, naming the parameter, line or resource"))],
                           "Every error answer of the service")),
         ("Health", Schema.object([("status", Schema.string(values: ["ok"])), ("communes", Schema.integer(minimum: 0)), ("cpts", Schema.integer(minimum: 0)),
                             ("volunteers_available", Schema.integer(minimum: 0))])),
         ("CPTSListItem", Schema.object(report + [("counts_as_covering", Schema.boolean("Whether its status counts as covering under `status`"))])),
         ("CPTSDetail", Schema.object(report + [("coverage", Schema.ref("CoverageFigures")), ("commune_codes", Schema.strings)])),
         ("Commune", Schema.object([("code", Schema.string()), ("name", Schema.string()), ("departement", Schema.string()), ("region", Schema.string()),
                               ("epci", Schema.nullable("string")), ("population", Schema.nullable("integer")), ("area_km2", Schema.nullable("number")),
                               ("representative_point", .ordered([("type", .array([.string("object"), .string("null")])),
                                                                  ("required", .array([.string("lon"), .string("lat")])),
                                                                  ("properties", .ordered([("lon", Schema.number()), ("lat", Schema.number())])),
                                                                  ("additionalProperties", .bool(false)),
                                                                  ("description", .string("A point inside the commune (WGS84, 6 decimals)"))])),
                               ("cpts", Schema.array(Schema.string(), "The CPTS claiming it"))])),
         ("CoverageFigures", Schema.object(coverage, "Coverage of the nation")),
         ("CoverageRow", Schema.object([("id", Schema.string("The CPTS (by=cpts)")), ("departement", Schema.string("by=departement")),
                                   ("region", Schema.string("by=region")), ("name", Schema.string("The CPTS's, the département's or the région's name"))] + coverage,
                                  optional: ["id", "departement", "region", "name"], "Coverage of one CPTS, département or region (its key only)")),
         ("Overlap", Schema.object([("cpts_a", Schema.string()), ("name_a", Schema.nullable("string")), ("cpts_b", Schema.string()),
                               ("name_b", Schema.nullable("string")), ("commune_codes", Schema.strings),
                               ("commune_names", Schema.array(Schema.string(), "Aligned with commune_codes")),
                               ("communes", Schema.integer(minimum: 0)), ("population", Schema.integer(minimum: 0))])),
         ("WhiteZone", Schema.object([("id", Schema.string(pattern: "^WZ-(97[0-9]|[0-9][0-9AB])-[0-9AB]{5}$")), ("population", Schema.integer(minimum: 0)),
                                 ("communes", Schema.integer(minimum: 0)), ("commune_codes", Schema.strings),
                                 ("commune_names", Schema.array(Schema.string(), "Aligned with commune_codes")),
                                 ("area_km2", Schema.number(minimum: 0)), ("departements", Schema.strings),
                                 ("departement_names", Schema.array(Schema.string(), "Aligned with departements (COG names)"))])),
         ("PerimeterProposal", .ordered([("type", .string("object")), ("required", .array([.string("communes")])),
                                         ("properties", .ordered([
                                             ("id", Schema.string("Default `proposition`")), ("name", Schema.string("Default `Proposition`")),
                                             ("status", Schema.string("Default `pre-projet`", values: CPTSStatus.allCases.map(\.rawValue))),
                                             ("communes", Schema.array(Schema.string(), "INSEE codes; former codes are translated", minItems: 1)),
                                         ])),
                                         ("description", .string("A proposed perimeter; other members are ignored"))])),
         ("PerimeterCheck", Schema.object(Array(report.filter { ["id", "name", "population", "size_category", "funding_eur", "communes", "area_km2",
                                                           "departements", "regions", "contiguous", "parts"].contains($0.0) }) + [
             ("overlaps", Schema.array(Schema.object([("cpts", Schema.string()), ("commune_codes", Schema.strings), ("population", Schema.integer(minimum: 0))]))),
             ("white_zone_communes", Schema.strings), ("white_zone_population_covered", Schema.integer(minimum: 0)),
             ("unknown_codes", Schema.strings), ("translated_codes", Schema.map(Schema.string(), "Former code → current code")),
         ])),
         ("Diagnostic", diagnostic),
         ("WhiteZoneProposals", Schema.object([
             ("population_attached", Schema.integer(minimum: 0)), ("total_steps", Schema.integer(minimum: 0)),
             ("communes", Schema.array(Schema.object([
                 ("code", Schema.string()), ("name", Schema.string()), ("population", Schema.integer(minimum: 0)),
                 ("cpts", Schema.nullable("string", "The CPTS proposed; null when none can reach the commune")),
                 ("steps", Schema.nullable("integer", "Communes crossed from the CPTS, 1 for one touching it")),
             ]))),
             ("cpts", Schema.array(Schema.object([
                 ("id", Schema.string()), ("name", Schema.string()), ("communes_added", Schema.strings),
                 ("population_before", Schema.integer(minimum: 0)), ("population_after", Schema.integer(minimum: 0)),
                 ("size_category_before", Schema.integer(minimum: 1, maximum: 4)), ("size_category_after", Schema.integer(minimum: 1, maximum: 4)),
                 ("funding_eur_before", Schema.integer(minimum: 0)), ("funding_eur_after", Schema.integer(minimum: 0)),
             ]))),
             ("unreachable", Schema.array(Schema.object([
                 ("population", Schema.integer(minimum: 0)), ("communes", Schema.integer(minimum: 1)), ("commune_codes", Schema.strings),
                 ("departements", Schema.strings),
             ]))),
         ])),
         ("NearestAnswer", Schema.object([
             ("location", Schema.object([("lat", Schema.number()), ("lon", Schema.number()), ("code_commune", Schema.nullable("string")), ("precision", precision),
                                    ("cpts", Schema.strings), ("white_zone", Schema.boolean())])),
             ("volunteers", Schema.array(Schema.object([("rpps", Schema.string()), ("distance_km", Schema.number(minimum: 0)),
                                              ("places_restantes", Schema.integer(minimum: 0)), ("visites_domicile", Schema.boolean()),
                                              ("code_commune", Schema.string()), ("cpts", Schema.strings), ("precision", precision),
                                              ("lat", Schema.number()), ("lon", Schema.number()),
                                              ("mis_a_jour_le", Schema.string(format: "date")),
                                              ("stale", Schema.boolean("The roster entry is older than the stale age (6 months by default)")),
                                              ("nom", Schema.nullable("string", "Name in the RPPS directory (token holders only)")),
                                              ("adresse", Schema.nullable("string", "Practice address (token holders only)"))],
                                             optional: ["nom", "adresse"]))),
             ("left_out_stale", Schema.integer("Volunteers left out for an entry older than the exclusion age, within the answer's reach", minimum: 0)),
         ])),
         ("MatchAnswer", Schema.object([
             ("committed", Schema.boolean()), ("max_km", Schema.number()), ("total_distance_km", Schema.number(minimum: 0)),
             ("greedy_total_distance_km", Schema.number(minimum: 0)),
             ("by_priority", Schema.array(Schema.object([("priorite", priority), ("waiting", Schema.integer(minimum: 0)), ("placed", Schema.integer(minimum: 0)),
                                               ("placed_by_greedy", Schema.integer(minimum: 0))]))),
             ("assignments", Schema.array(Schema.object([("cpts", Schema.string()), ("reference", Schema.string()),
                                               ("priorite", Schema.nullable("string")), ("rpps", Schema.string()),
                                               ("nom", Schema.nullable("string")), ("adresse", Schema.nullable("string")),
                                               ("distance_km", Schema.number(minimum: 0))]))),
             ("unassigned", Schema.array(Schema.object([("cpts", Schema.string()), ("reference", Schema.string()), ("reason", Schema.string())]))),
             ("left_out_stale", Schema.integer("Volunteers with places left out for an entry older than the exclusion age", minimum: 0)),
         ])),
         ("MyProfile", Schema.object([
             ("rpps", Schema.string()), ("nom", Schema.nullable("string")), ("adresse", Schema.nullable("string")),
             ("code_commune", Schema.string()), ("nom_commune", Schema.nullable("string")),
             ("lat", Schema.number("His practice (the public RPPS directory's site, or his roster entry's position)")), ("lon", Schema.number()),
             ("cpts", Schema.strings),
             ("volontaire", Schema.oneOf([Schema.object([("accepte_nouveaux_patients", Schema.boolean()), ("places_restantes", Schema.integer(minimum: 0)),
                                                         ("visites_domicile", Schema.boolean()), ("mis_a_jour_le", Schema.string(format: "date")),
                                                         ("etat", Schema.string(values: ["fresh", "stale", "excluded"]))]),
                                          .ordered([("type", .string("null"))])], "His roster entry; null when his CPTS has not listed him")),
         ])),
         ("MyRequest", Schema.object([("cpts", Schema.string()), ("reference", Schema.string()), ("code_commune", Schema.string()), ("priorite", priority),
                                  ("besoin_visite_domicile", Schema.boolean()), ("inscrit_le", Schema.string()), ("distance_km", Schema.number(minimum: 0))])),
         ("AcceptedRequest", Schema.object([("cpts", Schema.string()), ("reference", Schema.string()), ("rpps", Schema.string()),
                                        ("distance_km", Schema.number(minimum: 0)), ("places_restantes", Schema.integer(minimum: 0))])),
         ("DeclinedRequest", Schema.object([("cpts", Schema.string()), ("reference", Schema.string()), ("declined", Schema.boolean())])),
         ("Indicators", Schema.object([
             ("from", Schema.string(format: "date")), ("to", Schema.string(format: "date")),
             ("by", Schema.string(values: OrientationIndicators.Grouping.allCases.map(\.rawValue))),
             ("rows", Schema.array(Schema.object([
                 ("key", Schema.string("The CPTS id, département or région code")), ("name", Schema.nullable("string")),
                 ("registered", Schema.integer(minimum: 0)), ("oriented", Schema.integer(minimum: 0)), ("declined", Schema.integer(minimum: 0)),
                 ("waiting", Schema.integer(minimum: 0)), ("purged", Schema.integer(minimum: 0)),
                 ("by_priority", Schema.array(Schema.object([("priorite", priority), ("registered", Schema.integer(minimum: 0)),
                                                             ("oriented", Schema.integer(minimum: 0)), ("waiting", Schema.integer(minimum: 0))]))),
                 ("by_profession", Schema.array(Schema.object([("profession", Schema.string()), ("registered", Schema.integer(minimum: 0)),
                                                               ("oriented", Schema.integer(minimum: 0)), ("waiting", Schema.integer(minimum: 0))]))),
                 ("distance_km_median", Schema.nullable("number")), ("distance_km_p90", Schema.nullable("number")),
                 ("days_to_orientation_median", Schema.nullable("number")),
                 ("by_month", Schema.array(Schema.object([("month", Schema.string()), ("registered", Schema.integer(minimum: 0)),
                                                          ("oriented", Schema.integer(minimum: 0)), ("declined", Schema.integer(minimum: 0)),
                                                          ("purged", Schema.integer(minimum: 0))]))),
             ]))),
         ])),
         ("StaleRosterEntry", Schema.object([
             ("rpps", Schema.string()), ("nom", Schema.nullable("string", "Name in the RPPS directory")),
             ("adresse", Schema.nullable("string", "Practice address")), ("code_commune", Schema.string()),
             ("nom_commune", Schema.nullable("string")), ("cpts", Schema.strings),
             ("accepte_nouveaux_patients", Schema.boolean()), ("places_restantes", Schema.integer(minimum: 0)),
             ("mis_a_jour_le", Schema.string(format: "date")), ("mois", Schema.integer("Whole months since the last update", minimum: 0)),
             ("etat", Schema.string(values: ["stale", "excluded"])),
         ])),
         ("PendingRequest", Schema.object([("reference", Schema.string()), ("code_commune", Schema.string()), ("nom_commune", Schema.nullable("string")),
                                      ("priorite", priority), ("besoin_visite_domicile", Schema.boolean()), ("inscrit_le", Schema.string())])),
         ("AssignmentRecord", Schema.object([("reference", Schema.string()), ("priorite", priority), ("code_commune", Schema.string()),
                                        ("nom_commune", Schema.nullable("string")), ("rpps", Schema.string()),
                                        ("nom", Schema.nullable("string", "The GP's name (RPPS directory)")),
                                        ("adresse", Schema.nullable("string", "The practice address")),
                                        ("distance_km", Schema.number(minimum: 0)), ("oriente_le", Schema.string(format: "date-time"))])),
         ("NearbyRequest", Schema.object([("reference", Schema.string()), ("code_commune", Schema.string()), ("priorite", priority),
                                     ("besoin_visite_domicile", Schema.boolean()), ("inscrit_le", Schema.string()), ("distance_km", Schema.number(minimum: 0))])),
         ("UploadSummary", .ordered([
             ("type", .string("object")),
             ("required", .array(["issues", "rejected_outside_cpts", "issue_list"].map { .string($0) })),
             ("properties", .ordered([
                 ("issues", Schema.integer("Issues of the file, kept rows or not", minimum: 0)),
                 ("rejected_outside_cpts", Schema.integer("Rows outside the token's CPTS", minimum: 0)),
                 ("issue_list", Schema.array(Schema.object([("file", Schema.string()), ("line", Schema.integer(minimum: 0)), ("reason", Schema.string())]))),
             ])),
             ("additionalProperties", Schema.integer(minimum: 0)),
             ("description", .string("The counts of the import (rows read, kept, per cause of rejection…), all integers"))])),
         ("CommuneAccessibility", Schema.object([("code", Schema.string()), ("name", Schema.string()), ("departement", Schema.string()),
                                            ("population", Schema.nullable("integer")), ("supply_gps", Schema.number()),
                                            ("lat", Schema.nullable("number")), ("lon", Schema.nullable("number")), ("index_per_100k", Schema.nullable("number"))])),
         ("CPTSAccessibility", Schema.object([("id", Schema.string()), ("name", Schema.string())] + areaAccessibility)),
         ("DepartementAccessibility", Schema.object([("departement", Schema.string())] + areaAccessibility)),
         ("PharmacyQuota", Schema.object([
             ("summary", Schema.object([("communes", Schema.integer(minimum: 0)), ("officines", Schema.integer(minimum: 0)),
                                   ("licences_allowed", Schema.integer(minimum: 0)), ("communes_opening_possible", Schema.integer(minimum: 0)),
                                   ("communes_above_quota", Schema.integer(minimum: 0)),
                                   ("communes_without_officine_above_threshold", Schema.integer(minimum: 0))])),
             ("communes", Schema.array(Schema.object([("code", Schema.string()), ("name", Schema.string()), ("departement", Schema.string()),
                                            ("population", Schema.nullable("integer")), ("officines", Schema.integer(minimum: 0)),
                                            ("licences_allowed", Schema.nullable("integer")), ("difference", Schema.nullable("integer")),
                                            ("without_officine_above_threshold", Schema.boolean())]))),
         ])),
         ("BBox", Schema.array(Schema.number(), "minLon, minLat, maxLon, maxLat", minItems: 4, maxItems: 4)),
         ("MapTerritories", Schema.object([("territories", Schema.array(Schema.object([("id", Schema.string()), ("name", Schema.string()), ("departement", Schema.string()),
                                                                         ("bbox", Schema.ref("BBox"))], optional: ["departement"])))])),
         ("MapStatus", Schema.object([
             ("ready", Schema.boolean()), ("max_communes", Schema.integer(minimum: 0)),
             ("levels", Schema.array(Schema.object([("tolerance_m", Schema.integer(minimum: 0)), ("ready", Schema.boolean()), ("layers", Schema.strings),
                                          ("build_seconds", Schema.number()), ("ready_seconds", Schema.number()), ("error", Schema.string())],
                                         optional: ["build_seconds", "ready_seconds", "error"]))),
         ])),
         ("CommuneMatches", Schema.object([("communes", Schema.array(Schema.object([
             ("code", Schema.string()), ("name", Schema.string()), ("departement", Schema.string()), ("population", Schema.integer()), ("cpts", Schema.strings),
             ("bbox", Schema.ref("BBox")),
         ], optional: ["population", "bbox"]), maxItems: 8)),
             ("cpts", Schema.array(Schema.object([("id", Schema.string()), ("name", Schema.string()), ("status", Schema.string()), ("bbox", Schema.ref("BBox"))],
                                                 optional: ["bbox"]))),
             ("regions", Schema.array(Schema.object([("code", Schema.string()), ("name", Schema.string()), ("bbox", Schema.ref("BBox"))])))])),
         ("MapClasses", Schema.object([("coverage", Schema.array(Schema.object([
             ("class", Schema.integer(minimum: 0)), ("label", Schema.string()), ("colour", Schema.string(pattern: "^#[0-9a-f]{6}$"))])))])),
         ("MapCaller", Schema.object([("role", Schema.string(values: ["ars", "coordinator", "practitioner"])),
                                 ("cpts", Schema.object([("id", Schema.string()), ("name", Schema.string()), ("status", Schema.string()), ("bbox", Schema.ref("BBox"))],
                                                   optional: ["bbox"])),
                                 ("rpps", Schema.string())], optional: ["cpts", "rpps"])),
         ("MapLayer", Schema.object([("type", Schema.string(values: ["FeatureCollection"])), ("features", Schema.array(Schema.ref("Feature"))),
                                ("layer", Schema.string()), ("tolerance_m", Schema.integer(minimum: 0)), ("numberReturned", Schema.integer(minimum: 0))])),
         ("TileLayers", Schema.object([("layers", Schema.array(Schema.object([("id", Schema.string()), ("title", Schema.string()), ("tilejson", Schema.string(format: "uri"))])))])),
         ("TileJSON", .ordered([("type", .string("object")), ("required", .array(["tilejson", "tiles", "scheme"].map { .string($0) })),
                                ("properties", .ordered([("tilejson", Schema.string(values: ["3.0.0"])), ("tiles", Schema.array(Schema.string(), minItems: 1)),
                                                         ("scheme", Schema.string(values: ["xyz"]))])),
                                ("description", .string("TileJSON 3.0.0: the tileset's metadata (bounds, zooms, vector_layers…) and its tile URL template"))])),
         // OGC API – Features, Part 1 (GeoJSON).
         ("Link", Schema.object([("href", Schema.string(format: "uri")), ("rel", Schema.string()), ("type", Schema.string()), ("title", Schema.string())])),
         ("LandingPage", Schema.object([("title", Schema.string()), ("description", Schema.string()), ("links", Schema.array(Schema.ref("Link")))])),
         ("Conformance", Schema.object([("conformsTo", Schema.array(Schema.string(format: "uri")))])),
         ("Collection", Schema.object([
             ("id", Schema.string()), ("title", Schema.string()), ("description", Schema.string()), ("links", Schema.array(Schema.ref("Link"))),
             ("itemType", Schema.string(values: ["feature"])), ("crs", Schema.array(Schema.string(format: "uri"))),
             ("extent", Schema.object([("spatial", Schema.object([("bbox", Schema.array(Schema.ref("BBox"), minItems: 1)), ("crs", Schema.string(format: "uri"))]))])),
         ], optional: ["extent"])),
         ("Collections", Schema.object([("links", Schema.array(Schema.ref("Link"))), ("collections", Schema.array(Schema.ref("Collection")))])),
         ("Geometry", .ordered([("type", .string("object")), ("required", .array([.string("type")])),
                                ("properties", .ordered([("type", Schema.string(values: ["Point", "MultiPoint", "LineString", "MultiLineString",
                                                                                    "Polygon", "MultiPolygon", "GeometryCollection"]))])),
                                ("description", .string("An RFC 7946 geometry, 6 decimals; polygon layers hold MultiPolygons only"))])),
         ("Feature", .ordered([("type", .string("object")), ("required", .array(["type", "id", "properties", "geometry"].map { .string($0) })),
                               ("properties", .ordered([("type", Schema.string(values: ["Feature"])), ("id", Schema.string()),
                                                        ("properties", .ordered([("type", .string("object"))])),
                                                        ("geometry", Schema.oneOf([Schema.ref("Geometry"), .ordered([("type", .string("null"))])])),
                                                        ("links", Schema.array(Schema.ref("Link")))])),
                               ("additionalProperties", .bool(false))])),
         ("FeatureCollection", Schema.object([("type", Schema.string(values: ["FeatureCollection"])), ("features", Schema.array(Schema.ref("Feature"))),
                                         ("numberMatched", Schema.integer(minimum: 0)), ("numberReturned", Schema.integer(minimum: 0)),
                                         ("timeStamp", Schema.string(format: "date-time")), ("links", Schema.array(Schema.ref("Link")))])),
        ]
    }

    static let precision = Schema.string(values: LocationPrecision.allCases.map(\.rawValue))
    static let priority = Schema.string(values: PatientPriority.allCases.map(\.rawValue))

    static let report: [(String, JSONValue)] = [
        ("id", Schema.string()), ("name", Schema.string()), ("status", Schema.string(values: CPTSStatus.allCases.map(\.rawValue))),
        ("population", Schema.integer(minimum: 0)), ("size_category", Schema.integer(minimum: 1, maximum: 4)), ("funding_eur", Schema.integer(minimum: 0)),
        ("communes", Schema.integer(minimum: 0)), ("area_km2", Schema.number(minimum: 0)), ("departements", Schema.strings), ("regions", Schema.strings),
        ("contiguous", Schema.boolean()), ("parts", Schema.integer(minimum: 0)), ("overlaps_with", Schema.strings),
    ]

    /// `PerimeterDiagnostic` (and the codes a proposal had unknown or translated).
    static let diagnostic: JSONValue = {
        let density = Schema.nullable("number", "Practitioners per 10 000 inhabitants; null without population")
        let communeIndex = Schema.object([("code", Schema.string()), ("name", Schema.string()), ("per_100k", Schema.number(minimum: 0))])
        let communes = Schema.array(Schema.string())
        return Schema.object([
            ("perimeter", Schema.object(Array(report.filter { ["id", "name", "status", "population", "size_category", "funding_eur", "communes",
                                                                "area_km2", "departements", "regions", "contiguous", "parts"].contains($0.0) }) + [
                ("commune_codes", communes),
                ("epci", Schema.array(Schema.object([("code", Schema.string("SIREN")), ("name", Schema.nullable("string")),
                                                     ("communes_inside", Schema.integer(minimum: 1)), ("communes_total", Schema.integer(minimum: 1))],
                                                    optional: ["name"]))),
            ])),
            ("professions", Schema.array(Schema.object([
                ("code", Schema.string("RPPS profession code; `10-generaliste` for GPs (10 with SM54, SM53, SM26), `10` for other doctors")),
                ("label", Schema.string()), ("practitioners", Schema.integer(minimum: 0)), ("per_10k", density),
                ("departement_per_10k", density), ("region_per_10k", density), ("national_per_10k", density),
            ], optional: ["per_10k", "departement_per_10k", "region_per_10k", "national_per_10k"]))),
            ("accessibility", Schema.object([
                ("mean_per_100k", Schema.number(minimum: 0)), ("lowest", communeIndex), ("highest", communeIndex),
                ("national_mean_per_100k", Schema.number(minimum: 0)), ("population_below_national_mean", Schema.integer(minimum: 0)),
            ], "E2SFCA with the standard weights; absent when no commune has an index")),
            ("pharmacies", Schema.object([
                ("officines", Schema.integer(minimum: 0)), ("licences_allowed", Schema.integer(minimum: 0)), ("difference", Schema.integer()),
                ("mean_distance_km", Schema.nullable("number", "Population-weighted geodesic distance to the nearest officine")),
            ], optional: ["mean_distance_km"])),
            ("facilities", Schema.array(Schema.object([
                ("kind", Schema.string(values: FacilityKind.allCases.map(\.rawValue))), ("label", Schema.string()),
                ("count", Schema.integer(minimum: 0)),
                ("establishments", Schema.array(Schema.object([("finess", Schema.string()), ("name", Schema.string()),
                                                               ("category", Schema.string("FINESS category label")), ("commune_code", Schema.string())]))),
            ]), "FINESS establishments in the perimeter by kind (categories 101, 106, 355; 124; 603; 500)")),
            ("flags", Schema.array(Schema.object([
                ("code", Schema.string(values: DiagnosticFlag.Code.allCases.map(\.rawValue))), ("message", Schema.string("In French")),
                ("communes", communes),
            ]))),
            ("neighbours", Schema.object([
                ("cpts", Schema.array(Schema.object([("id", Schema.string()), ("name", Schema.string()),
                                                     ("status", Schema.string(values: CPTSStatus.allCases.map(\.rawValue))), ("touching_communes", communes)]))),
                ("white_zones", Schema.array(Schema.object([("id", Schema.string()), ("population", Schema.integer(minimum: 0)),
                                                            ("communes", Schema.integer(minimum: 1)), ("touching_communes", communes)]))),
            ])),
            ("unknown_codes", Schema.strings), ("translated_codes", Schema.map(Schema.string(), "Former code → current code")),
        ], optional: ["accessibility", "unknown_codes", "translated_codes"])
    }()

    static let coverage: [(String, JSONValue)] = [
        ("population_total", Schema.integer(minimum: 0)), ("population_covered", Schema.integer(minimum: 0)),
        ("coverage_rate", Schema.number(minimum: 0, maximum: 1)), ("communes_total", Schema.integer(minimum: 0)), ("communes_covered", Schema.integer(minimum: 0)),
    ]

    static let areaAccessibility: [(String, JSONValue)] = [
        ("communes", Schema.integer(minimum: 0)), ("population", Schema.integer(minimum: 0)), ("supply_gps", Schema.number()),
        ("index_per_100k", Schema.nullable("number")),
    ]
}
