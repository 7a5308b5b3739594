import Cartography
import UseCases
import GeometryKit
import Hummingbird
import Territory

/// `/api/v1/map`: what the web map draws. The territories it switches between, the commune search, the
/// build status of the generalised levels, the caller's own CPTS, and the generalised layers as GeoJSON:
/// `GET /api/v1/map/{departements|cpts|white-zones|overlaps|communes}?tolerance=M&bbox=minLon,minLat,maxLon,maxLat`.
struct MapRoutes {
    let state: ServiceState
    /// A communes request matching more than this is refused: the page asks for them from commune zoom only.
    static let maxCommunes = 5_000

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("map/territories") { _, _ in
            MapTerritories(territories: MapTerritory.allCases.map {
                .init(id: $0.rawValue, name: $0.name, departement: $0.departement, bbox: Self.bbox($0.extent))
            })
        }
        api.get("map/status") { _, _ in status() }
        api.get("map/classes") { _, _ in MapClasses.standard }
        api.get("map/search") { request, _ in try await search(request) }
        api.get("map/me") { _, context in try me(context) }
        api.get("map/:layer") { request, context in try await layer(request, id: try context.parameters.require("layer")) }
    }

    /// Which levels are built (the build starts if it had not).
    func status() -> MapStatus {
        let map = state.territory.map
        map.start()
        let levels = map.status().map { tolerance, result in
            let level = try? result?.get()
            var failure: String?
            if case .failure(let error)? = result { failure = "\(error)" }
            return MapStatus.Level(toleranceMetres: tolerance, ready: level != nil,
                                   layers: MapLayers.layerIDs.filter { $0 != "communes" || MapLayers.communeTolerances.contains(tolerance) },
                                   buildSeconds: level?.buildSeconds, readySeconds: level?.readySeconds, error: failure)
        }
        return MapStatus(ready: levels.allSatisfy(\.ready), maxCommunes: Self.maxCommunes, levels: levels)
    }

    /// `?q=amiens` or `?q=800`: up to 8 communes with their extent, for the search box and `?commune=`; the CPTS (by id or
    /// name) and régions it names.
    func search(_ request: Request) async throws -> CommuneMatches {
        guard let q = QueryParameters(request).string("q"), !q.isEmpty, q.count <= 100 else {
            throw APIError.badParameter("q", "un nom de commune ou un code INSEE (1 à 100 caractères)")
        }
        let territory = state.territory, search = try await territory.communeSearch()
        var found = search.matches(q)
        // A former code or a municipal arrondissement (75056's 75101…) leads to today's commune.
        if found.isEmpty, let current = territory.lookup.commune(q)?.commune { found = [current] }
        return CommuneMatches(communes: found.map { c in
            .init(code: c.code, name: c.name, departement: c.departement, population: c.population,
                  cpts: territory.analysis.cpts(claiming: c.code), bbox: c.geometry?.envelope.map(Self.bbox))
        }, cpts: search.cptsMatches(q).map { report in
            .init(id: report.id, name: report.perimeter.name, status: report.perimeter.status.rawValue, bbox: report.geometry?.envelope.map(Self.bbox))
        }, regions: search.regionMatches(q).map { .init(code: $0.code, name: $0.name, bbox: Self.bbox($0.extent)) })
    }

    /// The caller's role and, for a coordinator, its CPTS and extent ("ma CPTS" in the switcher); a practitioner's RPPS.
    func me(_ context: MaillageRequestContext) throws -> MapCaller {
        let id: String
        switch context.caller.role {
        case .anonymous: throw APIError(.unauthorized, "token required", "cette adresse demande un jeton")
        case .practitioner(let rpps): return MapCaller(role: context.caller.role.name, cpts: nil, rpps: rpps)
        case .ars: return MapCaller(role: context.caller.role.name, cpts: nil)
        case .coordinator(let cpts): id = cpts
        }
        guard let report = state.territory.report(id: id) else {
            throw APIError(.forbidden, "forbidden", "la CPTS \(id) du jeton n’est pas dans la base")
        }
        return MapCaller(role: context.caller.role.name, cpts: .init(
            id: id, name: report.perimeter.name, status: report.perimeter.status.rawValue, bbox: report.geometry?.envelope.map(Self.bbox)))
    }

    /// One generalised layer: awaits its level, selects by bbox, concatenates the features (each written once, when first asked for).
    func layer(_ request: Request, id: String) async throws -> Response {
        guard MapLayers.layerIDs.contains(id) else {
            throw APIError(.notFound, "unknown map layer", "pas de couche \(id) ; couches : \(MapLayers.layerIDs.joined(separator: ", "))")
        }
        let query = QueryParameters(request)
        let allowed = id == "communes" ? MapLayers.tolerances.filter(MapLayers.communeTolerances.contains) : MapLayers.tolerances
        let tolerance = try query.int("tolerance", in: 0...Int.max) ?? allowed[0]
        guard allowed.contains(tolerance) else {
            throw APIError.badParameter("tolerance", "une valeur parmi \(allowed.map(String.init).joined(separator: ", ")) (mètres)"
                                        + (id == "communes" ? ": the communes are served at the finest level only" : ""))
        }
        let bbox = try query.string("bbox").map(Self.parseBBox)
        if id == "communes" && bbox == nil { throw APIError.badParameter("bbox", "obligatoire pour les communes (minLon,minLat,maxLon,maxLat)") }
        let level = try await state.territory.map.level(tolerance)
        guard let layer = level.layers[id] else { throw APIError(.notFound, "unknown map layer", "pas de couche \(id) à \(tolerance) m") }
        // The features are written the first time a view holds them: selected and written off the event loops.
        let text = try await state.offload {
            let features = layer.features(intersecting: bbox)
            if id == "communes" && features.count > Self.maxCommunes {
                throw APIError.badParameter("bbox", "couvre \(features.count) communes, au plus \(Self.maxCommunes) : zoomez")
            }
            let members = ",\"layer\":\"\(id)\",\"tolerance_m\":\(tolerance),\"numberReturned\":\(features.count)"
            return try FeatureLayer.collectionText(features, members: members)
        }
        return JSONResponse.text(text, contentType: JSONResponse.geoJSON)
    }

    /// The OGC API's bbox, within longitude/latitude bounds.
    static func parseBBox(_ text: String) throws -> Envelope {
        let bbox = try OGCRoutes.parseBBox(text)
        guard bbox.minX >= -180, bbox.maxX <= 180, bbox.minY >= -90, bbox.maxY <= 90 else {
            throw APIError.badParameter("bbox", "minLon,minLat,maxLon,maxLat dans -180…180 et -90…90")
        }
        return bbox
    }

    static func bbox(_ e: Envelope) -> [Double] { [e.minX, e.minY, e.maxX, e.maxY] }
}

