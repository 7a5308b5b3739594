import Foundation
import GeometryKit

/// What describes a tileset of one layer, as TileJSON 3.0 and MBTiles 1.3 share it: name, zooms, bounds,
/// centre, attribution, and the layer's fields (`vector_layers`). The server's TileJSON adds the tile URL;
/// `maillage tiles export` writes it to `metadata.json` or the MBTiles `metadata` table.
public struct TilesetMetadata: Codable, Sendable {
    public struct VectorLayer: Codable, Sendable {
        public let id: String
        public let description: String
        public let minzoom: Int
        public let maxzoom: Int
        /// Property name → type ("String", "Number", "Boolean").
        public let fields: [String: String]
    }

    public let name: String
    public let description: String
    public let attribution: String
    public let minzoom: Int
    public let maxzoom: Int
    /// minLon, minLat, maxLon, maxLat.
    public let bounds: [Double]
    /// Longitude, latitude, zoom: the Métropole when the layer reaches it.
    public let center: [Double]
    public let vectorLayers: [VectorLayer]
    /// tippecanoe's `tilestats`, of which GDAL reads each layer's geometry type ("Polygon": a MultiPolygon layer).
    public let tilestats: TileStats

    public struct TileStats: Codable, Sendable {
        public struct Layer: Codable, Sendable { public let layer: String, geometry: String }
        public let layerCount: Int
        public let layers: [Layer]
    }

    enum CodingKeys: String, CodingKey {
        case name, description, attribution, minzoom, maxzoom, bounds, center, vectorLayers = "vector_layers", tilestats
    }

    public init(kind: TileLayerKind, layer: TileLayer, zooms: ClosedRange<Int> = TileLayerKind.zooms) {
        name = "Maillage — \(kind.title)"
        description = kind.summary + ". En vue éloignée, une tuile de plus de \(layer.maxTileBytes / 1000) Ko garde ses plus grands polygones "
            + "(points : un par cellule)."
        attribution = "Maillage — INSEE COG, IGN ADMIN EXPRESS, ANS (RPPS), DREES (FINESS)"
        minzoom = zooms.lowerBound; maxzoom = zooms.upperBound
        let metropole = MapTerritory.metropole.extent
        let e = layer.lonLatExtent ?? metropole
        bounds = [e.minX, e.minY, e.maxX, e.maxY]
        let view = e.intersects(metropole) ? metropole : e
        func rounded(_ v: Double) -> Double { (v * 1e4).rounded() / 1e4 }
        center = [rounded((view.minX + view.maxX) / 2), rounded((view.minY + view.maxY) / 2), Double(min(max(5, zooms.lowerBound), zooms.upperBound))]
        vectorLayers = [VectorLayer(id: kind.rawValue, description: kind.summary, minzoom: zooms.lowerBound, maxzoom: zooms.upperBound,
                                    fields: Dictionary(layer.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first }))]
        tilestats = TileStats(layerCount: 1, layers: [.init(layer: kind.rawValue, geometry: kind.hasPolygons ? "Polygon" : "Point")])
    }

    /// The MBTiles `metadata` rows (and tippecanoe's `metadata.json` members, which GDAL reads): every value a
    /// string, the layers as JSON text under `json`.
    public var mbtilesRows: [(name: String, value: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        struct Layers: Encodable { let vector_layers: [VectorLayer], tilestats: TileStats }
        let layers = (try? encoder.encode(Layers(vector_layers: vectorLayers, tilestats: tilestats))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        func list(_ values: [Double]) -> String { values.map { String($0) }.joined(separator: ",") }
        return [("name", name), ("description", description), ("attribution", attribution), ("type", "overlay"), ("version", "1"),
                ("format", "pbf"), ("minzoom", String(minzoom)), ("maxzoom", String(maxzoom)), ("bounds", list(bounds)),
                ("center", list(center)), ("json", layers)]
    }
}
