import Cartography
import ChildProcess
import Foundation
import GeometryKit
import Storage
import Territory
import XCTest

/// `maillage map coverage --by departement --out carte.png` on the whole country, in release (`swift test -c release
/// --filter NationalReportMapTests`): the national store of `NationalMapStore` (one CPTS per EPCI), the built binary
/// run as a user runs it, the PNG read back by GDAL. A few départements' classes are computed here from the store's
/// communes and perimeters (not by `TerritoryAnalysis`), and their colour is checked at a point inside them projected
/// through the layout; the insets are where the layout puts them, framed, with land inside.
final class NationalReportMapTests: XCTestCase {
    func testTheNationalCoverageMapHasItsClassesAndInsets() async throws {
        #if DEBUG
        throw XCTSkip("the national report map runs in release: swift test -c release --filter NationalReportMapTests")
        #else
        guard ChildProcess.isInstalled("gdallocationinfo") else { throw XCTSkip("gdal-bin not installed") }
        let national = try await NationalMapStore.build()
        defer { national.remove() }
        let store = national.store
        let png = NSTemporaryDirectory() + "maillage-national-carte.png"   // kept for a look, never in the repository
        let started = Date()
        let run = try ChildProcess.capture(try Self.maillage(), ["map", "coverage", "--by", "departement", "--out", png, "--width", "1200"],
                                           environment: ["MAILLAGE_DB": national.location])
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(run.status, 0, run.standardError)
        let bytes = (try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        print(String(format: "national report map: %@ in %.1f s (process wall clock), %d bytes: %@", png, seconds, bytes, run.standardError))

        let layout = try ReportMapLayout.france(width: 1200)
        let size = try ChildProcess.run("/usr/bin/env", ["gdalinfo", png]).output
        XCTAssertTrue(size.contains("Size is 1200, \(layout.height)"), size)

        // Each département's class from the store: population of the communes claimed by any CPTS (all statuses
        // count) over its population, bounds as the legend prints them.
        let communes = try await store.allCommunes()
        let claimed = Set(try await store.allCPTS().flatMap(\.communeCodes))
        func expectedClass(_ departement: String) -> CoverageClass {
            let own = communes.filter { $0.departement == departement }
            let total = own.reduce(0) { $0 + ($1.population ?? 0) }
            let covered = own.filter { claimed.contains($0.code) }.reduce(0) { $0 + ($1.population ?? 0) }
            if total == 0 { return .noData }   // Mayotte: no population figure
            if covered == 0 { return .none }
            if covered == total { return .full }
            let rate = Double(covered) / Double(total)
            return rate <= 0.25 ? .upToQuarter : rate <= 0.5 ? .upToHalf : rate <= 0.75 ? .upToThreeQuarters : .belowFull
        }
        // Points well inside their département: prefectures of the Métropole, the middle of each DROM.
        let places: [(String, MapTerritory, Coordinate)] = [
            ("80", .metropole, Coordinate(longitude: 2.2958, latitude: 49.8941)), ("18", .metropole, Coordinate(longitude: 2.3985, latitude: 47.0810)),
            ("31", .metropole, Coordinate(longitude: 1.4442, latitude: 43.6047)), ("35", .metropole, Coordinate(longitude: -1.6778, latitude: 48.1173)),
            ("21", .metropole, Coordinate(longitude: 5.0415, latitude: 47.3220)), ("2A", .metropole, Coordinate(longitude: 8.95, latitude: 41.95)),
            // The Atlantic coast, beside the legend in the Bay of Biscay: the legend covers no land.
            ("64", .metropole, Coordinate(longitude: -1.40, latitude: 43.45)), ("17", .metropole, Coordinate(longitude: -0.63, latitude: 45.75)),
            ("85", .metropole, Coordinate(longitude: -1.43, latitude: 46.67)),
            ("971", .guadeloupe, Coordinate(longitude: -61.68, latitude: 16.17)), ("972", .martinique, Coordinate(longitude: -61.02, latitude: 14.65)),
            ("973", .guyane, Coordinate(longitude: -53.2, latitude: 3.9)), ("974", .reunion, Coordinate(longitude: 55.53, latitude: -21.13)),
            ("976", .mayotte, Coordinate(longitude: 45.14, latitude: -12.83)),
        ]
        var classes: Set<CoverageClass> = []
        for (departement, territory, place) in places {
            let p = try layout.panel(territory)!.pixel(of: place)
            let expected = expectedClass(departement)
            classes.insert(expected)
            let c = expected.colour
            XCTAssertEqual(try Self.rgb(png, p), [Int(c.red), Int(c.green), Int(c.blue)], "département \(departement) (\(expected.label)) at \(p)")
        }
        print("national report map: classes checked \(classes.map(\.label).sorted())")
        // The insets' frames: grey on the Guyane box's left edge, white just outside the column; the sea white.
        let guyane = layout.panel(.guyane)!.frame
        let edge = try Self.rgb(png, Point(x: guyane.x, y: guyane.y + guyane.height / 2))
        XCTAssertTrue(edge[0] == edge[1] && edge[1] == edge[2] && edge[0] < 230, "the Guyane frame: \(edge)")
        XCTAssertEqual(try Self.rgb(png, Point(x: guyane.x + guyane.width + layout.margin / 2, y: guyane.y + guyane.height / 2)), [255, 255, 255])
        XCTAssertEqual(try Self.rgb(png, try layout.main.pixel(of: Coordinate(longitude: -4.5, latitude: 45.5))), [255, 255, 255], "the Bay of Biscay")
        #endif
    }

    /// The pixel's red, green, blue, read by `gdallocationinfo`.
    static func rgb(_ png: String, _ p: Point) throws -> [Int] {
        let out = try ChildProcess.run("/usr/bin/env", ["gdallocationinfo", "-valonly", png, String(Int(p.x)), String(Int(p.y))])
        return out.output.split(whereSeparator: \.isNewline).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// The `maillage` built with this test bundle (`swift build -c release --build-tests` builds it beside the bundle).
    static func maillage() throws -> String {
        let folders = Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() } + [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        guard let found = folders.map({ $0.appendingPathComponent("maillage").path }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no maillage executable beside the test bundle: swift build -c release --build-tests"])
        }
        return found
    }
}
