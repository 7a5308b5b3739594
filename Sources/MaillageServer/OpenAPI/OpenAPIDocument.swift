import UseCases
import Cartography
import GeometryKit
import Territory

/// The OpenAPI 3.1 document of `maillage serve`: every route the router registers (`MaillageService.router`),
/// its parameters as `QueryParameters` reads them, its answers and every status it can give. `OpenAPITests`
/// checks that each route of the service is in it; `Tools/schemathesis.sh` holds the live service to it.
enum OpenAPIDocument {
    static let document: JSONValue = .ordered([
        ("openapi", .string("3.1.0")),
        ("info", .ordered([
            ("title", .string("Maillage")),
            ("version", .string("1")),
            ("description", .string("CPTS, coverage, white zones, accessibility and the orientation of patients without a GP to volunteer GPs. "
                                    + "Public reads are anonymous; the ARS perimeter check needs an `ars` or `coordinator` token, the patient data "
                                    + "of a CPTS its coordinator's token (`Authorization: Bearer TOKEN`). OGC API – Features under `/ogc`.")),
        ])),
        ("servers", .array([.ordered([("url", .string("/")), ("description", .string("This service"))])])),
        ("tags", .array(["service", "territory", "orientation", "practitioner", "accessibility", "map", "tiles", "ogc"].map { .ordered([("name", .string($0))]) })),
        ("paths", .ordered(paths)),
        ("components", .ordered([
            ("schemas", .ordered(OpenAPISchemas.all)),
            ("securitySchemes", .ordered([("bearer", .ordered([
                ("type", .string("http")), ("scheme", .string("bearer")),
                ("description", .string("A token of the service's tokens file: role `ars`, or `coordinator` of one CPTS")),
            ]))])),
        ])),
    ])

    /// Path → operations, in the order of `MaillageService.router`.
    static var operations: [(path: String, operations: [(method: String, operation: Operation)])] {
        (service + territory + orientation + practitioner + accessibility + map + tiles + ogc).map { ($0.0, $0.1.map { ($0.0, $0.1) }) }
    }

    static var paths: [(String, JSONValue)] {
        operations.map { path, operations in (path, .ordered(operations.map { ($0.method, $0.operation.json) })) }
    }

    static let badParameter = ("400", Reply.error("A parameter is missing or does not parse; `detail` names it"))
    static func notFound(_ what: String) -> (String, JSONValue) { ("404", Reply.error(what)) }
    static let tooLarge = ("413", Reply.error("The request body is larger than the service accepts (`serve --max-body-bytes`)"))

    // MARK: - Service

    static var service: [(String, [(String, Operation)])] {
        [("/health", [("get", Operation(id: "health", summary: "Liveness and what the service holds", tag: "service",
                                          responses: [("200", Reply.json("Service up", Schema.ref("Health")))]))]),
         ("/", [("get", Operation(id: "webMap", summary: "The web map page", tag: "service",
                                    responses: [("200", Reply.text("HTML page", type: "text/html"))]))]),
         ("/web/map.js", [("get", Operation(id: "webMapScript", summary: "The web map's map script", tag: "service",
                                            responses: [("200", Reply.text("JavaScript", type: "text/javascript"))]))]),
         ("/web/panel.js", [("get", Operation(id: "webMapPanelScript", summary: "The web map's side panel script", tag: "service",
                                              responses: [("200", Reply.text("JavaScript", type: "text/javascript"))]))]),
         ("/web/practitioner.js", [("get", Operation(id: "webMapPractitionerScript", summary: "The web map's practitioner view script", tag: "service",
                                                     responses: [("200", Reply.text("JavaScript", type: "text/javascript"))]))]),
         ("/web/indicators.js", [("get", Operation(id: "webMapIndicatorsScript", summary: "The web map's indicators chart script", tag: "service",
                                                   responses: [("200", Reply.text("JavaScript", type: "text/javascript"))]))]),
         ("/web/navigation.js", [("get", Operation(id: "webMapNavigationScript", summary: "The web map's first console mark (tests time the page from it)", tag: "service",
                                                   responses: [("200", Reply.text("JavaScript", type: "text/javascript"))]))]),
         ("/web/map.css", [("get", Operation(id: "webMapStyle", summary: "The web map's style sheet", tag: "service",
                                             responses: [("200", Reply.text("CSS", type: "text/css"))]))]),
         ("/vendor/leaflet/leaflet.js", [("get", leaflet("leafletScript", "Leaflet's script, from the system's libjs-leaflet", type: "text/javascript"))]),
         ("/vendor/leaflet/leaflet.css", [("get", leaflet("leafletStyle", "Leaflet's style sheet", type: "text/css"))]),
         ("/vendor/leaflet/images/{image}", [("get", Operation(
             id: "leafletImage", summary: "An image of Leaflet's style sheet", tag: "service",
             parameters: [Parameter.path("image", Schema.string(values: VendorRoutes.images), "File name")],
             responses: [("200", Reply.bytes("PNG image", types: ["image/png"])), notFound("Not an image of Leaflet"),
                         ("503", Reply.error("Leaflet is not installed (libjs-leaflet or MAILLAGE_LEAFLET_DIR)"))]))]),
         ("/api/v1/openapi.json", [("get", Operation(id: "openapi", summary: "This document", tag: "service",
                                                       responses: [("200", Reply.json("OpenAPI 3.1", Schema.any, type: OpenAPIRoutes.contentType))]))]),
         ("/api/v1/openapi.html", [("get", Operation(id: "openapiPage", summary: "This document as a page", tag: "service",
                                                       responses: [("200", Reply.text("HTML page", type: "text/html"))]))]),
        ]
    }

