import Hummingbird

/// `/vendor/leaflet/…`: Leaflet as the system installed it (Debian's `libjs-leaflet`, or the directory of
/// `MAILLAGE_LEAFLET_DIR`), so the page loads nothing from the internet and the repository carries no copy.
/// Only the files the page uses are served; one missing is a 503 naming it and the package to install.
struct VendorRoutes {
    let directory: String
    static let images = ["layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"]

    func register(on router: Router<MaillageRequestContext>) {
        let files = FileIO()
        router.get("vendor/leaflet/leaflet.js") { _, context in
            try await serve("leaflet.js", "text/javascript; charset=utf-8", files, context)
        }
        router.get("vendor/leaflet/leaflet.css") { _, context in
            try await serve("leaflet.css", "text/css; charset=utf-8", files, context)
        }
        router.get("vendor/leaflet/images/:image") { _, context in
            let image = try context.parameters.require("image")
            guard Self.images.contains(image) else { throw APIError(.notFound, "not found", "pas d’image Leaflet \(image)") }
            return try await serve("images/" + image, "image/png", files, context)
        }
    }

    /// Read on NIO's file thread pool, not on the event loop.
    private func serve(_ file: String, _ contentType: String, _ files: FileIO, _ context: MaillageRequestContext) async throws -> Response {
        let path = directory + "/" + file
        let body: ResponseBody
        do { body = try await files.loadFile(path: path, context: context) } catch {
            throw APIError(.serviceUnavailable, "leaflet not installed",
                           "\(path) manque : installez le paquet Debian libjs-leaflet, ou donnez dans MAILLAGE_LEAFLET_DIR un dossier qui contient leaflet.js, leaflet.css et images/")
        }
        var headers = HTTPFields()
        headers[.contentType] = contentType
        // The system's copy changes only with the package: let browsers keep it for a day.
        headers[.cacheControl] = "public, max-age=86400"
        return Response(status: .ok, headers: headers, body: body)
    }
}
