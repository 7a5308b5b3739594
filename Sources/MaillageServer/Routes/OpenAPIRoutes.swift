import GeometryKit
import Hummingbird

/// `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the whole service (JSON API and OGC API), which
/// the OGC landing page links as `service-desc` (OGC API – Features Part 1, `/req/core/root-success`) and
/// QGIS's OAPIF provider reads before any collection; `GET /api/v1/openapi.html`, its `service-doc`.
struct OpenAPIRoutes {
    static let contentType = "application/vnd.oai.openapi+json;version=3.1"
    /// Written once: the document does not depend on the store or the request.
    static let documentText = JSONWriter.string(OpenAPIDocument.document)
    static let pageText = OpenAPIPage.html

    func register(on api: RouterGroup<MaillageRequestContext>) {
        api.get("openapi.json") { _, _ in JSONResponse.text(Self.documentText, contentType: Self.contentType) }
        api.get("openapi.html") { _, _ in JSONResponse.text(Self.pageText, contentType: "text/html; charset=utf-8") }
    }
}
