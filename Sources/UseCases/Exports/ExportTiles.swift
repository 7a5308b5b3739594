import Foundation
import GeometryKit
import Storage
import StorageSQLite
import Territory

/// The tiles `maillage serve` serves at `/tiles/{layer}/{z}/{x}/{y}.mvt`, written for offline use: `maillage tiles
/// export`. To a directory, `{z}/{x}/{y}.pbf` and `metadata.json` (as tippecanoe; GDAL reads it as `MVT:DIR`), or to an
/// MBTiles 1.3 file, tiles gzip-compressed. Only tiles with features are written.
public struct ExportTiles: Sendable {
    public let kind: TileLayerKind
    public let zooms: ClosedRange<Int>
    public let out: String
    /// How the volunteers layer marks stale and excluded entries.
    public var freshness = RosterClock.standard.now()

    /// `zooms`: `FROM-TO` or one zoom, within the served zooms.
    public init(kind: TileLayerKind, zooms text: String, out: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let served = TileLayerKind.zooms
        guard (1...2).contains(parts.count), let from = parts.first ?? nil, let to = parts.last ?? nil, from <= to,
              served.contains(from), served.contains(to) else {
            throw UseCaseError.invalid(parameter: "zooms", reason: "\(text) : DE-À ou un seul niveau, entre \(served.lowerBound) et \(served.upperBound), DE ≤ À")
        }
        self.kind = kind
        zooms = from...to
        self.out = out
    }

    /// What one zoom wrote, or a generalisation level built (`level` set): the lines `maillage-bench tiles` reads.
    public struct Progress: Sendable {
        public var zoom: Int
        public var tiles: Int
        public var largestBytes: Int
        public var milliseconds: Int
        /// A level built for this zoom: its tolerance (nil at full resolution) and its feature count.
        public var level: (toleranceMetres: Int?, features: Int)?
    }

    public struct Written: Sendable {
        public var tiles = 0
        public var largestBytes = 0
        public var milliseconds = 0
    }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, progress: (Progress) -> Void = { _ in }) async throws -> Written {
        var levels = try await LevelLoader(kind: kind, store: store, analysis: analysis, freshness: freshness)
        let mbtiles = out.lowercased().hasSuffix(".mbtiles")
        var writer: MBTilesWriter?
        var written = Written()
        let started = Date()
        for zoom in zooms {
            let levelStarted = Date()
            let (layer, built) = try levels.layer(atZoom: zoom)
            if let built { progress(Progress(zoom: zoom, tiles: 0, largestBytes: 0, milliseconds: Self.milliseconds(since: levelStarted), level: built)) }
            let zoomStarted = Date()
            if zoom == zooms.lowerBound {
                let metadata = TilesetMetadata(kind: kind, layer: layer, zooms: zooms)
                if mbtiles { writer = try MBTilesWriter(path: out, metadata: metadata.mbtilesRows) } else { try writeDirectoryMetadata(metadata) }
            }
            let tiles = try ParallelMap.map(layer.tiles(atZoom: zoom)) { try layer.tile($0) }.filter { !$0.bytes.isEmpty }
            if let writer { try writer.add(tiles.map { ($0.tile, $0.bytes) }) } else { for tile in tiles { try write(tile) } }
            let largest = tiles.map(\.bytes.count).max() ?? 0
            written.tiles += tiles.count
            written.largestBytes = max(written.largestBytes, largest)
            progress(Progress(zoom: zoom, tiles: tiles.count, largestBytes: largest, milliseconds: Self.milliseconds(since: zoomStarted)))
        }
        written.milliseconds = Self.milliseconds(since: started)
        return written
    }

    private static func milliseconds(since start: Date) -> Int { Int(Date().timeIntervalSince(start) * 1000) }

    private func write(_ tile: EncodedTile) throws {
        let folder = "\(out)/\(tile.tile.z)/\(tile.tile.x)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(tile.bytes).write(to: URL(fileURLWithPath: "\(folder)/\(tile.tile.y).pbf"))
        } catch {
            throw UseCaseError.invalidFile("cannot write \(folder)/\(tile.tile.y).pbf: \(error.localizedDescription)")
        }
    }

    private func writeDirectoryMetadata(_ metadata: TilesetMetadata) throws {
        let members = metadata.mbtilesRows.map { ($0.name, JSONValue.string($0.value)) }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try JSONWriter.string(object: members).write(toFile: out + "/metadata.json", atomically: true, encoding: .utf8)
        } catch {
            throw UseCaseError.invalidFile("cannot write \(out)/metadata.json: \(error.localizedDescription)")
        }
    }
}

/// The layer's levels, each built once from the store (a zoom range crosses up to four generalisation levels).
private struct LevelLoader {
    let kind: TileLayerKind
    private let source: TileSource?
    private let volunteers: TileLayer?
    private var levels: [Int?: TileLayer] = [:]

    init(kind: TileLayerKind, store: any MaillageStore, analysis: TerritoryAnalysis, freshness: RosterFreshness) async throws {
        self.kind = kind
        if kind == .volunteers {
            source = nil
            volunteers = try TileLayer(name: kind.rawValue, features: TerritoryFeature.volunteers(try await store.volunteers(), analysis: analysis, freshness: freshness))
        } else {
            volunteers = nil
            source = TileSource(analysis: analysis,
                                reports: kind == .cpts ? try analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: true)) : [],
                                whiteZones: kind == .whiteZones ? try await store.whiteZones(coveringStatuses: analysis.coveringStatuses, cut: .region, withGeometry: true) : [],
                                pharmacies: kind == .pharmacies ? try await store.pharmacies() : [])
        }
    }

    /// The level of a zoom, and what was built for it when it was not built before.
    mutating func layer(atZoom zoom: Int) throws -> (TileLayer, built: (toleranceMetres: Int?, features: Int)?) {
        if let volunteers { return (volunteers, nil) }
        let tolerance = kind.hasPolygons ? TileLayerKind.toleranceMetres(atZoom: zoom) : nil
        if let known = levels[tolerance] { return (known, nil) }
        let built = try source!.layer(kind, toleranceMetres: tolerance)
        levels[tolerance] = built
        return (built, (tolerance, built.featureCount))
    }
}
