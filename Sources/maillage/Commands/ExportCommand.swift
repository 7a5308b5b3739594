import ArgumentParser
import Foundation
import Territory
import UseCases

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layer as an RFC 7946 GeoJSON FeatureCollection or a TopoJSON Topology.",
        discussion: """
        --simplify generalises the commune edge graph once (each border simplified once, in Lambert-93 or the \
        overseas département's UTM zone), so that neighbouring features stay glued: no gap, no overlap. \
        TopoJSON writes each shared border once, as one arc.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Argument(help: "cpts, white-zones, overlaps, communes, pharmacies or volunteers (points: GeoJSON only).") var layer: ExportLayer.Layer
    @Option(help: "Output file (.geojson, .json or .topojson), or - for standard output.") var out: String
    @Option(help: "geojson or topojson (default: from the file's extension, else geojson).") var format: ExportLayer.Format?
    // `.unconditional`: `--simplify -5` is read as a value and refused by run(), never taken for a flag.
    @Option(parsing: .unconditional, help: "Generalise borders with this tolerance in metres, keeping shared borders shared.") var simplify: Double?
    @OptionGroup var freshness: FreshnessOptions

    func run() async throws {
        var export = try await refusingAsUsage {
            try ExportLayer(layer: layer, format: try ExportLayer.format(format, forFile: out), toleranceMetres: simplify)
        }
        export.freshness = try freshness.clock().now()
        // Points need no polygon: the attributes suffice to name their CPTS.
        let analysis = try await analysis.loadAnalysis(communes: layer.isPoints ? .attributes : .full)
        let written = try await self.analysis.reportingEmpty { try await export.write(store: try await self.analysis.store.openStore(), analysis: analysis) }
        if out == "-" {
            FileHandle.standardOutput.write(Data(written.text.utf8))
        } else {
            do {
                try written.text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("impossible d'écrire \(out) : \(error.localizedDescription)")
            }
        }
        Terminal.report("écrit \(out == "-" ? "sur la sortie standard" : out) (\(written.featureCount) entités, \(written.text.utf8.count) octets)")
    }
}

extension ExportLayer.Layer: ExpressibleByArgument {}
extension ExportLayer.Format: ExpressibleByArgument {}