    static func leaflet(_ id: String, _ summary: String, type: String) -> Operation {
        Operation(id: id, summary: summary, tag: "service",
                  responses: [("200", Reply.text("The file", type: type)),
                              ("503", Reply.error("Leaflet is not installed (libjs-leaflet or MAILLAGE_LEAFLET_DIR)"))])
    }

    // MARK: - Territory

    static var territory: [(String, [(String, Operation)])] {
        [("/api/v1/cpts", [("get", Operation(
            id: "listCPTS", summary: "Every CPTS with its figures", tag: "territory", parameters: [Parameter.status] + Parameter.formats,
            responses: [("200", Reply.table("The CPTS", Schema.ref("CPTSListItem"))), badParameter]))]),
         ("/api/v1/cpts/{id}", [("get", Operation(
            id: "getCPTS", summary: "One CPTS: report, coverage, communes", tag: "territory",
            parameters: [Parameter.path("id", Schema.string(), "CPTS id (`CPTS-80-002`)")],
            responses: [("200", Reply.json("The CPTS", Schema.ref("CPTSDetail"))), notFound("No CPTS with this id")]))]),
         ("/api/v1/communes/{code}", [("get", Operation(
            id: "getCommune", summary: "One commune and the CPTS claiming it", tag: "territory",
            parameters: [Parameter.path("code", Schema.string(), "INSEE code")],
            responses: [("200", Reply.json("The commune", Schema.ref("Commune"))), notFound("No commune with this code")]))]),
         ("/api/v1/coverage", [("get", Operation(
            id: "coverage", summary: "Population and communes covered by a CPTS", tag: "territory",
            parameters: [Parameter.query("by", Schema.string(values: CoverageLevel.allCases.map(\.rawValue)), "Level (default nation)"), Parameter.status]
                + Parameter.formats,
            responses: [("200", Reply.jsonOrCSV("An object for the nation, else one row per CPTS, département or region",
                                           Schema.oneOf([Schema.ref("CoverageFigures"), Schema.array(Schema.ref("CoverageRow"))]))), badParameter]))]),
         ("/api/v1/overlaps", [("get", Operation(
            id: "overlaps", summary: "Communes claimed by two CPTS, per pair", tag: "territory", parameters: Parameter.formats,
            responses: [("200", Reply.table("The pairs", Schema.ref("Overlap"))), badParameter]))]),
         ("/api/v1/white-zones", [("get", Operation(
            id: "whiteZones", summary: "White zones: adjacent communes covered by no CPTS, cut at the régions' limits, largest first", tag: "territory",
            parameters: [Parameter.status, Parameter.query("departement", Schema.string(), "Only the white zones of this département's communes, cut at its limits"),
                         Parameter.query("region", Schema.string(), "Only the white zones of this région's communes (code or name), cut at its limits"),
                         Parameter.query("national", boolean, "Zones as the touch graph joins them across régions (default false: cut at the régions' limits)")]
                + Parameter.formats,
            responses: [("200", Reply.table("The zones", Schema.ref("WhiteZone"))), badParameter,
                        notFound("No commune in this département or région")]))]),
         ("/api/v1/cpts/{id}/diagnostic", [("get", Operation(
            id: "cptsDiagnostic", summary: "The territorial diagnostic of a CPTS (`maillage diagnostic --cpts ID`)",
            description: "Every profession's practitioners and densities against its départements, régions and the nation, accessibility, officines, validation flags and neighbours. `format=csv`: the professions' table.",
            tag: "territory",
            parameters: [Parameter.path("id", Schema.string(), "CPTS id"),
                         Parameter.query("proposed", boolean, "Its perimeter with the communes the white-zone proposals give it")] + Parameter.formats,
            responses: [("200", Reply.jsonOrCSV("The diagnostic", Schema.ref("Diagnostic"))), badParameter, notFound("No CPTS with this id")]))]),
         ("/api/v1/cpts/{id}/diagnostic.pdf", [("get", Operation(
            id: "cptsDiagnosticPDF", summary: "The diagnostic of a CPTS on one A4 page in French (`maillage diagnostic --cpts ID --out F.pdf`)",
            tag: "territory", parameters: [Parameter.path("id", Schema.string(), "CPTS id")],
            responses: [("200", Reply.bytes("A one-page PDF: figures, map, professions, accessibility, officines, flags, sources and date",
                                            types: ["application/pdf"])), notFound("No CPTS with this id")]))]),
         ("/api/v1/diagnostic", [("post", Operation(
            id: "diagnoseProposal", summary: "The diagnostic of a proposed perimeter, not stored (`maillage diagnostic FILE`)", tag: "territory",
            access: .authenticated,
            requestBody: .ordered([("required", .bool(true)),
                                   ("content", .ordered([
                                       (JSONResponse.json, .ordered([("schema", Schema.oneOf([
                                           Schema.ref("PerimeterProposal"), Schema.array(Schema.string(), "The communes' INSEE codes", minItems: 1)]))])),
                                       ("text/csv", .ordered([("schema", Schema.string("One CPTS in the layout of `import cpts`: cpts_id;cpts_nom;statut;code_commune;nom_commune"))])),
                                   ]))]),
            responses: [("200", Reply.json("The proposed perimeter's diagnostic", Schema.ref("Diagnostic"))),
                        ("400", Reply.error("The body is not JSON, not such an object, names no known commune, or lists more than 40 000 codes, a code longer than 10 bytes, an id or name longer than 200")), tooLarge]))]),
         ("/api/v1/white-zones/proposals", [("get", Operation(
            id: "whiteZoneProposals", summary: "For every uncovered commune, the existing CPTS that should take it in (`maillage white-zones proposals`)",
            description: "Every commune a CPTS can reach is attached, each joined to its CPTS through communes of its région attached to the same CPTS, with the least total steps; ties to a CPTS holding a commune of the same EPCI, then the nearest. Nothing stored. `format=csv`: the communes.",
            tag: "territory",
            parameters: [Parameter.status, Parameter.query("region", Schema.string(), "Only the uncovered communes of this région (code or name)")]
                + Parameter.formats,
            responses: [("200", Reply.jsonOrCSV("The proposals", Schema.ref("WhiteZoneProposals"))), badParameter,
                        notFound("No commune in this région")]))]),
         ("/api/v1/perimeter-check", [("post", Operation(
            id: "checkPerimeter", summary: "What-if of a proposed CPTS perimeter (`maillage check-perimeter`)", tag: "territory",
            access: .authenticated,
            requestBody: .ordered([("required", .bool(true)),
                                   ("content", .ordered([(JSONResponse.json, .ordered([("schema", Schema.ref("PerimeterProposal"))]))]))]),
            responses: [("200", Reply.json("The proposed perimeter's report", Schema.ref("PerimeterCheck"))),
                        ("400", Reply.error("The body is not JSON, not such an object, names no known commune, or lists more than 40 000 codes, a code longer than 10 bytes, an id or name longer than 200")), tooLarge]))]),
        ]
    }

