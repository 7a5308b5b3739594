import Foundation
import GeometryKit
import Territory

/// Whether the hand-written GeoJSON writer pays: the national communes (full resolution) as one FeatureCollection,
/// from the same GEOS geometries, written by `TerritoryGeoJSON` and by Foundation's `JSONEncoder` over `Encodable`
/// features. Both do the same geometry work (the 1e-6 grid, the coordinates out of GEOS, RFC 7946 ring orientation);
/// only the writing differs. Best of three runs each; both documents parsed back must hold the same features.
enum JSONWritersBenchmark {
    static func run(dataDirectory: String) throws {
        let layer = try NationalLayer.load(dataDirectory)
        let features = try TerritoryFeature.communes(TerritoryAnalysis(layer: layer, perimeters: []))
        var text = ""
        let handSeconds = try best { text = try TerritoryGeoJSON.collection(features) }
        let encoder = JSONEncoder()
        var data = Data()
        let encoderSeconds = try best {
            let collection = EncodableCollection(features: try features.map(EncodableFeature.init))
            data = try encoder.encode(collection)
        }
        for document in [Array(text.utf8), Array(data)] where try JSONParser.parse(document)["features"]?.arrayValue?.count != features.count {
            throw BenchmarkError("the two writers did not write the same \(features.count) features")
        }
        say(String(format: "national communes as GeoJSON, %d features: hand-written %.1f MB in %.2f s, JSONEncoder %.1f MB in %.2f s "
                   + "(the same geometry work in both): the hand-written writer is %.2f× as fast",
                   features.count, Double(text.utf8.count) / 1e6, handSeconds, Double(data.count) / 1e6, encoderSeconds,
                   encoderSeconds / handSeconds))
    }

    private static func best(_ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<3 { fastest = min(fastest, try BenchmarkSupport.time(body).1) }
        return fastest
    }
}

private struct EncodableCollection: Encodable {
    let type = "FeatureCollection"
    let features: [EncodableFeature]
}

/// A feature as `GeoJSONWriter` writes it: on the 1e-6 grid, exteriors counter-clockwise, holes clockwise.
private struct EncodableFeature: Encodable {
    let type = "Feature"
    let id: String
    let properties: JSONValue
    let geometry: Polygons?

    init(_ feature: TerritoryFeature) throws {
        id = feature.id
        properties = .ordered(feature.properties)
        geometry = try feature.geometry.map { Polygons(try $0.reducingPrecision(gridSize: 1e-6).shape) }
    }

    struct Polygons: Encodable {
        let type: String
        let polygons: [[[[Double]]]]

        init(_ shape: GeometryShape) {
            if case .polygon = shape { type = "Polygon" } else { type = "MultiPolygon" }
            polygons = shape.polygons.map { rings in
                rings.enumerated().map { index, ring in
                    (RingOrientation.isCounterClockwise(ring) == (index == 0) ? ring : ring.reversed()).map { [$0.x, $0.y] }
                }
            }
        }

        enum CodingKeys: String, CodingKey { case type, coordinates }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            if type == "Polygon" { try c.encode(polygons[0], forKey: .coordinates) } else { try c.encode(polygons, forKey: .coordinates) }
        }
    }
}
