import ArgumentParser
import Foundation
import GeometryKit
import Territory
import UseCases

extension Accessibility.Level: ExpressibleByArgument {}

struct AccessibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accessibility",
        abstract: "Accessibility to GPs (E2SFCA, GPs per 100 000 inhabitants within reach) by commune, CPTS or département.",
        discussion: """
        S_j = GPs practising in commune j (1/n in each of the n communes of a GP), P_k = population municipale,
        d = geodesic distance between the communes' representative points, W the step weights:
        R_j = S_j / Σ_k W(d_kj) P_k, A_i = Σ_j W(d_ij) R_j × 100 000. Distances, not travel times; head counts,
        not activity volumes. CPTS and départements: the population-weighted mean of their communes.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "commune, cpts or departement.") var by: Accessibility.Level = .commune
    // `.unconditional`: `--radius-km -5` is read as a value and refused, never taken for a flag.
    @Option(parsing: .unconditional, help: "Catchment radius in km (0.1–200).") var radiusKm = 30.0
    @Option(help: "Step weights BOUND_KM:WEIGHT,… (distance up to the bound, included, gets the weight).") var weights = "10:1,20:0.5,30:0.2"
    @Option(help: "Only the communes (or the row) of this département.") var departement: String?
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json

    func run() async throws {
        let question = try await refusingAsUsage { try Accessibility(level: by, radiusKm: radiusKm, weights: weights, departement: departement) }
        let territory = try await analysis.territory()
        // GeoJSON draws the communes' polygons: the whole layer, the index computed over it.
        let loaded = try await analysis.loadAnalysis(communes: format == .geojson ? .full : .attributes)
        let started = DispatchTime.now().uptimeNanoseconds
        let index = try await territory.accessibility(question.weights, over: loaded.layer)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        Terminal.report(String(format: "E2SFCA (poids %@, rayon %g km) : %d communes, %d paires de communes à portée, %d géodésiques calculées, %.3f s",
                               question.weights.description, question.weights.radiusKm, index.communes.count, index.pairs,
                               index.exactDistances, seconds))
        if index.unplacedSupply > 0 { Terminal.report("généralistes de communes sans polygone, laissés de côté : \(index.unplacedSupply)") }
        let answer = try await refusingAsUsage { try question.answer(index: index, analysis: loaded) }
        switch (answer, format) {
        case (.communes, .geojson): Terminal.printText(try AccessibilityJSON.geoJSON(communes: index, layer: loaded.layer))
        case (.areas(let rows), .geojson):
            let members = by == .cpts ? Dictionary(uniqueKeysWithValues: loaded.perimeters.map { ($0.id, $0.communeCodes) })
                                      : Dictionary(grouping: loaded.layer.communes, by: \.departement).mapValues { $0.map(\.code) }
            Terminal.printText(try AccessibilityJSON.geoJSON(areas: rows) { try loaded.union(ofCommunes: members[$0.code] ?? []) })
        case (.communes(let rows), _): try Terminal.printRows(rows, format: format.table)
        case (.areas(let rows), _): try Terminal.printRows(rows, format: format.table)
        }
    }
}
