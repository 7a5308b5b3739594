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
        var seconds: [NearestRead: Double] = [:]
        for read in [NearestRead.growingBoxes, .nearestScan] {
            var found: [[String]] = []
            (_, seconds[read]) = try await BenchmarkSupport.time {
                for query in queries { found.append(try await store.nearest(query, read: read).volunteers.map(\.volunteer.rpps)) }
            }
            answers[read] = found
        }
        guard answers[.growingBoxes] == answers[.nearestScan] else { throw BenchmarkError("the two reads found different volunteers") }
        return (seconds[.growingBoxes]!, seconds[.nearestScan]!)
    }
}
