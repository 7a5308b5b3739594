import Foundation
import GeometryKit
import OpenData
import Territory
import TestSupport
import UseCases

/// Nearest-volunteer queries per second (sample roster, and a national roster of 15 000 volunteers
/// placed at random in real communes, weighted by population, fixed seed), the same queries in
/// PostGIS, and the batch matching of the sample's 2 000 waiting patients.
enum OrientationBenchmark {
    static func run(dataDirectory: String) throws {
        let national = try NationalLayer.load(dataDirectory)
        let sample = dataDirectory + "/sample-hauts-de-france"
        let perimeters = try CPTSPerimeterFile(path: sample + "/cpts-perimetres.csv.gz", isCurrentCommune: national.contains(code:), formerCodes: [:])
        let analysis = TerritoryAnalysis(layer: national, perimeters: perimeters.perimeters)
        let activities = try RPPSExtract(path: sample + "/PS_LibreAcces_Personne_activite.txt.gz", communes: national).activities
        let roster = try VolunteerRoster(path: sample + "/medecins-volontaires.csv.gz", activities: activities, communes: national).volunteers
        let patients = try PatientRequestFile(path: sample + "/patients-sans-medecin-traitant.csv.gz", communes: national).requests
        let orientation = OrientationService(analysis: analysis, volunteers: roster, activities: activities, waiting: patients)

        let (edges, edgeSeconds) = BenchmarkSupport.time { patients.reduce(0) { $0 + orientation.finder.within(km: 30, of: $1.position, homeVisits: $1.needsHomeVisit).count } }
        say(String(format: "candidate pairs within 30 km: %d in %.3f s", edges, edgeSeconds))
        let (match, matchSeconds) = BenchmarkSupport.time { orientation.matchWaitingList(maxKm: 30) }
        say(String(format: "batch matching: %d waiting patients, %d placed, %.1f km in total (greedy %.1f km): %.3f s (goal ≤ 1 s)",
                   patients.count, match.assignments.count, match.totalDistanceKm, match.greedyTotalDistanceKm, matchSeconds))
        for priority in PatientPriority.allCases {
            say("  \(priority.rawValue): \(match.placedByPriority[priority] ?? 0) placed of \(match.waitingByPriority[priority] ?? 0) (greedy \(match.greedyPlacedByPriority[priority] ?? 0))")
        }

        // Query points: the waiting patients' homes (sample), random population-weighted points (national).
        let samplePoints = patients.map(\.position)
        let sampleRate = queriesPerSecond(orientation.finder, samplePoints)
        say(String(format: "nearest-5, sample roster (%d available of %d): %.0f queries/s on %d cores",
                   orientation.finder.volunteers.count, roster.count, sampleRate.rate, ProcessInfo.processInfo.activeProcessorCount))
        let nationalVolunteers = nationalRoster(national, count: 15_000, seed: 42)
        let nationalFinder = VolunteerFinder(volunteers: nationalVolunteers, cptsOfCommune: { _ in [] })
        let nationalPoints = nationalRoster(national, count: 2_000, seed: 7).map(\.position)
        let nationalRate = queriesPerSecond(nationalFinder, nationalPoints)
        say(String(format: "nearest-5, national roster (15 000 at random in communes, by population, seed 42): %.0f queries/s (goal ≥ 200 000)", nationalRate.rate))

        guard let postgis = PostGISShell.start() else { return }
        defer { postgis.stop() }
        let samplePostGIS = try postGISQueriesPerSecond(postgis, volunteers: orientation.finder.volunteers, points: samplePoints, table: "bench_sample_volunteer")
        let nationalPostGIS = try postGISQueriesPerSecond(postgis, volunteers: nationalVolunteers, points: nationalPoints, table: "bench_national_volunteer")
        say(String(format: "postgis nearest-5 (KNN <-> then ST_Distance(geography) re-rank): sample %.0f queries/s, national %.0f queries/s",
                   samplePostGIS, nationalPostGIS))
        say(String(format: "ratio maillage / PostGIS: sample %.0f×, national %.0f× (goal ≥ 50×)", sampleRate.rate / samplePostGIS, nationalRate.rate / nationalPostGIS))
    }
}

