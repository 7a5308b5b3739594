import ArgumentParser
import Foundation
import Territory

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layer as an RFC 7946 GeoJSON FeatureCollection."
    )

    enum Layer: String, ExpressibleByArgument, CaseIterable {
        case cpts, whiteZones = "white-zones", overlaps, communes
    }

    @OptionGroup var analysis: AnalysisOptions
    @Argument(help: "cpts, white-zones, overlaps or communes.") var layer: Layer
    @Option(help: "Output file (.geojson).") var out: String
    // `.unconditional`: `--simplify -5` is read as a value and refused by run(), never taken for a flag.
    @Option(parsing: .unconditional, help: "Simplify each shape with this tolerance in metres (topology-preserving per shape).") var simplify: Double?

    func run() throws {
        if let simplify, simplify < 0 { throw ValidationError("--simplify must be ≥ 0 metres") }
        let analysis = try analysis.loadAnalysis()
        let text: String
        switch layer {
        case .cpts: text = try TerritoryGeoJSON.cpts(analysis.reports(), simplifyMetres: simplify)
        case .whiteZones: text = try TerritoryGeoJSON.whiteZones(analysis.whiteZones(), simplifyMetres: simplify)
        case .overlaps: text = try TerritoryGeoJSON.overlaps(analysis.overlaps(), in: analysis, simplifyMetres: simplify)
        case .communes: text = try TerritoryGeoJSON.communes(analysis, simplifyMetres: simplify)
        }
        do {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(out): \(error.localizedDescription)")
        }
        Terminal.report("wrote \(out) (\(text.utf8.count) bytes)")
    }
}
