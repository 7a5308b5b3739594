import GeometryKit
import Territory

/// One OGC API collection, its features serialised once (RFC 7946) when the layer is built, so that
/// paging and `bbox` only select and concatenate. Polygons are written as MultiPolygons of one part: a
/// polygon layer then has one geometry type, which QGIS reads from its first features.
///
/// ```swift
/// let layer = try FeatureLayer(id: "pharmacies", title: "Officines", description: "…", features: pharmacies.map { … })
/// layer.features(intersecting: bbox)
/// ```
struct FeatureLayer: Sendable {
    struct Feature: Sendable {
        let id: String
        let geometry: Geometry?
        let envelope: Envelope?
        /// The Feature object as sent.
        let text: String

        /// The Feature object with more members after its own (`,"links":[…]`): the writer ends every Feature with its
        /// object's closing brace, so the members go before it.
        func text(adding members: String) -> String { text.dropLast() + members + "}" }
    }

    let id: String
    let title: String
    let description: String
    let features: [Feature]
    let extent: Envelope?
    private let position: [String: Int]
    /// The envelopes of the features with a geometry; its items are indices into `indexed`.
    private let index: STRtree
    private let indexed: [Int]

    init(id: String, title: String, description: String,
         features: [(id: String, properties: [(String, JSONValue)], geometry: Geometry?)]) throws {
        self.id = id; self.title = title; self.description = description
        let built = try features.map { f in
            Feature(id: f.id, geometry: f.geometry, envelope: f.geometry?.envelope,
                    text: try GeoJSONWriter.featureText(id: .string(f.id), properties: f.properties, geometry: f.geometry, polygonsAsMulti: true))
        }
        self.features = built
        extent = built.compactMap(\.envelope).reduce(nil) { $0?.union($1) ?? $1 }
        position = Dictionary(built.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indexed = built.indices.filter { built[$0].envelope != nil }
        self.indexed = indexed
        index = STRtree(envelopes: indexed.map { built[$0].envelope! })
    }

    init(id: String, title: String, description: String, features: [TerritoryFeature]) throws {
        try self.init(id: id, title: title, description: description, features: features.map { ($0.id, $0.properties, $0.geometry) })
    }

    func feature(id: String) -> Feature? { position[id].map { features[$0] } }

    /// A FeatureCollection of features serialised once, then `members` (JSON text `,"key":value…`) after them.
    static func collectionText(_ features: some Collection<Feature>, members: String) -> String {
        var text = "{\"type\":\"FeatureCollection\",\"features\":["
        text.reserveCapacity(features.reduce(text.utf8.count + members.utf8.count + 2) { $0 + $1.text.utf8.count + 1 })
        for (i, feature) in features.enumerated() { if i > 0 { text += "," }; text += feature.text }
        return text + "]" + members + "}"
    }

    /// Features whose geometry intersects the box, in the layer's order; all without a box. The STR-tree gives
    /// the features whose envelope meets the box; a feature whose envelope lies inside the box is in without a
    /// GEOS test, which keeps a national view cheap.
    func features(intersecting bbox: Envelope?) -> [Feature] {
        guard let bbox else { return features }
        let box = Geometry(envelope: bbox)
        return index.query(bbox).map { indexed[$0] }.sorted().compactMap { i in
            let f = features[i]
            guard let envelope = f.envelope, let geometry = f.geometry else { return nil }
            return bbox.contains(envelope) || geometry.intersects(box) ? f : nil
        }
    }

    /// The first features of `features` up to `limit` whose texts fit in `byteBudget` bytes, and at least one:
    /// a page of full-resolution communes stays a few megabytes whatever the limit.
    static func page(_ features: ArraySlice<Feature>, limit: Int, byteBudget: Int) -> ArraySlice<Feature> {
        var bytes = 0, end = features.startIndex
        while end < features.endIndex, end - features.startIndex < limit {
            bytes += features[end].text.utf8.count + 1
            if bytes > byteBudget && end > features.startIndex { break }
            end += 1
        }
        return features[features.startIndex..<end]
    }
}

/// The layers of the OGC API, built from what the store holds.
enum FeatureLayers {
    static func territory(_ analysis: TerritoryAnalysis, reports: [CPTSReport], overlaps: [CPTSOverlap], whiteZones: [WhiteZone],
                          pharmacies: [Pharmacy], accessibility: AccessibilityIndex) throws -> [FeatureLayer] {
        [
            try FeatureLayer(id: "communes", title: "Communes", description: "Communes du COG avec leur population et les CPTS qui les revendiquent",
                             features: TerritoryFeature.communes(analysis)),
            try FeatureLayer(id: "cpts", title: "CPTS", description: "Périmètres des CPTS (union de leurs communes) avec population, catégorie de taille et chevauchements",
                             features: try TerritoryFeature.cpts(reports)),
            try FeatureLayer(id: "white-zones", title: "Zones blanches", description: "Communes contiguës couvertes par aucune CPTS, fusionnées",
                             features: try TerritoryFeature.whiteZones(whiteZones, names: analysis.layer)),
            try FeatureLayer(id: "overlaps", title: "Chevauchements", description: "Communes revendiquées par deux CPTS, par paire",
                             features: try TerritoryFeature.overlaps(overlaps, in: analysis)),
            try FeatureLayer(id: "pharmacies", title: "Officines", description: "Officines de pharmacie (FINESS, catégorie 620)",
                             features: TerritoryFeature.pharmacies(pharmacies)),
            try FeatureLayer(id: "accessibility", title: "Accessibilité aux médecins généralistes",
                             description: "E2SFCA par commune (généralistes pour 100 000 habitants à moins de 30 km, poids 10:1,20:0.5,30:0.2)",
                             features: try zip(accessibility.communes, analysis.layer.communes).map { row, commune in
                                 (row.code, try JSONValueEncoder.members(row), commune.geometry)
                             }),
        ]
    }

    /// The roster as the public may see it: practice, places, home visits; no patient data.
    static func volunteers(_ roster: [Volunteer], analysis: TerritoryAnalysis) throws -> FeatureLayer {
        try FeatureLayer(id: "volunteers", title: "Médecins volontaires", description: "Médecins volontaires (aucune donnée patient)",
                         features: TerritoryFeature.volunteers(roster, analysis: analysis))
    }
}
