import ArgumentParser
import Territory
import UseCases

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
    @OptionGroup var freshness: FreshnessOptions

    func run() async throws {
        var export = try await refusingAsUsage { try ExportTiles(kind: layer, zooms: zooms, out: out) }
        export.freshness = try freshness.clock().now()
        let territory = try await analysis.loadAnalysis()
        let store = try await analysis.store.openStore()
        let written = try await analysis.reportingEmpty {
            try await refusingAsUsage {
                try await export.run(store: store, analysis: territory) { step in
                    // One line per level and per zoom (encoding only), read by `maillage-bench tiles`: keep their shape.
                    if let level = step.level {
                        let what = layer.hasPolygons ? "généralisées et projetées" : "projetées"
                        Terminal.report("niveau \(level.toleranceMetres.map { "\($0) m" } ?? "pleine résolution") : \(level.features) entités \(what) en "
                                        + "\(step.milliseconds) ms")
                    } else {
                        Terminal.report("zoom \(step.zoom) : \(step.tiles) tuiles, la plus grosse de \(step.largestBytes) octets, \(step.milliseconds) ms")
                    }
                }
            }
        }
        Terminal.report("écrit \(out) (\(written.tiles) tuiles de \(layer.rawValue), zooms \(export.zooms.lowerBound)-\(export.zooms.upperBound), "
                        + "la plus grosse de \(written.largestBytes) octets, \(written.milliseconds) ms)")
    }
}