    // MARK: - Orientation

    static var orientation: [(String, [(String, Operation)])] {
        let maxKm = Parameter.query("max_km", Schema.number(minimum: 0.001, maximum: 1000), "Distance bound in km (also `max-km`)")
        let csv = JSONValue.ordered([("required", .bool(true)),
                                     ("content", .ordered([("text/csv", .ordered([("schema", Schema.string())]))]))])
        return [
            ("/api/v1/nearest", [("get", Operation(
                id: "nearest", summary: "The volunteer GPs nearest a position or a commune (nothing about the patient is kept)",
                description: "Either `lat` and `lon`, or `commune`.", tag: "orientation",
                parameters: [Parameter.query("lat", Schema.number(minimum: -90, maximum: 90), "Latitude (WGS84)"),
                             Parameter.query("lon", Schema.number(minimum: -180, maximum: 180), "Longitude (WGS84)"),
                             Parameter.query("commune", Schema.string(), "INSEE code, instead of lat and lon"),
                             Parameter.query("k", Schema.integer(minimum: 1, maximum: 100), "How many (default 5)"),
                             Parameter.query("home_visits", boolean, "Only GPs doing home visits"), maxKm,
                             Parameter.query("same_cpts", boolean, "Only GPs of the patient's CPTS")],
                responses: [("200", Reply.json("The location and the volunteers, nearest first", Schema.ref("NearestAnswer"))),
                            ("400", Reply.error("A parameter does not parse, lat/lon and commune are both or neither given, or the place is unknown"))]))]),
            ("/api/v1/match", [("post", Operation(
                id: "match", summary: "Optimal matching of the coordinator's waiting list; a dry run unless commit=true",
                description: "The CPTS's own requests, with the volunteers practising in its communes (those of a commune two CPTS claim serve both).", tag: "orientation",
                access: .coordinator,
                parameters: [Parameter.query("max_km", Schema.number(minimum: 0.001, maximum: 1000), "Distance bound in km (default 30; also `max-km`)"),
                             Parameter.query("commit", boolean, "Record the assignments")] + Parameter.formats,
                responses: [("200", Reply.jsonOrCSV("The matching (CSV: one row per patient, placed or not)", Schema.ref("MatchAnswer"))), badParameter,
                            ("409", Reply.error("Places went to concurrent commits five times over; nothing was recorded"))]))]),
            ("/api/v1/requests-near", [("get", Operation(
                id: "requestsNear", summary: "The CPTS's pending requests around one of its GPs, nearest first (no addresses)",
                description: "Only for a GP practising in the CPTS's communes (else 403); distances rounded to 0.5 km.", tag: "orientation",
                access: .coordinator,
                parameters: [Parameter.query("rpps", Schema.string(pattern: "^[0-9]{11}$"), "RPPS number (11 digits, Luhn key)", required: true),
                             Parameter.query("km", Schema.number(minimum: 0.001, maximum: 200), "Radius in km (default 10)")],
                responses: [("200", Reply.json("The requests", Schema.array(Schema.ref("NearbyRequest")))), badParameter,
                            notFound("No such practitioner in the store")]))]),
            ("/api/v1/roster", [("post", Operation(
                id: "uploadRoster", summary: "Replace the roster rows the coordinator's CPTS owns (CSV)",
                description: "Rows of GPs practising outside the CPTS, or whose row another CPTS owns, are rejected with their line.", tag: "orientation",
                access: .coordinator, requestBody: csv,
                responses: [("200", Reply.json("The import's counts and issues", Schema.ref("UploadSummary"))),
                            ("400", Reply.error("Not a roster CSV, or no row in the CPTS")), tooLarge,
                            ("409", Reply.error("Another CPTS took one of the rows meanwhile; nothing was recorded"))]))]),
            ("/api/v1/waiting-list", [("post", Operation(
                id: "uploadWaitingList", summary: "Add or update the waiting requests of the coordinator's CPTS (CSV)", tag: "orientation",
                access: .coordinator, requestBody: csv,
                responses: [("200", Reply.json("The import's counts and issues", Schema.ref("UploadSummary"))),
                            ("400", Reply.error("Not a waiting-list CSV, or no row in the CPTS")), tooLarge])),
                                         ("get", Operation(
                id: "waitingList", summary: "The requests of the coordinator's CPTS still waiting for a GP (audited)", tag: "orientation",
                access: .coordinator, parameters: Parameter.formats,
                responses: [("200", Reply.table("The pending requests", Schema.ref("PendingRequest"))), badParameter]))]),
            ("/api/v1/assignments", [("get", Operation(
                id: "assignments", summary: "Who was placed with whom, when and how far, in the coordinator's CPTS (audited)", tag: "orientation",
                access: .coordinator,
                parameters: [Parameter.query("from", Schema.string(format: "date"), "From this day, included (AAAA-MM-JJ; JJ/MM/AAAA is read too)"),
                             Parameter.query("to", Schema.string(format: "date"), "To this day, included")] + Parameter.formats,
                responses: [("200", Reply.table("The orientations, oldest first", Schema.ref("AssignmentRecord"))), badParameter]))]),
            ("/api/v1/indicators", [("get", Operation(
                id: "indicators", summary: "Orientation indicators over a period: registered, oriented, declined, waiting, purged; by priority; distances and delays",
                description: "A coordinator: its own CPTS, `by=cpts` (another `cpts` or grouping: 403). The ARS: any grouping (`cpts`, `departement`, "
                    + "`region` of the request's commune), one CPTS or all. Oriented: a committed matching or a GP's acceptance; waiting: at the end of "
                    + "the period; p90 by nearest rank.",
                tag: "orientation", access: .authenticated,
                parameters: [Parameter.query("from", Schema.string(format: "date"), "First day, included (AAAA-MM-JJ; JJ/MM/AAAA is read too)", required: true),
                             Parameter.query("to", Schema.string(format: "date"), "Last day, included; at most ten years after `from`", required: true),
                             Parameter.query("by", Schema.string(values: OrientationIndicators.Grouping.allCases.map(\.rawValue)), "Grouping (default cpts)"),
                             Parameter.query("cpts", Schema.string(), "One CPTS (the ARS's choice; a coordinator's own)")] + Parameter.formats,
                responses: [("200", Reply.jsonOrCSV("The rows (CSV: one line per group)", Schema.ref("Indicators"))), badParameter,
                            notFound("No such CPTS in the store")]))]),
            ("/api/v1/roster/stale", [("get", Operation(
                id: "staleRoster", summary: "The roster entries to confirm: not updated within the stale age (serve --stale-after, 6 months by default), oldest first",
                description: "A coordinator's own CPTS (another `cpts`: 403); for the ARS, the CPTS asked or every volunteer. "
                    + "`etat` is `excluded` past the exclusion age (serve --exclude-after, 12 months): such entries are left out of nearest and match.",
                tag: "orientation", access: .authenticated,
                parameters: [Parameter.query("cpts", Schema.string(), "CPTS id (the ARS's choice; a coordinator's own)")] + Parameter.formats,
                responses: [("200", Reply.table("The entries, oldest first", Schema.ref("StaleRosterEntry"))), badParameter,
                            notFound("No such CPTS in the store")]))]),
        ]
    }

