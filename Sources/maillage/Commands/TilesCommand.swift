import ArgumentParser
import Foundation
import GeometryKit
import Storage
import StorageSQLite
import Territory

extension TileLayerKind: ExpressibleByArgument {}

struct TilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Vector tiles (MVT 2.1) of a layer for offline use.",
        subcommands: [TilesExportCommand.self]
    )
}

struct TilesExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the tiles `maillage serve` serves at /tiles/{layer}/{z}/{x}/{y}.mvt to a directory or an MBTiles file.",
        discussion: """
        DIR: {z}/{x}/{y}.pbf and metadata.json (as tippecanoe; GDAL reads it as MVT:DIR). F.mbtiles: MBTiles 1.3, \
        tiles gzip-compressed. Only tiles with features are written.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "communes, cpts, white-zones, pharmacies or volunteers.") var layer: TileLayerKind
    @Option(help: "Zooms, FROM-TO or one zoom, within 0-14.") var zooms: String = "0-10"
    @Option(help: "Output directory, or a file ending in .mbtiles.") var out: String

    func run() async throws {
        let range = try Self.parseZooms(zooms)
        let layers = try await LevelLoader(kind: layer, analysis: analysis)
        let mbtiles = out.lowercased().hasSuffix(".mbtiles")
        var metadata: TilesetMetadata?
        var writer: MBTilesWriter?
        var total = 0, largest = 0
        let started = Date()
        for zoom in range {
            let tileLayer = try layers.layer(atZoom: zoom)
            let zoomStarted = Date()
            if metadata == nil {
                let described = TilesetMetadata(kind: layer, layer: tileLayer, zooms: range)
                metadata = described
                writer = mbtiles ? try MBTilesWriter(path: out, metadata: described.mbtilesRows) : nil
                if !mbtiles { try Self.writeDirectoryMetadata(described, to: out) }
            }
            let tiles = try ParallelMap.map(tileLayer.tiles(atZoom: zoom)) { try tileLayer.tile($0) }.filter { !$0.bytes.isEmpty }
            if let writer {
                try writer.add(tiles.map { ($0.tile, $0.bytes) })
            } else {
                for tile in tiles { try Self.write(tile, under: out) }
            }
            let zoomLargest = tiles.map(\.bytes.count).max() ?? 0
            total += tiles.count; largest = max(largest, zoomLargest)
            // One line per zoom (encoding only: the levels' build is reported apart), read by `maillage-bench tiles`: keep its shape.
            Terminal.report("zoom \(zoom): \(tiles.count) tiles, largest \(zoomLargest) bytes, \(Int(Date().timeIntervalSince(zoomStarted) * 1000)) ms")
        }
        Terminal.report("wrote \(out) (\(total) tiles of \(layer.rawValue), zooms \(range.lowerBound)-\(range.upperBound), largest \(largest) bytes, "
                        + "\(Int(Date().timeIntervalSince(started) * 1000)) ms)")
    }

    static func parseZooms(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let served = TileLayerKind.zooms
        guard (1...2).contains(parts.count), let from = parts.first ?? nil, let to = parts.last ?? nil, from <= to,
              served.contains(from), served.contains(to) else {
            throw ValidationError("--zooms \(text): expected FROM-TO or one zoom within \(served.lowerBound)-\(served.upperBound), FROM ≤ TO")
        }
        return from...to
    }

    private static func write(_ tile: EncodedTile, under directory: String) throws {
        let folder = "\(directory)/\(tile.tile.z)/\(tile.tile.x)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(tile.bytes).write(to: URL(fileURLWithPath: "\(folder)/\(tile.tile.y).pbf"))
        } catch {
            throw ValidationError("cannot write \(folder)/\(tile.tile.y).pbf: \(error.localizedDescription)")
        }
    }

    private static func writeDirectoryMetadata(_ metadata: TilesetMetadata, to directory: String) throws {
        let members = metadata.mbtilesRows.map { ($0.name, JSONValue.string($0.value)) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try JSONWriter.string(object: members).write(toFile: directory + "/metadata.json", atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(directory)/metadata.json: \(error.localizedDescription)")
        }
    }
}

/// The layer's levels, each built once from the store (a zoom range crosses up to four generalisation levels).
private final class LevelLoader {
    let kind: TileLayerKind
    private let source: TileSource?
    private let volunteers: TileLayer?
    private var levels: [Int?: TileLayer] = [:]

    init(kind: TileLayerKind, analysis options: AnalysisOptions) async throws {
        self.kind = kind
        let analysis = try await options.loadAnalysis()
        let store = try await options.store.openStore()
        if kind == .volunteers {
            source = nil
            volunteers = try TileLayer(name: kind.rawValue, features: TerritoryFeature.volunteers(try await store.volunteers(), analysis: analysis))
        } else {
            volunteers = nil
            source = TileSource(analysis: analysis, reports: kind == .cpts ? try await options.reports(of: analysis, withGeometry: true) : [],
                                whiteZones: kind == .whiteZones ? try await options.storedWhiteZones(withGeometry: true) : [],
                                pharmacies: kind == .pharmacies ? try await store.pharmacies() : [])
        }
    }

    func layer(atZoom zoom: Int) throws -> TileLayer {
        if let volunteers { return volunteers }
        let tolerance = kind.hasPolygons ? TileLayerKind.toleranceMetres(atZoom: zoom) : nil
        if let known = levels[tolerance] { return known }
        let started = Date()
        let built = try source!.layer(kind, toleranceMetres: tolerance)
        levels[tolerance] = built
        let what = kind.hasPolygons ? "generalised and projected" : "projected"
        Terminal.report("level \(tolerance.map { "\($0) m" } ?? "full resolution"): \(built.featureCount) features \(what) in "
                        + "\(Int(Date().timeIntervalSince(started) * 1000)) ms")
        return built
    }
}
