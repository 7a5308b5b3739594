import GeometryKit
import Synchronization
import Territory

/// One OGC API collection: its features indexed when the layer is built, each serialised (RFC 7946) the first time a
/// page or a map view holds it, then kept, so that paging and `bbox` only select and concatenate. A layer is then
/// ready in the time its geometries take, and a national layer nobody pages through costs no text. Polygons are
/// written as MultiPolygons of one part: a polygon layer then has one geometry type, which QGIS reads from its first features.
///
/// ```swift
/// let layer = FeatureLayer(id: "pharmacies", title: "Officines", description: "…", features: pharmacies.map { … })
/// try FeatureLayer.collectionText(layer.features(intersecting: bbox), members: "")
/// ```
struct FeatureLayer: Sendable {
    struct Feature: Sendable {
        let id: String
        let geometry: Geometry?
        let envelope: Envelope?
        let properties: [(String, JSONValue)]
        private let serialised = SerialisedOnce()

        init(id: String, properties: [(String, JSONValue)], geometry: Geometry?) {
            self.id = id; self.properties = properties; self.geometry = geometry; envelope = geometry?.envelope
        }

        /// The Feature object as sent, written on first use (6 decimals, snap-rounded: heavy work, never on an event loop).
        func text() throws -> String {
            try serialised.value {
                try GeoJSONWriter.featureText(id: .string(id), properties: properties, geometry: geometry, polygonsAsMulti: true)
            }
        }

        /// The Feature object with more members after its own (`,"links":[…]`): the writer ends every Feature with its
        /// object's closing brace, so the members go before it.
        func text(adding members: String) throws -> String { try text().dropLast() + members + "}" }
    }

    /// A feature's text, written once however many requests need it at the same time (the lock is held over the
    /// writing, which is CPU work only).
    private final class SerialisedOnce: Sendable {
        private let text = Mutex<String?>(nil)

        func value(_ write: () throws -> String) throws -> String {
            try text.withLock { text in
                if let text { return text }
                let written = try write()
                text = written
                return written
            }
        }
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
         features: [(id: String, properties: [(String, JSONValue)], geometry: Geometry?)]) {
        self.id = id; self.title = title; self.description = description
        let built = features.map { Feature(id: $0.id, properties: $0.properties, geometry: $0.geometry) }
        self.features = built
        extent = built.compactMap(\.envelope).reduce(nil) { $0?.union($1) ?? $1 }
        position = Dictionary(built.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let indexed = built.indices.filter { built[$0].envelope != nil }
        self.indexed = indexed
        index = STRtree(envelopes: indexed.map { built[$0].envelope! })
    }

    init(id: String, title: String, description: String, features: [TerritoryFeature]) {
        self.init(id: id, title: title, description: description, features: features.map { ($0.id, $0.properties, $0.geometry) })
    }

    func feature(id: String) -> Feature? { position[id].map { features[$0] } }

    /// A FeatureCollection of the features' texts, then `members` (JSON text `,"key":value…`) after them.
    static func collectionText(_ features: some Collection<Feature>, members: String) throws -> String {
        let texts = try features.map { try $0.text() }
        var text = "{\"type\":\"FeatureCollection\",\"features\":["
        text.reserveCapacity(texts.reduce(text.utf8.count + members.utf8.count + 2) { $0 + $1.utf8.count + 1 })
        for (i, feature) in texts.enumerated() { if i > 0 { text += "," }; text += feature }
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
    static func page(_ features: ArraySlice<Feature>, limit: Int, byteBudget: Int) throws -> ArraySlice<Feature> {
        var bytes = 0, end = features.startIndex
        while end < features.endIndex, end - features.startIndex < limit {
            bytes += try features[end].text().utf8.count + 1
            if bytes > byteBudget && end > features.startIndex { break }
            end += 1
        }
        return features[features.startIndex..<end]
    }
}

/// The layers of the OGC API, built from what the store holds.
enum FeatureLayers {
    /// The territory's collections, in the order `/ogc/collections` lists them.
    static let territoryIDs = ["communes", "cpts", "white-zones", "overlaps", "pharmacies", "accessibility"]

    /// One of `territoryIDs`; `accessibility` is asked for only by the layer that shows it (the E2SFCA is computed
    /// in the background from start-up, and the other layers do not wait for it).
    static func territory(_ id: String, _ analysis: TerritoryAnalysis, reports: [CPTSReport], overlaps: [CPTSOverlap], whiteZones: [WhiteZone],
                          pharmacies: [Pharmacy], accessibility: () throws -> AccessibilityIndex) throws -> FeatureLayer {
        switch id {
        case "communes":
            FeatureLayer(id: id, title: "Communes", description: "Communes du COG avec leur population et les CPTS qui les revendiquent",
                         features: try TerritoryFeature.communes(analysis))
        case "cpts":
            FeatureLayer(id: id, title: "CPTS", description: "Périmètres des CPTS (union de leurs communes) avec population, catégorie de taille et chevauchements",
                         features: try TerritoryFeature.cpts(reports))
        case "white-zones":
            FeatureLayer(id: id, title: "Zones blanches", description: "Communes contiguës couvertes par aucune CPTS, fusionnées",
                         features: try TerritoryFeature.whiteZones(whiteZones, names: analysis.layer))
        case "overlaps":
            FeatureLayer(id: id, title: "Chevauchements", description: "Communes revendiquées par deux CPTS, par paire",
                         features: try TerritoryFeature.overlaps(overlaps, in: analysis))
        case "pharmacies":
            FeatureLayer(id: id, title: "Officines", description: "Officines de pharmacie (FINESS, catégorie 620)",
                         features: TerritoryFeature.pharmacies(pharmacies))
        case "accessibility":
            FeatureLayer(id: id, title: "Accessibilité aux médecins généralistes",
                         description: "E2SFCA par commune (généralistes pour 100 000 habitants à moins de 30 km, poids 10:1,20:0.5,30:0.2)",
                         features: try zip(try accessibility().communes, analysis.layer.communes).map { row, commune in
                             (row.code, try JSONValueEncoder.members(row), commune.geometry)
                         })
        default:
            preconditionFailure("\(id) is not one of the territory's OGC layers")
        }
    }

    /// The roster as the public may see it: practice, places, home visits; no patient data.
    static func volunteers(_ roster: [Volunteer], analysis: TerritoryAnalysis, freshness: RosterFreshness) throws -> FeatureLayer {
        FeatureLayer(id: "volunteers", title: "Médecins volontaires", description: "Médecins volontaires (aucune donnée patient)",
                     features: TerritoryFeature.volunteers(roster, analysis: analysis, freshness: freshness))
    }
}