// MARK: - Bodies

struct MapTerritories: ResponseEncodable {
    struct Territory: Codable { let id: String, name: String, departement: String?, bbox: [Double] }
    let territories: [Territory]
}

struct MapStatus: ResponseEncodable {
    struct Level: Codable {
        let toleranceMetres: Int
        let ready: Bool
        let layers: [String]
        /// This level's build alone, and from the start of the build to this level ready.
        let buildSeconds: Double?
        let readySeconds: Double?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case toleranceMetres = "tolerance_m", ready, layers, buildSeconds = "build_seconds", readySeconds = "ready_seconds", error
        }
    }
    let ready: Bool
    /// The most communes one request may match.
    let maxCommunes: Int
    let levels: [Level]

    enum CodingKeys: String, CodingKey { case ready, maxCommunes = "max_communes", levels }
}

struct CommuneMatches: ResponseEncodable {
    struct Match: Codable { let code: String, name: String, departement: String, population: Int?, cpts: [String], bbox: [Double]? }
    struct Region: Codable { let code: String, name: String, bbox: [Double] }
    let communes: [Match]
    let cpts: [MapCaller.CPTS]
    let regions: [Region]
}

/// The classes of the coverage choropleths, those of the printed maps (`CoverageClass`): each feature of the
/// départements and CPTS layers names its class (`coverage_class`, `coverage_class_aci`), the page its colour and label.
struct MapClasses: ResponseEncodable {
    struct Class: Codable { let `class`: Int, label: String, colour: String }
    let coverage: [Class]

    static let standard = MapClasses(coverage: CoverageClass.allCases.map { .init(class: $0.rawValue, label: $0.label, colour: $0.colour.hexString) })
}

struct MapCaller: ResponseEncodable {
    struct CPTS: Codable { let id: String, name: String, status: String, bbox: [Double]? }
    let role: String
    let cpts: CPTS?
    var rpps: String? = nil
}
