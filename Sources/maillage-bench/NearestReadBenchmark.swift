import Foundation
import GeometryKit
import Storage
import Territory
import UseCases

/// The one-query `nearest` of `maillage nearest` on a store, both ways it can read the volunteers around the patient:
/// growing boxes, and the store's k-nearest scan (PostGIS's `<->` on the GIST index). The whole read for each point
/// (commune, volunteers, CPTS), the same finder: the two must give the same answers; only the reads differ.
enum NearestReadBenchmark {
    static func run(store: any MaillageStore, points: [Coordinate], k: Int = 5) async throws -> (boxes: Double, scan: Double) {
        let queries = points.map { NearestQuery(place: .position($0), k: k) }
        var answers: [NearestRead: [[String]]] = [:]
        var seconds: [NearestRead: Double] = [.growingBoxes: .infinity, .nearestScan: .infinity]
        // Three rounds, the two reads in turn, the best of each: neither profits from the other's warm caches.
        for _ in 0..<3 {
            for read in [NearestRead.growingBoxes, .nearestScan] {
                var found: [[String]] = []
                let (_, elapsed) = try await BenchmarkSupport.time {
                    for query in queries { found.append(try await store.nearest(query, read: read).volunteers.map(\.volunteer.rpps)) }
                }
                seconds[read] = min(seconds[read]!, elapsed)
                answers[read] = found
            }
        }
        guard answers[.growingBoxes] == answers[.nearestScan] else { throw BenchmarkError("the two reads found different volunteers") }
        return (seconds[.growingBoxes]!, seconds[.nearestScan]!)
    }
}