    // MARK: - The practitioner's side

    static var practitioner: [(String, [(String, Operation)])] {
        let request = [Parameter.path("cpts", Schema.string(), "The request's CPTS (as `GET /api/v1/me/requests` gives it)"),
                       Parameter.path("reference", Schema.string(), "The request's reference")]
        func body(_ schema: JSONValue) -> JSONValue {
            .ordered([("required", .bool(true)), ("content", .ordered([(JSONResponse.json, .ordered([("schema", schema)]))]))])
        }
        let unknown = notFound("Not a pending request of a CPTS he practises in, within 200 km of his practice")
        return [
            ("/api/v1/me", [("get", Operation(
                id: "myProfile", summary: "The practitioner's own page: name, practice, the CPTS he works with, his roster entry and its freshness",
                tag: "practitioner", access: .practitioner,
                responses: [("200", Reply.json("His profile", Schema.ref("MyProfile"))), notFound("Neither the roster nor the RPPS extract knows his number")])),
                            ("patch", Operation(
                id: "updateMyEntry", summary: "Update his roster entry (places, home visits, new patients); `mis_a_jour_le` becomes today",
                tag: "practitioner", access: .practitioner,
                requestBody: body(Schema.object([("places_restantes", Schema.integer(minimum: 0, maximum: 9_999)), ("visites_domicile", Schema.boolean()),
                                                 ("accepte_nouveaux_patients", Schema.boolean())],
                                                optional: ["places_restantes", "visites_domicile", "accepte_nouveaux_patients"])),
                responses: [("200", Reply.json("His profile, updated", Schema.ref("MyProfile"))),
                            ("400", Reply.error("Not JSON, nothing to change, or places out of 0…9999")), tooLarge,
                            notFound("He has no roster entry: his CPTS lists him first")]))]),
            ("/api/v1/me/requests", [("get", Operation(
                id: "myRequests", summary: "The pending requests of the CPTS he practises in, around his practice, nearest first (no address; audited)",
                description: "Distances rounded to 0.5 km; the requests he declined are left out.", tag: "practitioner", access: .practitioner,
                parameters: [Parameter.query("km", Schema.number(minimum: 0.001, maximum: 200), "Radius in km (default 10)")] + Parameter.formats,
                responses: [("200", Reply.table("The requests", Schema.ref("MyRequest"))), badParameter, notFound("Neither the roster nor the RPPS extract knows his number")]))]),
            ("/api/v1/me/requests/{cpts}/{reference}/accept", [("post", Operation(
                id: "acceptRequest", summary: "Take the request: one of his places, and the orientation recorded, in one transaction (audited)",
                tag: "practitioner", access: .practitioner, parameters: request,
                responses: [("200", Reply.json("The orientation", Schema.ref("AcceptedRequest"))), unknown,
                            ("409", Reply.error("The request is no longer pending, or he has no place left or takes no new patient"))]))]),
            ("/api/v1/me/requests/{cpts}/{reference}/decline", [("post", Operation(
                id: "declineRequest", summary: "Decline the request, with a reason: hidden from him, still pending for the others (audited)",
                tag: "practitioner", access: .practitioner, parameters: request,
                requestBody: body(Schema.object([("reason", Schema.string("Why, 1 to 500 characters"))])),
                responses: [("200", Reply.json("Declined", Schema.ref("DeclinedRequest"))), ("400", Reply.error("Not JSON, or no reason")), tooLarge, unknown,
                            ("409", Reply.error("The request is no longer pending"))]))]),
        ]
    }

