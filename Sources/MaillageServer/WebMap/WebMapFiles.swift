import Foundation
import Hummingbird

/// The web map's page, script and style: files of the package (`Sources/MaillageServer/Web`, SwiftPM resources,
/// installed beside the binary as `Maillage_MaillageServer.resources`), read once when the service starts and served
/// from memory.
///
/// The page (`/`) loads `/web/navigation.js` (its first console mark), Leaflet from the system's copy (`/vendor/leaflet`),
/// then `/web/map.css`, `/web/map.js` (the
/// map: layers, styles, tooltips, the tolerance chosen by zoom) and `/web/panel.js` (the side panel). It draws vector
/// layers only — no tiles, fonts or scripts from elsewhere: it runs on health-network machines. Polygons come from
/// `/api/v1/map/{layer}`, generalised at the tolerance closest to a pixel at the current zoom and limited to the view.
/// For tests, `<body>` carries `data-loaded="true"` once the first view is drawn (and `?commune=`'s volunteers listed),
/// `data-shapes` (shapes drawn at the current view), `data-first-render-ms`, and the page logs `maillage:first-render`.
struct WebMapFiles: Sendable {
    /// Served path, file of the bundle's `Web` folder, content type.
    static let served: [(path: String, file: String, contentType: String)] = [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/web/map.css", "map.css", "text/css; charset=utf-8"),
        ("/web/map.js", "map.js", "text/javascript; charset=utf-8"),
        ("/web/panel.js", "panel.js", "text/javascript; charset=utf-8"),
        ("/web/practitioner.js", "practitioner.js", "text/javascript; charset=utf-8"),
        ("/web/indicators.js", "indicators.js", "text/javascript; charset=utf-8"),
        ("/web/navigation.js", "navigation.js", "text/javascript; charset=utf-8"),
    ]

    let bodies: [String: ByteBuffer]

    static func load() throws -> WebMapFiles {
        guard let folder = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            throw WebMapFilesError(description: "the web map's files are missing from \(Bundle.module.bundlePath)")
        }
        var bodies: [String: ByteBuffer] = [:]
        for entry in served {
            let path = folder.appendingPathComponent(entry.file).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw WebMapFilesError(description: "the web map's file \(path) is missing: install the resources folder beside the binary")
            }
            bodies[entry.path] = ByteBuffer(bytes: data)
        }
        return WebMapFiles(bodies: bodies)
    }

    func register(on router: Router<MaillageRequestContext>) {
        for entry in Self.served {
            let body = bodies[entry.path]!
            let respond: @Sendable (Request, MaillageRequestContext) -> Response = { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = entry.contentType
                // They change with the binary: browsers ask again after five minutes.
                headers[.cacheControl] = "public, max-age=300"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
            }
            if entry.path == "/" { router.get(use: respond) } else { router.get(RouterPath(entry.path), use: respond) }
        }
    }
}

/// The web map's files are not where the binary looks for them.
struct WebMapFilesError: Error, CustomStringConvertible {
    let description: String
}
