@testable import Cartography
import GeometryKit
import Territory
import XCTest

/// Where the layout puts things, on hand-built communes and on the layout of France.
final class ReportMapLayoutTests: XCTestCase {
    /// A région map: the four squares fill the panel's width less a unit either side, and their shared corner is one
    /// pixel in every commune's ring.
    func testARegionMapFitsItsCommunesToThePanel() throws {
        let map = try ReportMap(try SquareCommunes.analysis(), subject: .coverage(.commune), region: "32", width: 1000, date: "2026-12-01")
        let layout = map.layout
        XCTAssertEqual(layout.unit, 10)
        XCTAssertEqual(layout.margin, 15)
        XCTAssertTrue(layout.insets.isEmpty)
        XCTAssertEqual(layout.main.territory, .metropole)
        XCTAssertEqual(layout.main.frame.x, 15)
        XCTAssertEqual(layout.main.frame.width, 970)
        XCTAssertNil(map.toleranceMetres, "about 15 m a pixel: full resolution")
        let rings = paths(map.scene.items).filter { $0.name?.hasPrefix("commune ") == true }.flatMap(\.rings)
        XCTAssertEqual(rings.count, 4)
        let xs = rings.flatMap { $0.map(\.x) }
        XCTAssertEqual(xs.min()!, 25, accuracy: 1e-6, "the panel's left edge plus a unit")
        XCTAssertEqual(xs.max()!, 975, accuracy: 1e-6, "the panel's right edge less a unit")
        let shared = try layout.main.pixel(of: Coordinate(longitude: 2.4, latitude: 49.9))
        for ring in rings {
            XCTAssertTrue(ring.contains { abs($0.x - shared.x) < 1e-6 && abs($0.y - shared.y) < 1e-6 }, "every square has the shared corner")
        }
        // North up: the northern squares above the southern ones.
        XCTAssertLessThan(try layout.main.pixel(of: SquareCommunes.centre("80001")).y, try layout.main.pixel(of: SquareCommunes.centre("80003")).y)
        // The scale bar's kilometre, measured on the ground: Lambert-93's scale factor at 49.9° N is within 0.1 % of 1.
        XCTAssertEqual(try layout.main.pixels(forGroundMetres: 1000) * layout.main.metresPerPixel / 1000, 1, accuracy: 0.001)
    }

    /// France: the Métropole on the right, the five DROM in a column of equal boxes on the left, in order, each point
    /// of a territory inside its own box.
    func testFranceHasTheFiveInsetsInAColumnOnTheLeft() throws {
        let layout = try ReportMapLayout.france(width: 1200)
        XCTAssertEqual(layout.insets.map(\.territory), [.guadeloupe, .martinique, .guyane, .reunion, .mayotte])
        let column = layout.insets.map(\.frame)
        for (i, box) in column.enumerated() {
            XCTAssertEqual(box.x, layout.margin)
            XCTAssertEqual(box.width, 180)
            XCTAssertEqual(box.height, column[0].height, accuracy: 1e-9, "equal boxes")
            XCTAssertLessThan(box.x + box.width, layout.main.frame.x)
            if i > 0 { XCTAssertGreaterThan(box.y, column[i - 1].y + column[i - 1].height) }
        }
        XCTAssertEqual(column[0].y, layout.main.frame.y)
        XCTAssertEqual(column[4].y + column[4].height, layout.main.frame.y + layout.main.frame.height, accuracy: 1e-9)
        let places: [(MapTerritory, Coordinate)] = [
            (.metropole, Coordinate(longitude: 2.3522, latitude: 48.8566)), (.metropole, Coordinate(longitude: 9.45, latitude: 42.7)),
            (.guadeloupe, Coordinate(longitude: -61.53, latitude: 16.24)), (.martinique, Coordinate(longitude: -61.07, latitude: 14.6)),
            (.guyane, Coordinate(longitude: -52.32, latitude: 4.92)), (.reunion, Coordinate(longitude: 55.45, latitude: -20.88)),
            (.mayotte, Coordinate(longitude: 45.23, latitude: -12.78)),
        ]
        for (territory, place) in places {
            let panel = layout.panel(territory)!
            XCTAssertTrue(panel.frame.contains(try panel.pixel(of: place)), "\(territory) at \(place)")
            for other in layout.panels where other.territory != territory {
                XCTAssertFalse(other.frame.contains(try panel.pixel(of: place)), "\(territory) not in \(other.territory)'s box")
            }
        }
        // Lambert-93: Paris's control point is the projection of its coordinates, placed by the panel's affine map.
        let paris = try CoordinateTransform(from: "EPSG:4326", to: "EPSG:2154").transform(Coordinate(x: 2.3522, y: 48.8566))
        XCTAssertEqual(try layout.main.pixel(of: Coordinate(x: 2.3522, y: 48.8566)), layout.main.pixel(ofProjected: paris))
        XCTAssertEqual(ReportMap.tolerance(forMetresPerPixel: layout.main.metresPerPixel), 500, "about 1.2 km a pixel")
    }

    func testClassBoundsAndErrors() throws {
        let expected: [(Double, CoverageClass)] = [(0, .none), (1e-9, .upToQuarter), (0.25, .upToQuarter), (0.2500001, .upToHalf), (0.5, .upToHalf),
                                                   (0.75, .upToThreeQuarters), (0.76, .belowFull), (0.999999, .belowFull), (1, .full)]
        for (rate, coverageClass) in expected { XCTAssertEqual(CoverageClass.of(rate: rate), coverageClass, "\(rate)") }
        XCTAssertEqual(Set(CoverageClass.allCases.map(\.colour)).count, 7, "seven distinct colours")
        XCTAssertEqual(CoverageClass.of(populationTotal: 0, rate: 0), .noData, "no population: no rate, not 0 %")
        XCTAssertEqual(CoverageClass.of(populationTotal: 10, rate: 0), CoverageClass.none)
        let analysis = try SquareCommunes.analysis()
        XCTAssertThrowsError(try ReportMap(analysis, subject: .whiteZones, region: nil, width: 299, date: "")) {
            XCTAssertEqual($0 as? CartographyError, .widthOutOfRange(299))
        }
        XCTAssertThrowsError(try ReportMap(analysis, subject: .whiteZones, region: "84", width: 800, date: "")) {
            XCTAssertEqual($0 as? CartographyError, .unknownRegion("84"))
        }
        XCTAssertThrowsError(try MapImageFormat(fileName: "carte.jpg")) { XCTAssertEqual($0 as? CartographyError, .unknownFormat("carte.jpg")) }
        XCTAssertEqual(try MapImageFormat(fileName: "CARTE.PNG"), .png)
        XCTAssertEqual(SVGWriter.number(-0.004), "0")
        XCTAssertEqual(SVGWriter.number(12.5), "12.5")
        XCTAssertEqual(SVGWriter.number(-3.07), "-3.07")
    }
}

/// Every path of the scene, inside clipped groups too.
func paths(_ items: [SceneItem]) -> [ScenePath] {
    items.flatMap { item -> [ScenePath] in
        switch item {
        case .path(let p): [p]
        case .clipped(_, let inner): paths(inner)
        default: []
        }
    }
}