    /// `QueryParameters.bool`: absent, `false`, `0` are false; empty, `true`, `1` true.
    static let boolean = Schema.string(values: ["", "true", "false", "1", "0"])

    // MARK: - Accessibility

    static var accessibility: [(String, [(String, Operation)])] {
        [("/api/v1/accessibility", [("get", Operation(
            id: "accessibility", summary: "Accessibility to GPs (E2SFCA) per commune, CPTS or département", tag: "accessibility",
            parameters: [Parameter.query("by", Schema.string(values: ["commune", "cpts", "departement"]), "Level (default commune)"),
                         Parameter.query("radius_km", Schema.number(minimum: 0.1, maximum: 200), "Catchment radius (default 30)"),
                         Parameter.query("weights", Schema.string(), "Distance bands and weights, `10:1,20:0.5,30:0.2` (the last band is the radius)"),
                         Parameter.query("departement", Schema.string(), "Only this département (by=commune or departement)")] + Parameter.formats,
            responses: [("200", Reply.jsonOrCSV("The index", .ordered([("anyOf", .array([Schema.array(Schema.ref("CommuneAccessibility")),
                                                                                      Schema.array(Schema.ref("CPTSAccessibility")),
                                                                                      Schema.array(Schema.ref("DepartementAccessibility"))]))]))),
                        badParameter, notFound("No commune of this département")]))]),
         ("/api/v1/pharmacies/quota", [("get", Operation(
            id: "pharmacyQuota", summary: "Officines and licences allowed per commune", tag: "accessibility",
            parameters: [Parameter.query("departement", Schema.string(), "Only this département")] + Parameter.formats,
            responses: [("200", Reply.jsonOrCSV("The quota (CSV: the communes' rows)", Schema.ref("PharmacyQuota"))), badParameter,
                        notFound("No commune of this département")]))]),
        ]
    }

