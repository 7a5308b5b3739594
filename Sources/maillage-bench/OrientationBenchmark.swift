import Foundation
import GeometryKit
import OpenData
import Territory

/// Nearest-volunteer queries per second (sample roster, and a national roster of 15 000 volunteers
/// placed at random in real communes, weighted by population, fixed seed), the same queries in
/// PostGIS, and the batch matching of the sample's 2 000 waiting patients.
enum OrientationBenchmark {
    static func run(dataDirectory: String) throws {
        let national = try NationalLayer.load(dataDirectory)
        let sample = dataDirectory + "/sample-hauts-de-france"
        let perimeters = try CPTSPerimeterFile(path: sample + "/cpts-perimetres.csv", isCurrentCommune: national.contains(code:), formerCodes: [:])
        let analysis = TerritoryAnalysis(layer: national, perimeters: perimeters.perimeters)
        let activities = try RPPSExtract(path: sample + "/PS_LibreAcces_Personne_activite.txt", communes: national).activities
        let roster = try VolunteerRoster(path: sample + "/medecins-volontaires.csv", activities: activities, communes: national).volunteers
        let patients = try PatientRequestFile(path: sample + "/patients-sans-medecin-traitant.csv", communes: national).requests
        let desk = OrientationService(analysis: analysis, volunteers: roster, activities: activities, waiting: patients)

        let (edges, edgeSeconds) = BenchmarkSupport.time { patients.reduce(0) { $0 + desk.finder.within(km: 30, of: $1.position, homeVisits: $1.needsHomeVisit).count } }
        say(String(format: "candidate pairs within 30 km: %d in %.3f s", edges, edgeSeconds))
        let (match, matchSeconds) = BenchmarkSupport.time { desk.matchWaitingList(maxKm: 30) }
        say(String(format: "batch matching: %d waiting patients, %d placed, %.1f km in total (greedy %.1f km): %.3f s (goal ≤ 1 s)",
                   patients.count, match.assignments.count, match.totalDistanceKm, match.greedyTotalDistanceKm, matchSeconds))
        for priority in PatientPriority.allCases {
            say("  \(priority.rawValue): \(match.placedByPriority[priority] ?? 0) placed of \(match.waitingByPriority[priority] ?? 0) (greedy \(match.greedyPlacedByPriority[priority] ?? 0))")
        }
    }
}
