import Storage
import Territory

/// A layer as an RFC 7946 GeoJSON FeatureCollection or a TopoJSON Topology: `maillage export`. With a tolerance, the
/// commune edge graph is generalised once (each border simplified once, in Lambert-93 or the overseas département's
/// UTM zone), so that neighbouring features stay glued; TopoJSON writes each shared border once, as one arc.
public struct ExportLayer: Sendable {
    public enum Layer: String, CaseIterable, Sendable {
        case cpts, whiteZones = "white-zones", overlaps, communes, pharmacies, volunteers

        /// Points: GeoJSON only (TopoJSON's arcs are for shared borders).
        public var isPoints: Bool { self == .pharmacies || self == .volunteers }
    }

    public enum Format: String, CaseIterable, Sendable {
        case geojson, topojson

        /// The format a file name asks for: `.geojson`/`.json` or `.topojson`; `-` (standard output) is GeoJSON; nil otherwise.
        public init?(fileName: String) {
            let name = fileName.lowercased()
            if name == "-" || name.hasSuffix(".geojson") || name.hasSuffix(".json") { self = .geojson }
            else if name.hasSuffix(".topojson") { self = .topojson }
            else { return nil }
        }
    }

    /// Beyond 10 km a commune border is no longer drawn.
    public static let simplify = Bounded("simplify", 0...10_000.0)

    public let layer: Layer
    public let format: Format
    public let toleranceMetres: Double?
    /// How the volunteers layer marks stale and excluded entries (the CLI's `--as-of`, `--stale-after`, `--exclude-after`).
    public var freshness = RosterClock.standard.now()

    public init(layer: Layer, format: Format, toleranceMetres: Double? = nil) throws {
        if layer.isPoints && format == .topojson {
            throw UseCaseError.invalid(parameter: "format", reason: "la couche \(layer.rawValue) est faite de points : geojson seulement")
        }
        self.layer = layer
        self.format = format
        self.toleranceMetres = try Self.simplify.check(toleranceMetres)
    }

    /// The format of an output file: `format` when given, else the one its name asks for; a name that asks for none is
    /// refused with the formats there are (rather than writing GeoJSON into `cpts.gpkg`).
    public static func format(_ format: Format?, forFile name: String) throws -> Format {
        if let format { return format }
        guard let named = Format(fileName: name) else {
            throw UseCaseError.invalid(parameter: "out", reason: "'\(name)' : extension inconnue ; formats : .geojson (ou .json), .topojson, ou - pour la sortie standard")
        }
        return named
    }

    public struct Written: Sendable {
        public let text: String
        public let featureCount: Int
    }

    /// The layer of the store under `analysis`'s covering statuses (dissolves and white zones as the store keeps them).
    public func write(store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> Written {
        // Points have no borders to generalise or share.
        let shapes = layer.isPoints ? nil : try TerritoryShapes(layer: analysis.layer, toleranceMetres: toleranceMetres)
        let features: [TerritoryFeature]
        switch layer {
        case .pharmacies: features = TerritoryFeature.pharmacies(try await store.pharmacies())
        case .volunteers: features = TerritoryFeature.volunteers(try await store.volunteers(), analysis: analysis, freshness: freshness)
        case .cpts:
            features = try TerritoryFeature.cpts(try analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: true)), shapes: shapes)
        case .whiteZones:
            let zones = try await store.whiteZones(coveringStatuses: analysis.coveringStatuses, cut: .region, withGeometry: true)
            features = try TerritoryFeature.whiteZones(zones, shapes: shapes, names: analysis.layer)
        case .overlaps: features = try TerritoryFeature.overlaps(analysis.overlaps(), in: analysis, shapes: shapes)
        case .communes: features = try TerritoryFeature.communes(analysis, shapes: shapes)
        }
        // TopoJSON is refused for points when the export is made (`init`): a polygon layer has its shapes.
        let text: String
        if format == .topojson, let shapes {
            text = try TerritoryTopoJSON.topology(object: layer.rawValue, features: features, shapes: shapes)
        } else {
            text = try TerritoryGeoJSON.collection(features)
        }
        return Written(text: text, featureCount: features.count)
    }
}