    // MARK: - Map

    static var map: [(String, [(String, Operation)])] {
        let bbox = Parameter.query("bbox", Schema.string(pattern: bboxPattern), "minLon,minLat,maxLon,maxLat (WGS84)")
        return [
            ("/api/v1/map/territories", [("get", Operation(id: "mapTerritories", summary: "The territories the web map switches between", tag: "map",
                                                             responses: [("200", Reply.json("Territories", Schema.ref("MapTerritories")))]))]),
            ("/api/v1/map/status", [("get", Operation(id: "mapStatus", summary: "Build status of the generalised levels (starts the build)", tag: "map",
                                                        responses: [("200", Reply.json("Levels", Schema.ref("MapStatus")))]))]),
            ("/api/v1/map/search", [("get", Operation(
                id: "mapSearch", summary: "Communes by name or INSEE code; CPTS by id or name; régions by name", tag: "map",
                parameters: [Parameter.query("q", Schema.string(minLength: 1, maxLength: 100), "Name or code", required: true)],
                responses: [("200", Reply.json("Up to 8 communes", Schema.ref("CommuneMatches"))), badParameter]))]),
            ("/api/v1/map/classes", [("get", Operation(
                id: "mapClasses", summary: "The coverage classes of the choropleths, as the printed maps draw them", tag: "map",
                responses: [("200", Reply.json("The classes", Schema.ref("MapClasses")))]))]),
            ("/api/v1/map/me", [("get", Operation(
                id: "mapMe", summary: "The caller's role and, for a coordinator, its CPTS; for a practitioner, his RPPS number", tag: "map", access: .anyToken,
                responses: [("200", Reply.json("The caller", Schema.ref("MapCaller"))),
                            ("403", Reply.error("The coordinator token's CPTS is not in the store"))]))]),
            ("/api/v1/map/{layer}", [("get", Operation(
                id: "mapLayer", summary: "A generalised layer of the web map (communes need a bbox)", tag: "map",
                parameters: [Parameter.path("layer", Schema.string(values: MapLayers.layerIDs), "Layer"),
                             Parameter.query("tolerance", Schema.integer(minimum: 0), "Generalisation in metres, one of the levels of /api/v1/map/status"), bbox],
                responses: [("200", Reply.geoJSON("The layer", Schema.ref("MapLayer"))),
                            ("400", Reply.error("Unknown tolerance, bad bbox, communes without bbox or over too many communes")),
                            notFound("No such layer")]))]),
            ("/api/v1/maps/coverage.{format}", [("get", reportMap("coverageMap", "The coverage map of `maillage map` (SVG or PNG)", parameters: [
                Parameter.query("by", Schema.string(values: ReportMap.Level.allCases.map(\.rawValue)), "Level (default departement)")]))]),
            ("/api/v1/maps/white-zones.{format}", [("get", reportMap("whiteZonesMap", "The white zones map of `maillage map` (SVG or PNG)"))]),
        ]
    }