extension OrientationBenchmark {
    /// Nearest-5 queries per second on all cores, each query point used once per round.
    static func queriesPerSecond(_ finder: VolunteerFinder, _ points: [Coordinate]) -> (rate: Double, checksum: Double) {
        let rounds = max(1, 200_000 / points.count)
        let chunks = ProcessInfo.processInfo.activeProcessorCount * 4
        let (sums, seconds) = BenchmarkSupport.time {
            (try? ParallelMap.map(Array(0..<chunks)) { chunk -> Double in
                var sum = 0.0
                for _ in 0..<rounds {
                    for i in stride(from: chunk, to: points.count, by: chunks) {
                        sum += finder.nearest(to: points[i], k: 5).last?.distanceKm ?? 0
                    }
                }
                return sum
            }) ?? []
        }
        return (Double(rounds * points.count) / seconds, sums.reduce(0, +))
    }

    /// `count` volunteers at random points inside real communes, communes drawn by population (fixed seed).
    static func nationalRoster(_ layer: CommuneLayer, count: Int, seed: UInt64) -> [Volunteer] {
        var rng = SeededRandom(seed: seed)
        let communes = layer.communes.filter { $0.geometry != nil && ($0.population ?? 0) > 0 }
        let byPopulation = WeightedDraw(weights: communes.map { $0.population! })
        return (0..<count).map { i in
            let commune = communes[byPopulation.index(ofTicket: Int(rng.next() % UInt64(byPopulation.total)))]
            let box = commune.geometry!.envelope!
            let prepared = commune.geometry!.prepared()
            var point = commune.representativePoint!
            for _ in 0..<100 {
                let candidate = Coordinate(longitude: box.minX + rng.unit() * (box.maxX - box.minX), latitude: box.minY + rng.unit() * (box.maxY - box.minY))
                if prepared.covers(candidate) { point = candidate; break }
            }
            let rpps = String(format: "1%09d", i)
            return Volunteer(rpps: rpps, acceptsNewPatients: true, placesRemaining: 10, homeVisits: i % 3 == 0, position: point,
                             precision: .address, updatedOn: "2026-11-01", communeCode: commune.code)
        }
    }

    /// The same nearest-5 queries in PostGIS: KNN on the GiST index (`<->`), then geodesic re-rank.
    static func postGISQueriesPerSecond(_ postgis: PostGISShell, volunteers: [Volunteer], points: [Coordinate], table: String) throws -> Double {
        try postgis.execute("""
            DROP TABLE IF EXISTS \(table), \(table)_query;
            CREATE TABLE \(table) (rpps text PRIMARY KEY, geom geometry(Point, 4326));
            CREATE TABLE \(table)_query (id integer PRIMARY KEY, geom geometry(Point, 4326));
            """)
        try postgis.copy(volunteers.map { "\($0.rpps)\tSRID=4326;POINT(\($0.position.longitude) \($0.position.latitude))" }.joined(separator: "\n") + "\n", into: table)
        try postgis.copy(points.enumerated().map { "\($0.offset)\tSRID=4326;POINT(\($0.element.longitude) \($0.element.latitude))" }.joined(separator: "\n") + "\n",
                         into: table + "_query")
        try postgis.execute("CREATE INDEX ON \(table) USING gist (geom); ANALYZE \(table); ANALYZE \(table)_query;")
        let (_, seconds) = try postgis.time("""
            SELECT count(*) FROM \(table)_query q CROSS JOIN LATERAL (
              SELECT c.rpps FROM (SELECT v.rpps, v.geom FROM \(table) v ORDER BY v.geom <-> q.geom LIMIT 20) c
              ORDER BY ST_Distance(c.geom::geography, q.geom::geography), c.rpps LIMIT 5) n
            """)
        return Double(points.count) / seconds
    }
}
