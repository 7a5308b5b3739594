import GeometryKit

/// One layer of Maillage's vector tiles at one generalisation level: its features projected once to Web
/// Mercator (EPSG:3857, through PROJ) and indexed by envelope (GEOS's STRtree), so that a tile only clips and
/// encodes the features it meets (`MVTWriter`, MVT 2.1, extent 4096, buffer 64).
///
/// A tile never exceeds `maxTileBytes`: when a zoomed-out tile would (35 000 communes over the country),
/// polygons are dropped smallest first (those under one square of the tile's grid always) and points thinned to one per cell of a coarser and coarser grid, as
/// tippecanoe's `--drop-smallest-as-needed` and `--drop-densest-as-needed` do. Features that snap to nothing at
/// the tile's grid are left out by the writer. What is kept is always the largest polygons and an even spread
/// of points, and the same request always gives the same bytes.
///
/// ```swift
/// let layer = try TileLayer(name: "cpts", features: TerritoryFeature.cpts(reports, shapes: shapes))
/// let tile = try layer.tile(TileID(z: 5, x: 16, y: 11)!)   // tile.bytes: application/vnd.mapbox-vector-tile
/// ```
public final class TileLayer: Sendable {
    /// The tiles' grid and clipping margin (pixels of the grid), as `ST_AsMVT`'s defaults.
    public static let extent = 4096, buffer = 64
    /// The bound the issue set for national tiles: 500 KB.
    public static let defaultMaxTileBytes = 500_000

    public let name: String
    public let maxTileBytes: Int
    /// Property names and their TileJSON type ("String", "Number", "Boolean"), in first-seen order.
    public let fields: [(name: String, type: String)]
    /// Longitude/latitude extent of the features (nil when the layer is empty).
    public let lonLatExtent: Envelope?
    private let features: [Projected]
    private let index: STRtree

    struct Projected: Sendable {
        let id: UInt64
        let properties: [(String, JSONValue)]
        let geometry: Geometry
        /// Web Mercator area (m², 0 for points): what "smallest" means when a tile is thinned.
        let area: Double
        let isPoint: Bool
    }

    /// `features` in longitude/latitude; those without geometry are left out. MVT ids are positions + 1.
    public init(name: String, features: [TerritoryFeature], maxTileBytes: Int = TileLayer.defaultMaxTileBytes) throws {
        self.name = name
        self.maxTileBytes = maxTileBytes
        // Projected by slices on every core, each slice with its own transform (a PROJ transform serialises its calls):
        // the full-resolution communes are a second of projection on one core.
        let slices = stride(from: 0, to: features.count, by: Self.projectionSlice).map { $0..<min($0 + Self.projectionSlice, features.count) }
        let projected = try ParallelMap.map(slices) { slice in
            let toMercator = try WebMercator.transform()
            return try slice.compactMap { position -> Projected? in
                guard let geometry = features[position].geometry, geometry.envelope != nil else { return nil }
                let mercator = try geometry.transformed(by: toMercator)
                let isPoint = mercator.typeName == "Point" || mercator.typeName == "MultiPoint"
                return Projected(id: UInt64(position + 1), properties: features[position].properties, geometry: mercator,
                                 area: isPoint ? 0 : mercator.area, isPoint: isPoint)
            }
        }.flatMap { $0 }
        self.features = projected
        lonLatExtent = features.compactMap { $0.geometry?.envelope }.reduce(nil) { $0?.union($1) ?? $1 }
        index = STRtree(envelopes: projected.map { $0.geometry.envelope! })
        fields = Self.fields(of: features)
    }

    public var featureCount: Int { features.count }

    /// Features projected per task: enough to amortise a transform's creation, few enough to spread over the cores.
    static let projectionSlice = 2_000

    /// The tiles of `zoom` that have at least one feature candidate (by envelope), in row-major order.
    public func tiles(atZoom zoom: Int) -> [TileID] {
        guard let extent = lonLatExtent, let box = try? WebMercator.envelope(extent) else { return [] }
        return TileID.covering(mercator: box, zoom: zoom).filter { !index.query(Self.clipBox($0)).isEmpty }
    }