    /// `ReportMapRoutes.map`: region, width and statuses for both maps, `by` for the coverage map only.
    static func reportMap(_ id: String, _ summary: String, parameters: [JSONValue] = []) -> Operation {
        Operation(id: id, summary: summary, tag: "map",
                  parameters: [Parameter.path("format", Schema.string(values: MapImageFormat.allCases.map(\.rawValue)), "Image format")] + parameters + [
                      Parameter.query("region", Schema.string(), "Only this region (code)"),
                      Parameter.query("width", Schema.integer(minimum: ReportMapLayout.widths.lowerBound, maximum: ReportMapLayout.widths.upperBound),
                              "Width in pixels (default 1200)"),
                      Parameter.status],
                  responses: [("200", Reply.bytes("The map", types: MapImageFormat.allCases.map(\.contentType))), badParameter,
                              notFound("No such map")])
    }

    // MARK: - Tiles

    static var tiles: [(String, [(String, Operation)])] {
        let layer = Parameter.path("layer", Schema.string(values: TileLayerKind.allCases.map(\.rawValue)), "Layer")
        func tile(_ method: String) -> Operation {
            Operation(id: method == "get" ? "tile" : "tileHead", summary: "A Mapbox Vector Tile (Web Mercator, XYZ)", tag: "tiles",
                      parameters: [layer, Parameter.path("z", Schema.integer(minimum: TileLayerKind.zooms.lowerBound, maximum: TileLayerKind.zooms.upperBound), "Zoom"),
                                   Parameter.path("x", Schema.integer(minimum: 0), "Column"), Parameter.path("y", Schema.integer(minimum: 0), "Row, 0 at the north"),
                                   .ordered([("name", .string("If-None-Match")), ("in", .string("header")), ("required", .bool(false)),
                                             ("schema", Schema.string())])],
                      responses: [("200", Reply.bytes("The tile", types: [TileRoutes.contentType])),
                                  ("304", .ordered([("description", .string("The tile has the ETag of If-None-Match"))])),
                                  ("400", Reply.error("z, x or y is not an integer")), notFound("No such layer, zoom or tile")])
        }
        return [
            ("/tiles", [("get", Operation(id: "tileLayers", summary: "The vector tile layers", tag: "tiles",
                                            responses: [("200", Reply.json("Layers and their TileJSON", Schema.ref("TileLayers")))]))]),
            ("/tiles/{layer}.json", [("get", Operation(id: "tileJSON", summary: "TileJSON 3.0 of a layer", tag: "tiles", parameters: [layer],
                                                         responses: [("200", Reply.json("TileJSON", Schema.ref("TileJSON"))), notFound("No such layer")]))]),
            ("/tiles/{layer}/{z}/{x}/{y}.mvt", [("get", tile("get")), ("head", tile("head"))]),
        ]
    }

