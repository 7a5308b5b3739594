import Storage
import Territory

/// A layer as an RFC 7946 GeoJSON FeatureCollection or a TopoJSON Topology: `maillage export`. With a tolerance, the
/// commune edge graph is generalised once (each border simplified once, in Lambert-93 or the overseas département's
/// UTM zone), so that neighbouring features stay glued; TopoJSON writes each shared border once, as one arc.
public struct ExportLayer: Sendable {
    public enum Layer: String, CaseIterable, Sendable { case cpts, whiteZones = "white-zones", overlaps, communes }
    public enum Format: String, CaseIterable, Sendable { case geojson, topojson }

    /// Beyond 10 km a commune border is no longer drawn.
    public static let simplify = Bounded("simplify", 0...10_000.0)

    public let layer: Layer
    public let format: Format
    public let toleranceMetres: Double?

    public init(layer: Layer, format: Format, toleranceMetres: Double? = nil) throws {
        self.layer = layer
        self.format = format
        self.toleranceMetres = try Self.simplify.check(toleranceMetres)
    }

    public struct Written: Sendable {
        public let text: String
        public let featureCount: Int
    }

    /// The layer of the store under `analysis`'s covering statuses (dissolves and white zones as the store keeps them).
    public func write(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> Written {
        let shapes = try TerritoryShapes(layer: analysis.layer, toleranceMetres: toleranceMetres)
        let features: [TerritoryFeature]
        switch layer {
        case .cpts:
            features = try TerritoryFeature.cpts(try analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: true)), shapes: shapes)
        case .whiteZones:
            let zones = try await store.whiteZones(coveringStatuses: analysis.coveringStatuses, withGeometry: true)
            features = try TerritoryFeature.whiteZones(zones, shapes: shapes)
        case .overlaps: features = try TerritoryFeature.overlaps(analysis.overlaps(), in: analysis, shapes: shapes)
        case .communes: features = try TerritoryFeature.communes(analysis, shapes: shapes)
        }
        let text = format == .topojson ? try TerritoryTopoJSON.topology(object: layer.rawValue, features: features, shapes: shapes)
                                       : try TerritoryGeoJSON.collection(features)
        return Written(text: text, featureCount: features.count)
    }
}
