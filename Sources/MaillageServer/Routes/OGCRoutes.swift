import Foundation
import GeometryKit
import Hummingbird
import Territory

/// OGC API – Features, Part 1 (Core, GeoJSON) under `/ogc`: what QGIS, GDAL (`OAPIF:`), OWSLib and
/// Leaflet read. Public layers only: communes, CPTS, white zones, overlaps, pharmacies, accessibility, volunteers.
struct OGCRoutes {
    let state: ServiceState
    let serviceURL: ServiceURL
    /// The most bytes of features one items page holds (at least one feature): `limit=10000` of full-resolution
    /// communes is cut into pages of a few megabytes, each with its `next` link.
    var pageByteBudget = OGCRoutes.defaultPageByteBudget
    static let defaultPageByteBudget = 4 << 20
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    static let defaultLimit = 10
    static let maximumLimit = 10_000

    func register(on router: Router<MaillageRequestContext>) {
        let ogc = router.group("ogc")
        ogc.get { request, _ in try landingPage(request) }
        ogc.get("conformance") { _, _ in try JSONResponse.answer(OGCDocuments.Conformance()) }
        ogc.get("collections") { request, _ in
            let base = self.base(request)
            return try JSONResponse.answer(OGCDocuments.Collections(links: [.init(base + "/collections", "self", JSONResponse.json, "Collections")],
                                                                    collections: try await layers().map { .init($0, base: base) }))
        }
        ogc.get("collections/:collection") { request, context in
            try JSONResponse.answer(OGCDocuments.Collection(try await layer(context), base: base(request)))
        }
        ogc.get("collections/:collection/items") { request, context in try await items(request, layer: try await layer(context)) }
        ogc.get("collections/:collection/items/:feature") { request, context in
            let layer = try await layer(context)
            let id = try context.parameters.require("feature")
            guard let feature = layer.feature(id: id) else { throw APIError(.notFound, "unknown feature", "pas d’objet \(id) dans \(layer.id)") }
            let base = self.base(request) + "/collections/\(layer.id)"
            let links = try JSONValueEncoder.string([OGCDocuments.Link(base + "/items/\(id)", "self", JSONResponse.geoJSON, "This feature"),
                                                     OGCDocuments.Link(base, "collection", JSONResponse.json, layer.title)])
            return JSONResponse.text(try await state.offload { try feature.text(adding: ",\"links\":" + links) }, contentType: JSONResponse.geoJSON)
        }
    }

    private func layers() async throws -> [FeatureLayer] { try await state.territory.layers() + [try await state.volunteerLayers().features] }

    private func layer(_ context: MaillageRequestContext) async throws -> FeatureLayer {
        let id = try context.parameters.require("collection")
        if let layer = try await state.territory.layer(id) { return layer }
        let volunteers = try await state.volunteerLayers().features
        guard volunteers.id == id else { throw APIError(.notFound, "unknown collection", "pas de collection \(id)") }
        return volunteers
    }

    private func landingPage(_ request: Request) throws -> Response {
        let base = self.base(request), root = serviceURL.root(request)
        return try JSONResponse.answer(OGCDocuments.LandingPage(links: [
            .init(base, "self", JSONResponse.json, "This document"),
            // OGC API – Features Part 1, /req/core/root-success: the API definition. QGIS reads it before any collection.
            .init(root + "/api/v1/openapi.json", "service-desc", OpenAPIRoutes.contentType, "The API definition (OpenAPI 3.1)"),
            .init(root + "/api/v1/openapi.html", "service-doc", "text/html", "The API documentation"),
            .init(base + "/conformance", "conformance", JSONResponse.json, "Conformance classes"),
            .init(base + "/collections", "data", JSONResponse.json, "Collections"),
        ]))
    }

    /// `limit` (default 10, at most 10 000), `offset`, `bbox=minLon,minLat,maxLon,maxLat`; `next`/`prev` links.
    /// A page also stops before its features exceed `pageByteBudget`: `numberReturned` says how many it holds
    /// and `next` starts after the last of them.
    private func items(_ request: Request, layer: FeatureLayer) async throws -> Response {
        let query = QueryParameters(request)
        // Above the maximum the page is cut to it, as OGC API – Features allows (the `next` link goes on).
        let limit = min(try query.int("limit", in: 1...Int.max) ?? Self.defaultLimit, Self.maximumLimit)
        let offset = try query.int("offset", in: 0...Int.max) ?? 0
        let bbox = try query.string("bbox").map(Self.parseBBox)
        let base = self.base(request) + "/collections/\(layer.id)/items"
        let bboxMember = query.string("bbox").map { "&bbox=" + $0 } ?? ""
        let url: @Sendable (_ offset: Int) -> String = { offset in base + "?limit=\(limit)&offset=\(offset)" + bboxMember }
        // The features a page holds are written the first time they are asked for: selected, written and joined off the event loops.
        let pageByteBudget = pageByteBudget
        let body = try await state.offload {
            let matched = layer.features(intersecting: bbox)
            let page = try FeatureLayer.page(matched.dropFirst(offset), limit: limit, byteBudget: pageByteBudget)
            var links = [OGCDocuments.Link(url(offset), "self", JSONResponse.geoJSON, "This page")]
            if offset + page.count < matched.count { links.append(.init(url(offset + page.count), "next", JSONResponse.geoJSON, "Next page")) }
            if offset > 0 { links.append(.init(url(max(0, offset - limit)), "prev", JSONResponse.geoJSON, "Previous page")) }
            let members = ",\"numberMatched\":\(matched.count),\"numberReturned\":\(page.count),\"timeStamp\":\"\(Self.timestamp())\",\"links\":"
                + (try JSONValueEncoder.string(links))
            return ByteBuffer(string: try FeatureLayer.collectionText(page, members: members))
        }
        return JSONResponse.bytes(body, contentType: JSONResponse.geoJSON)
    }

    static func parseBBox(_ text: String) throws -> Envelope {
        let values = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard values.count == 4, let minX = values[0], let minY = values[1], let maxX = values[2], let maxY = values[3],
              [minX, minY, maxX, maxY].allSatisfy(\.isFinite), minX <= maxX, minY <= maxY else {
            throw APIError.badParameter("bbox", "minLon,minLat,maxLon,maxLat (quatre nombres, WGS84)")
        }
        return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// Absolute links from the request's Host, as OGC clients follow them.
    func base(_ request: Request) -> String { serviceURL.root(request) + "/ogc" }

    static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }
}