    // MARK: - OGC API – Features

    static var ogc: [(String, [(String, Operation)])] {
        let collection = Parameter.path("collectionId", Schema.string(), "Collection id (`/ogc/collections` lists them)")
        let unknown = notFound("No such collection")
        return [
            ("/ogc", [("get", Operation(id: "ogcLandingPage", summary: "OGC API – Features landing page", tag: "ogc",
                                          responses: [("200", Reply.json("Links to the API definition, conformance and collections", Schema.ref("LandingPage")))]))]),
            ("/ogc/conformance", [("get", Operation(id: "ogcConformance", summary: "Conformance classes", tag: "ogc",
                                                      responses: [("200", Reply.json("Classes", Schema.ref("Conformance")))]))]),
            ("/ogc/collections", [("get", Operation(id: "ogcCollections", summary: "The collections", tag: "ogc",
                                                      responses: [("200", Reply.json("Collections", Schema.ref("Collections")))]))]),
            ("/ogc/collections/{collectionId}", [("get", Operation(
                id: "ogcCollection", summary: "One collection", tag: "ogc", parameters: [collection],
                responses: [("200", Reply.json("The collection", Schema.ref("Collection"))), unknown]))]),
            ("/ogc/collections/{collectionId}/items", [("get", Operation(
                id: "ogcItems", summary: "A page of a collection's features",
                description: "At most `limit` features (above \(OGCRoutes.maximumLimit), \(OGCRoutes.maximumLimit)) and a few megabytes; "
                    + "`next` continues after the last one returned.",
                tag: "ogc",
                parameters: [collection,
                             Parameter.query("limit", Schema.integer(minimum: 1, default: OGCRoutes.defaultLimit), "Most features (default \(OGCRoutes.defaultLimit))"),
                             Parameter.query("offset", Schema.integer(minimum: 0), "Features to skip"),
                             Parameter.query("bbox", Schema.string(pattern: bboxPattern), "minLon,minLat,maxLon,maxLat (CRS84)")],
                responses: [("200", Reply.geoJSON("The features", Schema.ref("FeatureCollection"))), badParameter, unknown]))]),
            ("/ogc/collections/{collectionId}/items/{featureId}", [("get", Operation(
                id: "ogcFeature", summary: "One feature", tag: "ogc",
                parameters: [collection, Parameter.path("featureId", Schema.string(), "Feature id")],
                responses: [("200", Reply.geoJSON("The feature", Schema.ref("Feature"))), notFound("No such collection or feature")]))]),
        ]
    }

    /// Four comma-separated decimal numbers, as `OGCRoutes.parseBBox` reads them (min ≤ max is checked on top).
    static let bboxPattern: String = {
        let number = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?"
        return "^" + number + "(," + number + "){3}$"
    }()
}

/// The `status` parameter: CPTS statuses separated by commas, empty items allowed, as `CPTSStatus.parseList`
/// reads them (which also trims blanks around an item; `+` in a query string is not one).
enum CoveringStatusPattern {
    static let values = CPTSStatus.allCases.map(\.rawValue)
    static let pattern: String = {
        let item = "(" + values.joined(separator: "|") + ")?"
        return "^" + item + "(," + item + ")*$"
    }()
}
