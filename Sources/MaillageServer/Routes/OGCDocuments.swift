import GeometryKit

/// The documents of OGC API – Features, Part 1 (Core): landing page, conformance, collections. Their members are the
/// standard's own names (camelCase); the feature pages are written by hand (`FeatureLayer`), where speed counts.
enum OGCDocuments {
    struct Link: Encodable {
        let href: String
        let rel: String
        let type: String
        let title: String

        init(_ href: String, _ rel: String, _ type: String, _ title: String) {
            self.href = href; self.rel = rel; self.type = type; self.title = title
        }
    }

    struct LandingPage: Encodable {
        let title = "Maillage — CPTS, white zones, pharmacies, volunteer GPs"
        let description = "OGC API – Features of the Maillage service (GeoJSON, CRS84)"
        let links: [Link]
    }

    struct Conformance: Encodable {
        let conformsTo = ["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"]
    }

    struct Collections: Encodable {
        let links: [Link]
        let collections: [Collection]
    }

    struct Collection: Encodable {
        struct Extent: Encodable {
            struct Spatial: Encodable {
                let bbox: [[Double]]
                let crs: String
            }
            let spatial: Spatial
        }

        let id: String
        let title: String
        let description: String
        let links: [Link]
        let itemType = "feature"
        let crs: [String]
        let extent: Extent?

        init(_ layer: FeatureLayer, base: String) {
            let url = base + "/collections/\(layer.id)"
            id = layer.id
            title = layer.title
            description = layer.description
            links = [Link(url, "self", JSONResponse.json, layer.title), Link(url + "/items", "items", JSONResponse.geoJSON, "Features")]
            crs = [OGCRoutes.crs84]
            extent = layer.extent.map { e in Extent(spatial: .init(bbox: [[e.minX, e.minY, e.maxX, e.maxY]], crs: OGCRoutes.crs84)) }
        }

        enum CodingKeys: String, CodingKey { case id, title, description, links, itemType, crs, extent }

        /// No `extent` member for a layer without features (rather than `null`, which OGC clients do not expect).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(title, forKey: .title)
            try c.encode(description, forKey: .description)
            try c.encode(links, forKey: .links)
            try c.encode(itemType, forKey: .itemType)
            try c.encode(crs, forKey: .crs)
            try c.encodeIfPresent(extent, forKey: .extent)
        }
    }
}
