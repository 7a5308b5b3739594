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

    enum Layer: String, ExpressibleByArgument, CaseIterable {
        case cpts, whiteZones = "white-zones", overlaps, communes
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case geojson, topojson
    }

    @OptionGroup var analysis: AnalysisOptions
    @Argument(help: "cpts, white-zones, overlaps or communes.") var layer: Layer
    @Option(help: "Output file (.geojson or .topojson).") var out: String
    @Option(help: "geojson or topojson (default: from the file's extension, else geojson).") var format: Format?
    // `.unconditional`: `--simplify -5` is read as a value and refused by run(), never taken for a flag.
    @Option(parsing: .unconditional, help: "Generalise borders with this tolerance in metres, keeping shared borders shared.") var simplify: Double?

    func run() async throws {
        if let simplify, !(simplify >= 0) { throw ValidationError("--simplify must be ≥ 0 metres") }
        let format = format ?? (out.lowercased().hasSuffix(".topojson") ? .topojson : .geojson)
        let analysis = try await analysis.loadAnalysis()
        let shapes = try TerritoryShapes(layer: analysis.layer, toleranceMetres: simplify)
        let features: [TerritoryFeature]
        switch layer {
        case .cpts: features = try await TerritoryFeature.cpts(self.analysis.reports(of: analysis, withGeometry: true), shapes: shapes)
        case .whiteZones: features = try await TerritoryFeature.whiteZones(self.analysis.storedWhiteZones(withGeometry: true), shapes: shapes)
        case .overlaps: features = try TerritoryFeature.overlaps(analysis.overlaps(), in: analysis, shapes: shapes)
        case .communes: features = try TerritoryFeature.communes(analysis, shapes: shapes)
        }
        let text = format == .topojson ? try TerritoryTopoJSON.topology(object: layer.rawValue, features: features, shapes: shapes)
                                       : try TerritoryGeoJSON.collection(features)
        do {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }
        Terminal.report("wrote \(out) (\(features.count) features, \(text.utf8.count) bytes)")
    }
}
