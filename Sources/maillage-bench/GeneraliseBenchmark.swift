import Foundation
import GeometryKit
import Territory

/// The generalised commune layer of the whole country at each tolerance the map uses: time to simplify
/// the edge graph (each border once), vertices kept, and the bytes of the national communes as GeoJSON and
/// as TopoJSON (each shared border once), next to the full resolution.
enum GeneraliseBenchmark {
    static let tolerances: [Double] = [0, 20, 100, 500, 2_500]

    static func run(dataDirectory: String) throws {
        let layer = try NationalLayer.load(dataDirectory)
        let (coverage, edgeSeconds) = BenchmarkSupport.time { layer.coverage }
        say(String(format: "commune edge graph: %d edges built in %.2f s", coverage.edgeCount, edgeSeconds))
        let analysis = TerritoryAnalysis(layer: layer, perimeters: [])
        say("tolerance  simplify s  vertices    communes GeoJSON  communes TopoJSON  départements GeoJSON")
        for tolerance in tolerances {
            let (shapes, seconds) = try BenchmarkSupport.time { try TerritoryShapes(layer: layer, toleranceMetres: tolerance) }
            let vertices = shapes.coverage.vertexCount
            let features = try TerritoryFeature.communes(analysis, shapes: shapes)
            let geojson = try TerritoryGeoJSON.collection(features).utf8.count
            let topojson = try TerritoryTopoJSON.topology(object: "communes", features: features, shapes: shapes).utf8.count
            let departements = Dictionary(grouping: layer.communes, by: \.departement).sorted { $0.key < $1.key }
            let departementFeatures = try ParallelMap.map(departements) { code, communes in
                TerritoryFeature(id: code, properties: [], geometry: try shapes.union(ofCommunes: communes.map(\.code)))
            }
            let departementBytes = try TerritoryGeoJSON.collection(departementFeatures).utf8.count
            say(String(format: "%7.0f m  %10.2f  %9d", tolerance, tolerance == 0 ? Double(0) : seconds, vertices)
                + padded(bytes(geojson), 20) + padded(bytes(topojson), 19) + padded(bytes(departementBytes), 22))
        }
    }

    static func bytes(_ n: Int) -> String { String(format: "%.2f MB", Double(n) / 1e6) }

}
