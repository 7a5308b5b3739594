import ArgumentParser
import Foundation
import GeometryKit
import Territory

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

    enum Level: String, ExpressibleByArgument, CaseIterable { case commune, cpts, departement }

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "commune, cpts or departement.") var by: Level = .commune
    // `.unconditional`: `--radius-km -5` is read as a value and refused, never taken for a flag.
    @Option(parsing: .unconditional, help: "Catchment radius in km.") var radiusKm = 30.0
    @Option(help: "Step weights BOUND_KM:WEIGHT,… (distance up to the bound, included, gets the weight).") var weights = "10:1,20:0.5,30:0.2"
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json

    func run() async throws {
        let catchment: CatchmentWeights
        do { catchment = try CatchmentWeights(parsing: weights, radiusKm: radiusKm) } catch { throw ValidationError("\(error)") }
        let analysis = try await analysis.loadAnalysis()
        let activities = try await self.analysis.store.openStore().practitionerActivities()
        let started = DispatchTime.now().uptimeNanoseconds
        let index = AccessibilityIndex(layer: analysis.layer, supply: GPSupply(activities: activities), weights: catchment)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        Terminal.report(String(format: "E2SFCA (weights %@, radius %g km): %d communes, %d catchment pairs, %d geodesics computed, %.3f s",
                               catchment.description, radiusKm, index.communes.count, index.pairs, index.exactDistances, seconds))
        if index.unplacedSupply > 0 { Terminal.report("GPs in communes without a polygon, left out: \(index.unplacedSupply)") }
        switch (by, format) {
        case (.commune, .geojson): print(try AccessibilityJSON.geoJSON(communes: index, layer: analysis.layer))
        case (.commune, _): Terminal.printRows(index.communes.map(AccessibilityJSON.members), csv: format == .csv)
        case (.cpts, _), (.departement, _):
            let areas = by == .cpts ? index.cpts(analysis.perimeters) : index.departements()
            let key = by == .cpts ? "id" : "departement"
            if format == .geojson {
                let members = by == .cpts ? Dictionary(uniqueKeysWithValues: analysis.perimeters.map { ($0.id, $0.communeCodes) })
                                          : Dictionary(grouping: analysis.layer.communes, by: \.departement).mapValues { $0.map(\.code) }
                print(try AccessibilityJSON.geoJSON(areas: areas, key: key) { try analysis.union(ofCommunes: members[$0.code] ?? []) })
            } else {
                Terminal.printRows(areas.map { AccessibilityJSON.members($0, key: key) }, csv: format == .csv)
            }
        }
    }
}
