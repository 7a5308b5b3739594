import GeometryKit
import Hummingbird
import Territory

/// `/tiles`: Mapbox Vector Tiles 2.1 of the public layers, for QGIS (*Layer → Add Vector Tile Layer*),
/// MapLibre and the regional portals, as Martin or pg_tileserv would serve them from PostGIS.
///
/// - `GET /tiles/{layer}/{z}/{x}/{y}.mvt`: `application/vnd.mapbox-vector-tile`, Web Mercator, XYZ rows (0 at
///   the north), zooms 0–14; with `ETag` (a matching `If-None-Match` gets 304) and `Cache-Control`.
/// - `GET /tiles/{layer}.json`: its TileJSON 3.0 (tile URL template, bounds, fields).
/// - `GET /tiles`: the layers and their TileJSON URLs.
struct TileRoutes {
    let state: ServiceState
    let serviceURL: ServiceURL
    static let contentType = "application/vnd.mapbox-vector-tile"

    func register(on router: Router<MaillageRequestContext>) {
        router.get("tiles") { request, _ in
            TileLayerList(layers: TileLayerKind.allCases.map { .init(id: $0.rawValue, title: $0.title, tilejson: serviceURL.root(request) + "/tiles/\($0.rawValue).json") })
        }
        // One parameter name per position (Hummingbird's trie): here "layer" is "cpts.json".
        router.get("tiles/:layer") { request, context in
            let file = try context.parameters.require("layer")
            guard file.hasSuffix(".json") else { throw APIError(.notFound, "not found", "les jeux de tuiles sont à /tiles/{couche}.json") }
            return try await tileJSON(request, kind: try Self.kind(String(file.dropLast(5))))
        }
        // GET, and HEAD as GDAL's /vsicurl/ (QGIS) asks first: the same status and headers.
        for method in [HTTPRequest.Method.get, .head] {
            router.on("tiles/:layer/:z/:x/:file", method: method) { request, context in
                let kind = try Self.kind(try context.parameters.require("layer"))
                let file = try context.parameters.require("file")
                guard file.hasSuffix(".mvt") else { throw APIError(.notFound, "not found", "les tuiles sont à /tiles/{couche}/{z}/{x}/{y}.mvt") }
                let id = try Self.tileID(z: try context.parameters.require("z"), x: try context.parameters.require("x"), y: String(file.dropLast(4)))
                return try await tile(request, kind: kind, id: id)
            }
        }
    }

    func tile(_ request: Request, kind: TileLayerKind, id: TileID) async throws -> Response {
        let served: ServedTile
        let maxAge: Int
        if kind == .volunteers {
            // Places left change with every committed matching: the snapshot of the moment, kept a minute.
            let (orientation, freshness) = (state.orientation, state.rosterClock.now())
            let tiles = try await orientation.volunteerLayers(freshness).tiles
            served = try await orientation.volunteerTileCache.tile("\(freshness.today)/\(id)") { try tiles.tile(id) }
            maxAge = 60
        } else {
            served = try await state.territory.tiles.tile(kind, id)
            maxAge = 3_600
        }
        var headers = HTTPFields()
        headers[.eTag] = served.etag
        headers[.cacheControl] = "public, max-age=\(maxAge)"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == served.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = Self.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: served.bytes)))
    }

    func tileJSON(_ request: Request, kind: TileLayerKind) async throws -> TileJSON {
        let layer = kind == .volunteers ? try await state.volunteerLayers().tiles : try await state.territory.tiles.layer(kind, zoom: TileLayerKind.zooms.lowerBound)
        return TileJSON(kind: kind, layer: layer, tileURL: serviceURL.root(request) + "/tiles/\(kind.rawValue)/{z}/{x}/{y}.mvt")
    }

    static func kind(_ name: String) throws -> TileLayerKind {
        guard let kind = TileLayerKind(rawValue: name) else {
            throw APIError(.notFound, "unknown tile layer", "pas de couche de tuiles \(name) ; couches : \(TileLayerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }

    static func tileID(z: String, x: String, y: String) throws -> TileID {
        guard let z = Int(z), let x = Int(x), let y = Int(y) else { throw APIError.badParameter("z/x/y", "des entiers : /tiles/{couche}/{z}/{x}/{y}.mvt") }
        guard TileLayerKind.zooms.contains(z) else {
            throw APIError(.notFound, "no such zoom", "tuiles servies aux zooms \(TileLayerKind.zooms.lowerBound) à \(TileLayerKind.zooms.upperBound) ; au-delà, les clients agrandissent")
        }
        guard let id = TileID(z: z, x: x, y: y) else { throw APIError(.notFound, "no such tile", "au zoom \(z), x et y vont de 0 à \((1 << z) - 1)") }
        return id
    }
}

// MARK: - Bodies

/// TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for one layer: the tileset's
/// metadata and the URL template of its tiles.
struct TileJSON: ResponseEncodable {
    let metadata: TilesetMetadata
    let tiles: [String]

    private enum CodingKeys: String, CodingKey { case tilejson, tiles, scheme }

    init(kind: TileLayerKind, layer: TileLayer, tileURL: String) {
        metadata = TilesetMetadata(kind: kind, layer: layer)
        tiles = [tileURL]
    }

    func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)   // the same JSON object: its members, then TileJSON's own
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("3.0.0", forKey: .tilejson)
        try container.encode(tiles, forKey: .tiles)
        try container.encode("xyz", forKey: .scheme)
    }
}

struct TileLayerList: ResponseEncodable {
    struct Layer: Codable { let id: String, title: String, tilejson: String }
    let layers: [Layer]
}
