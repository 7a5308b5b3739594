import XCTest
@testable import GeometryKit

/// Projected → WGS84 transforms for metropolitan France and the overseas départements.
final class CoordinateTransformTests: XCTestCase {
    /// Control points: (CRS, easting, northing) → (longitude, latitude) to 5 decimals.
    private let controlPoints: [(crs: String, x: Double, y: Double, lon: Double, lat: Double)] = [
        ("EPSG:2154", 870262.2, 6571540.8, 5.20918, 46.22229),       // Lambert-93
        ("EPSG:5490", 657242.9, 1795384.4, -61.52874, 16.23400),     // RGAF09 / UTM 20N (Antilles)
        ("EPSG:2972", 353672.8, 544349.1, -52.31973, 4.92347),       // RGFG95 / UTM 22N (Guyane)
        ("EPSG:2975", 323086.6, 7679599.8, 55.29821, -20.97571),     // RGR92 / UTM 40S (La Réunion)
        ("EPSG:4471", 524819.9, 8587194.7, 45.22868, -12.77989),     // RGM04 / UTM 38S (Mayotte)
    ]

    private func fiveDecimals(_ value: Double) -> Int { Int((value * 100_000).rounded()) }

    func testControlPoints() throws {
        for point in controlPoints {
            let transform = try CoordinateTransform(from: point.crs, to: "EPSG:4326")
            XCTAssertEqual(transform.source, point.crs)
            let result = try transform.transform(Coordinate(x: point.x, y: point.y))
            XCTAssertEqual(fiveDecimals(result.longitude), fiveDecimals(point.lon), "\(point.crs) longitude \(result.longitude)")
            XCTAssertEqual(fiveDecimals(result.latitude), fiveDecimals(point.lat), "\(point.crs) latitude \(result.latitude)")
        }
    }

    func testRoundTripThroughLambert93() throws {
        let forward = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:2154")
        let back = try CoordinateTransform(from: "EPSG:2154", to: "EPSG:4326")
        let paris = Coordinate(longitude: 2.3522, latitude: 48.8566)
        let projected = try forward.transform(paris)
        XCTAssertEqual(projected.x, 652_000, accuracy: 2_000, "longitude first, easting first")
        XCTAssertEqual(projected.y, 6_862_000, accuracy: 2_000)
        let result = try back.transform(projected)
        XCTAssertEqual(result.longitude, paris.longitude, accuracy: 1e-9)
        XCTAssertEqual(result.latitude, paris.latitude, accuracy: 1e-9)
    }

    func testUnknownCRSThrows() {
        XCTAssertThrowsError(try CoordinateTransform(from: "EPSG:999999", to: "EPSG:4326")) { error in
            guard case GeometryError.projection(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("EPSG:999999"), message)
        }
        XCTAssertThrowsError(try WGS84Transforms().fromCRS("EPSG:999999")) { error in
            guard case GeometryError.projection = error else { return XCTFail("\(error)") }
        }
    }

    func testUntransformablePositionThrows() throws {
        let transform = try CoordinateTransform(from: "EPSG:2154", to: "EPSG:4326")
        XCTAssertThrowsError(try transform.transform(Coordinate(x: .nan, y: 6571540.8))) { error in
            guard case GeometryError.projection(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("EPSG:2154"), message)
        }
        // The transform still works after an error.
        XCTAssertEqual(fiveDecimals(try transform.transform(Coordinate(x: 870262.2, y: 6571540.8)).longitude), 520918)
    }

    func testWGS84TransformsCachesOnePerCRS() throws {
        let transforms = WGS84Transforms()
        let first = try transforms.fromCRS("EPSG:2154")
        XCTAssertTrue(first === (try transforms.fromCRS("EPSG:2154")))
        XCTAssertFalse(first === (try transforms.fromCRS("EPSG:2975")))
        XCTAssertEqual(first.target, "EPSG:4326")
    }

    func testConcurrentUseOfOneTransform() throws {
        let transform = try WGS84Transforms().fromCRS("EPSG:2154")
        let results = LockedList<Coordinate>()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<200 {
                if let c = try? transform.transform(Coordinate(x: 870262.2, y: 6571540.8)) { results.append(c) }
            }
        }
        XCTAssertEqual(results.values.count, 800)
        XCTAssertEqual(Set(results.values).count, 1)
    }
}
