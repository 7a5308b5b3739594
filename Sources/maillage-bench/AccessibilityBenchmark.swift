import Foundation
import GeometryKit
import OpenData
import Territory
import TestSupport

/// `maillage-bench accessibility`: the national E2SFCA (every commune of Data/, 30 km, weights 10:1,20:0.5,30:0.2).
///
/// Data/ has the RPPS extract of Hauts-de-France only, so the national supply is drawn (fixed seed) as the real
/// one is spread: one GP per 1 000 inhabitants, in communes drawn by population — the work (catchment pairs of
/// every commune with GPs) is that of the real country. The sample's own supply is timed too.
enum AccessibilityBenchmark {
    static func run(dataDirectory: String) throws {
        let layer = try NationalLayer.load(dataDirectory)
        let communes = layer.communes.filter { $0.representativePoint != nil }
        let byPopulation = WeightedDraw(weights: communes.map { $0.population ?? 0 })
        var random = SeededRandom(seed: 16)
        let activities = (0..<(byPopulation.total / 1_000)).map { i -> PractitionerActivity in
            let commune = communes[byPopulation.draw(using: &random)]
            return PractitionerActivity(rpps: String(format: "1%010d", i), professionCode: "10", professionLabel: "Médecin", savoirFaireCode: "SM54",
                                        savoirFaireLabel: "Médecine générale", modeCode: "L", modeLabel: "Libéral", communeCode: commune.code,
                                        departementCode: commune.departement, position: commune.representativePoint!, precision: .commune)
        }
        let sample = try RPPSExtract(path: dataDirectory + "/sample-hauts-de-france/PS_LibreAcces_Personne_activite.txt.gz", communes: layer).activities
        say("national E2SFCA on \(ProcessInfo.processInfo.activeProcessorCount) cores, \(layer.communes.count) communes")
        for (name, activities) in [("national supply (1 GP per 1 000 inhabitants, drawn)", activities), ("Hauts-de-France sample's RPPS", sample)] {
            let supply = GPSupply(activities: activities)
            let (index, seconds) = BenchmarkSupport.best { AccessibilityIndex(layer: layer, supply: supply) }
            let indexed = index.communes.compactMap(\.indexPer100k)
            say(String(format: "  %@: %d GPs in %d communes; %d catchment pairs, %d geodesics computed; %.3f s (goal ≤ 2 s); mean index %.1f per 100 000",
                       name, supply.practitioners, supply.byCommune.count, index.pairs, index.exactDistances, seconds,
                       indexed.reduce(0, +) / Double(max(indexed.count, 1))))
        }
    }
}