    /// One tile: the features meeting it, clipped and encoded, thinned to `maxTileBytes`.
    public func tile(_ tile: TileID) throws -> EncodedTile {
        let unit = tile.side / Double(Self.extent)
        let found = index.query(Self.clipBox(tile)).sorted().map { features[$0] }
        // A polygon under one square of the grid would be a speck at best: left out before encoding.
        var candidates = found.filter { $0.isPoint || $0.area >= unit * unit }
        let total = found.count
        var bytes = try encode(candidates, in: tile)
        var cell = 0   // the point grid's cell, in tile units; 0: no thinning yet
        while bytes.count > maxTileBytes, !candidates.isEmpty {
            if candidates.allSatisfy(\.isPoint) {
                cell = cell == 0 ? Self.extent / 256 : cell * 2
                candidates = Self.thinned(candidates, cell: cell, tile: tile)
            } else {
                // Keep the largest, in proportion to the excess (and at least one fewer each round).
                let keep = min(candidates.count - 1, Int(Double(candidates.count) * Double(maxTileBytes) / Double(bytes.count) * 0.95))
                candidates = candidates.enumerated().sorted { ($0.element.area, -$0.offset) > ($1.element.area, -$1.offset) }
                    .prefix(max(0, keep)).sorted { $0.offset < $1.offset }.map(\.element)
            }
            bytes = try encode(candidates, in: tile)
        }
        return EncodedTile(tile: tile, bytes: bytes, candidates: total, keptIDs: candidates.map(\.id))
    }

    private func encode(_ candidates: [Projected], in tile: TileID) throws -> [UInt8] {
        var writer = MVTWriter(tile: tile, extent: Self.extent, buffer: Self.buffer)
        try writer.addLayer(name, features: candidates.map { (id: $0.id, properties: $0.properties, geometry: $0.geometry) })
        return writer.finish()
    }

    /// The tile's square grown by the buffer, in Web Mercator metres.
    static func clipBox(_ tile: TileID) -> Envelope {
        let b = tile.mercatorBounds, margin = b.width * Double(buffer) / Double(extent)
        return Envelope(minX: b.minX - margin, minY: b.minY - margin, maxX: b.maxX + margin, maxY: b.maxY + margin)
    }

    /// The first point (in layer order) of each grid cell of `cell` tile units.
    private static func thinned(_ points: [Projected], cell: Int, tile: TileID) -> [Projected] {
        let bounds = tile.mercatorBounds, unit = bounds.width / Double(extent) * Double(cell)
        var seen = Set<[Int]>()
        return points.filter { p in
            guard let e = p.geometry.envelope else { return false }
            return seen.insert([Int(((e.minX - bounds.minX) / unit).rounded(.down)), Int(((bounds.maxY - e.maxY) / unit).rounded(.down))]).inserted
        }
    }

    private static func fields(of features: [TerritoryFeature]) -> [(name: String, type: String)] {
        var order: [String] = [], types: [String: String] = [:]
        for feature in features {
            for (key, value) in feature.properties {
                if types[key] == nil { order.append(key) }
                guard types[key] == nil || types[key] == "" else { continue }
                switch value {
                case .null: types[key] = ""
                case .bool: types[key] = "Boolean"
                case .number: types[key] = "Number"
                default: types[key] = "String"   // strings, and arrays as their JSON text
                }
            }
        }
        return order.map { ($0, types[$0].flatMap { $0.isEmpty ? nil : $0 } ?? "String") }
    }
}

/// A tile's bytes and what thinning did to it.
public struct EncodedTile: Sendable {
    public let tile: TileID
    public let bytes: [UInt8]
    /// Features whose envelope meets the tile, and those written after thinning (before the writer drops
    /// those that snap to nothing).
    public let candidates: Int
    /// MVT ids (positions + 1) of the features kept, in layer order.
    public let keptIDs: [UInt64]
    public var kept: Int { keptIDs.count }
}
