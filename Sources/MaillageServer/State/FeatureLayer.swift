import GeometryKit
import Territory

/// One OGC API collection, its features serialised once (RFC 7946) when the layer is built, so that
/// paging and `bbox` only select and concatenate.
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
    }

    let id: String
    let title: String
    let description: String
    let features: [Feature]
    let extent: Envelope?
    private let position: [String: Int]

    init(id: String, title: String, description: String,
         features: [(id: String, properties: [(String, JSONValue)], geometry: Geometry?)]) throws {
        self.id = id; self.title = title; self.description = description
        self.features = try features.map { f in
            Feature(id: f.id, geometry: f.geometry, envelope: f.geometry?.envelope,
                    text: try GeoJSONWriter.featureText(id: .string(f.id), properties: f.properties, geometry: f.geometry))
        }
        extent = self.features.compactMap(\.envelope).reduce(nil) { $0?.union($1) ?? $1 }
        position = Dictionary(self.features.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
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

    /// Features whose geometry intersects the box (GEOS, after envelope tests: a feature whose envelope lies
    /// inside the box is in without one, which keeps a national view cheap); all without a box.
    func features(intersecting bbox: Envelope?) -> [Feature] {
        guard let bbox else { return features }
        let box = Geometry(envelope: bbox)
        return features.filter { f in
            guard let envelope = f.envelope, let geometry = f.geometry, envelope.intersects(bbox) else { return false }
            return bbox.contains(envelope) || geometry.intersects(box)
        }
    }
}

/// The layers of the OGC API, built from what the store holds.
enum FeatureLayers {
    static func territory(_ analysis: TerritoryAnalysis, reports: [CPTSReport], overlaps: [CPTSOverlap], whiteZones: [WhiteZone],
                          pharmacies: [Pharmacy], accessibility: AccessibilityIndex) throws -> [FeatureLayer] {
        [
            try FeatureLayer(id: "communes", title: "Communes", description: "Communes of the COG with population and the CPTS claiming them",
                             features: TerritoryFeature.communes(analysis)),
            try FeatureLayer(id: "cpts", title: "CPTS", description: "CPTS perimeters (union of their communes) with population, size category and overlaps",
                             features: try TerritoryFeature.cpts(reports)),
            try FeatureLayer(id: "white-zones", title: "Zones blanches", description: "Adjacent communes covered by no CPTS, dissolved",
                             features: try TerritoryFeature.whiteZones(whiteZones)),
            try FeatureLayer(id: "overlaps", title: "Chevauchements", description: "Communes claimed by two CPTS, per pair",
                             features: try TerritoryFeature.overlaps(overlaps, in: analysis)),
            try FeatureLayer(id: "pharmacies", title: "Officines", description: "Pharmacies (FINESS categetab 620)",
                             features: TerritoryFeature.pharmacies(pharmacies)),
            try FeatureLayer(id: "accessibility", title: "Accessibilité aux médecins généralistes",
                             description: "E2SFCA per commune (GPs per 100 000 inhabitants within 30 km, weights 10:1,20:0.5,30:0.2)",
                             features: zip(accessibility.communes, analysis.layer.communes).map { row, commune in
                                 (row.code, AccessibilityJSON.members(row), commune.geometry)
                             }),
        ]
    }

    /// The roster as the public may see it: practice, places, home visits; no patient data.
    static func volunteers(_ roster: [Volunteer], analysis: TerritoryAnalysis) throws -> FeatureLayer {
        try FeatureLayer(id: "volunteers", title: "Médecins volontaires", description: "Volunteer GPs of the roster (no patient data)",
                         features: TerritoryFeature.volunteers(roster, analysis: analysis))
    }
}
