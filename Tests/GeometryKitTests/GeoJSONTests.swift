import XCTest
@testable import GeometryKit

/// GeoJSON in (open-data commune layers) and out (RFC 7946 exports).
final class GeoJSONTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    // MARK: - Reading

    private let collection = #"""
    {
      "type": "FeatureCollection",
      "features": [
        {"type": "Feature", "id": "59350",
         "properties": {"nom": "Lille", "école": "\u00c9cole \u00e9t\u00e9", "brut": "Élan",
                        "citation": "dit \"oui\"\\non\n", "population": 236710, "densité": 6.5e3,
                        "écart": -0.25, "vide": null, "chef-lieu": true},
         "geometry": {"type": "Polygon", "coordinates": [[[3, 50], [3.5, 50], [3.5, 50.5], [3, 50.5], [3, 50]]]}},
        {"type": "Feature", "properties": null, "geometry": null},
        {"type": "Feature", "id": 7, "properties": {}, "geometry": {"type": "Point", "coordinates": [2.3522, 48.8566, 35]}},
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [
          [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
          [[[2, 0], [4, 0], [4, 2], [2, 2], [2, 0]], [[2.5, 0.5], [2.5, 1.5], [3.5, 1.5], [3.5, 0.5], [2.5, 0.5]]]]}}
      ]
    }
    """#

    func testReadsAFeatureCollectionWithProperties() throws {
        let features = try GeoJSON.features(in: parse(collection))
        XCTAssertEqual(features.count, 4)

        let lille = features[0]
        XCTAssertEqual(lille.id, .string("59350"))
        XCTAssertEqual(lille.properties["nom"], .string("Lille"))
        XCTAssertEqual(lille.properties["école"], .string("École été"))
        XCTAssertEqual(lille.properties["brut"], .string("Élan"))
        XCTAssertEqual(lille.properties["citation"], .string("dit \"oui\"\\non\n"))
        XCTAssertEqual(lille.properties["population"], .number(236710))
        XCTAssertEqual(lille.properties["densité"], .number(6500))
        XCTAssertEqual(lille.properties["écart"], .number(-0.25))
        XCTAssertEqual(lille.properties["vide"], .null)
        XCTAssertEqual(lille.properties["chef-lieu"], .bool(true))
        XCTAssertEqual(lille.geometry, .polygon([[
            Fixtures.c(3, 50), Fixtures.c(3.5, 50), Fixtures.c(3.5, 50.5), Fixtures.c(3, 50.5), Fixtures.c(3, 50),
        ]]))
        XCTAssertEqual(try Geometry(shape: lille.geometry!).area, 0.25)

        XCTAssertNil(features[1].geometry, "\"geometry\": null")
        XCTAssertTrue(features[1].properties.isEmpty)
        XCTAssertNil(features[1].id)

        XCTAssertEqual(features[2].id, .number(7))
        XCTAssertEqual(features[2].geometry, .point(Fixtures.c(2.3522, 48.8566)), "altitude ignored")

        let multi = try Geometry(shape: features[3].geometry!)
        XCTAssertEqual(multi.typeName, "MultiPolygon")
        XCTAssertEqual(multi.area, 1 + 4 - 1)
    }

    func testReadsASingleFeatureAndABareGeometry() throws {
        let feature = try GeoJSON.features(in: parse(#"{"type":"Feature","properties":{"a":1},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}"#))
        XCTAssertEqual(feature.count, 1)
        XCTAssertEqual(feature[0].geometry, .lineString([Fixtures.c(0, 0), Fixtures.c(1, 1)]))
        let bare = try GeoJSON.features(in: parse(#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"MultiPoint","coordinates":[[3,4]]}]}"#))
        XCTAssertEqual(bare[0].geometry, .collection([.point(Fixtures.c(1, 2)), .multiPoint([Fixtures.c(3, 4)])]))
    }

    func testMalformedGeoJSONIsAnInvalidInputError() throws {
        let documents = [
            #"{"features": []}"#,
            #"{"type": "FeatureCollection"}"#,
            #"{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [0, 0]}]}"#,
            #"{"type": "Feature", "geometry": {"type": "Circle", "coordinates": [0, 0]}}"#,
            #"{"type": "Point", "coordinates": [1]}"#,
            #"{"type": "Point", "coordinates": ["1", "2"]}"#,
            #"{"type": "Polygon"}"#,
            #"{"type": "LineString", "coordinates": 3}"#,
        ]
        for text in documents {
            XCTAssertThrowsError(try GeoJSON.features(in: parse(text)), text) { error in
                guard case GeometryError.invalidInput(format: "GeoJSON", _) = error else { return XCTFail("\(text): \(error)") }
            }
        }
    }

    func testBadJSONIsASyntaxErrorWithItsLine() {
        let broken = collection.replacingOccurrences(of: #""nom": "Lille","#, with: #""nom": "Lille""#)
        XCTAssertThrowsError(try GeoJSON.features(in: parse(broken))) { error in
            guard let syntax = error as? JSONParser.SyntaxError else { return XCTFail("\(error)") }
            XCTAssertEqual(syntax.line, 5, "the member after the missing comma")
        }
    }

    // MARK: - Writing

    /// Exterior clockwise, hole counter-clockwise: both the wrong way round for RFC 7946.
    private func clockwisePolygonWithHole() throws -> Geometry {
        let exterior = Fixtures.ring([(2, 48), (2, 49), (3, 49), (3, 48)])
        let hole = Fixtures.ring([(2.25, 48.25), (2.75, 48.25), (2.75, 48.75), (2.25, 48.75)])
        XCTAssertFalse(RingOrientation.isCounterClockwise(exterior))
        XCTAssertTrue(RingOrientation.isCounterClockwise(hole))
        return try Geometry(shape: .polygon([exterior, hole]))
    }

    func testWriterOutputFollowsRFC7946AndReadsBack() throws {
        let polygon = try clockwisePolygonWithHole()
        var writer = GeoJSONWriter()
        try writer.addFeature(id: .string("59350"), properties: [("nom", .string("Lille \"Flandres\"")), ("population", .number(236710))],
                              geometry: polygon)
        try writer.addFeature(properties: [], geometry: nil)
        XCTAssertEqual(writer.featureCount, 2)
        let text = writer.finish()
        XCTAssertFalse(text.contains("\"crs\""))

        let features = try GeoJSON.features(in: parse(text))
        XCTAssertEqual(features.count, 2)
        XCTAssertEqual(features[0].id, .string("59350"))
        XCTAssertEqual(features[0].properties["nom"], .string("Lille \"Flandres\""))
        XCTAssertEqual(features[0].properties["population"], .number(236710))
        XCTAssertNil(features[1].geometry)

        let shape = try XCTUnwrap(features[0].geometry)
        guard case .polygon(let rings) = shape else { return XCTFail("\(shape)") }
        XCTAssertEqual(rings.count, 2)
        XCTAssertTrue(RingOrientation.isCounterClockwise(rings[0]), "exterior counter-clockwise")
        XCTAssertFalse(RingOrientation.isCounterClockwise(rings[1]), "hole clockwise")
        XCTAssertTrue(try Geometry(shape: shape).topologicallyEquals(polygon))
    }

    func testWriterRoundsToSixDecimals() throws {
        let precise = try Geometry(shape: .polygon([[
            Fixtures.c(2.123456789, 48.987654321), Fixtures.c(2.2000004999, 48.987654321),
            Fixtures.c(2.2000004999, 49.1234565001), Fixtures.c(2.123456789, 48.987654321),
        ]]))
        let text = try GeoJSONWriter.geometryText(precise)
        XCTAssertNil(text.firstMatch(of: /\d\.\d{7,}/), text)
        XCTAssertNil(text.firstMatch(of: /\d[eE][-+]?\d/), "no exponent notation: \(text)")
        XCTAssertTrue(text.contains("[2.123457,48.987654]"), text)
        XCTAssertTrue(text.contains("[2.2,48.987654]"), text)

        XCTAssertEqual(try GeoJSONWriter.geometryText(Geometry(point: Fixtures.c(2.3522, 48.8566))),
                       #"{"type":"Point","coordinates":[2.3522,48.8566]}"#)
        XCTAssertEqual(try GeoJSONWriter.geometryText(Geometry(point: Fixtures.c(-0.0000001, 1e-7))),
                       #"{"type":"Point","coordinates":[0,0]}"#)
    }

    func testWriterOrientsEveryPolygonOfAMultiPolygon() throws {
        // Straight through the shape writer (no snapping): one part already RFC 7946, one reversed.
        let shape = GeometryShape.multiPolygon([
            [Fixtures.ring([(0, 0), (1, 0), (1, 1), (0, 1)])],
            [Fixtures.ring([(2, 0), (2, 2), (4, 2), (4, 0)]), Fixtures.ring([(2.5, 0.5), (3.5, 0.5), (3.5, 1.5), (2.5, 1.5)])],
        ])
        var bytes: [UInt8] = []
        GeoJSONWriter.write(shape, to: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        guard case .multiPolygon(let polygons)? = try GeoJSON.features(in: parse(text)).first?.geometry else { return XCTFail(text) }
        XCTAssertEqual(polygons.count, 2)
        for rings in polygons {
            XCTAssertTrue(RingOrientation.isCounterClockwise(rings[0]))
            for hole in rings.dropFirst() { XCTAssertFalse(RingOrientation.isCounterClockwise(hole)) }
        }
        XCTAssertEqual(polygons[0], shape.polygons[0], "already CCW: unchanged")
        XCTAssertTrue(try Geometry(shape: .multiPolygon(polygons)).topologicallyEquals(Geometry(shape: shape)))
    }

    func testAFeatureThatFailsToSnapLeavesTheDocumentValid() throws {
        // GEOS cannot snap this bow-tie (its coordinates overflow on the 1e-6 grid): addFeature throws,
        // and must not leave half a feature in the document.
        let unsnappable = try Fixtures.polygon([(0, 0), (1e303, 1e303), (1e303, 0), (0, 1e303)])
        var writer = GeoJSONWriter()
        try writer.addFeature(id: .number(1), properties: [], geometry: Geometry(point: Fixtures.c(1, 2)))
        XCTAssertThrowsError(try writer.addFeature(id: .number(2), properties: [("a", .bool(true))], geometry: unsnappable))
        try writer.addFeature(id: .number(3), properties: [], geometry: nil)
        XCTAssertEqual(writer.featureCount, 2)
        let features = try GeoJSON.features(in: parse(writer.finish()))
        XCTAssertEqual(features.map(\.id), [.number(1), .number(3)])
    }

    func testWriterHandlesEveryGeometryType() throws {
        let shapes: [GeometryShape] = [
            .multiPoint([Fixtures.c(1, 2), Fixtures.c(3, 4)]),
            .lineString([Fixtures.c(0, 0), Fixtures.c(1, 1)]),
            .multiLineString([[Fixtures.c(0, 0), Fixtures.c(1, 1)], [Fixtures.c(2, 2), Fixtures.c(3, 3)]]),
            .collection([.point(Fixtures.c(1, 2)), .lineString([Fixtures.c(0, 0), Fixtures.c(1, 1)])]),
        ]
        for shape in shapes {
            let text = try GeoJSONWriter.geometryText(Geometry(shape: shape))
            XCTAssertEqual(try GeoJSON.geometry(parse(text)), shape, text)
        }
    }

    func testRingOrientation() {
        XCTAssertTrue(RingOrientation.isCounterClockwise(Fixtures.ring([(0, 0), (1, 0), (1, 1), (0, 1)])))
        XCTAssertFalse(RingOrientation.isCounterClockwise(Fixtures.ring([(0, 0), (0, 1), (1, 1), (1, 0)])))
        XCTAssertTrue(RingOrientation.isCounterClockwise([Fixtures.c(0, 0), Fixtures.c(1, 1)]), "degenerate")
    }
}
