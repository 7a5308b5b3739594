import ChildProcess
import Foundation
import HummingbirdTesting
import MaillageServer
import XCTest

/// Real clients against the real server: GDAL's OAPIF driver (what QGIS uses) and headless Chromium
/// loading the web map. Skipped when the tool is missing, unless MAILLAGE_REQUIRE_VALIDATORS=1 (CI).
final class ClientToolTests: XCTestCase {
    /// A client that hangs fails the test after two minutes instead of holding CI until its limit.
    static let bounded = ["timeout", "120"]

    func requireTool(_ name: String) throws {
        if ChildProcess.isInstalled(name) { return }
        if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("\(name) is required but not installed") }
        throw XCTSkip("\(name) not installed")
    }

    func testGDALListsEveryCollectionAndCopiesTheCPTS() async throws {
        try requireTool("ogrinfo")
        try await SampleService.withServer { client, _ in
            let url = "OAPIF:http://127.0.0.1:\(client.port!)/ogc"
            let info = try ChildProcess.run("/usr/bin/env", Self.bounded + ["ogrinfo", "-ro", "-al", "-so", url])
            XCTAssertEqual(info.status, 0, info.output)
            for collection in OGCFeaturesTests.collections {
                XCTAssertTrue(info.output.contains("Layer name: \(collection)"), "ogrinfo does not list \(collection)")
            }
            let gpkg = NSTemporaryDirectory() + "maillage-cpts-\(UUID().uuidString).gpkg"
            defer { try? FileManager.default.removeItem(atPath: gpkg) }
            let copy = try ChildProcess.run("/usr/bin/env", Self.bounded + ["ogr2ogr", "-f", "GPKG", gpkg, url, "cpts"])
            XCTAssertEqual(copy.status, 0, copy.output)
            let check = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-so", gpkg])
            XCTAssertTrue(check.output.contains("Feature Count: 63"), check.output)
            for field in ["name:", "status:", "population:", "size_category:", "area_km2:", "departements:", "overlaps_with:"] {
                XCTAssertTrue(check.output.contains(field), "the GeoPackage lacks \(field)")
            }
            let amiens = try ChildProcess.run("/usr/bin/env", ["ogrinfo", "-ro", "-al", "-q", gpkg, "-where", "id = 'CPTS-80-002'"])
            XCTAssertTrue(amiens.output.contains("name (String) = CPTS Amiens"), amiens.output)
        }
    }

    func testTheWebMapDrawsInChromium() async throws {
        try requireTool("chromium")
        try await SampleService.withServer { client, _ in
            let url = "http://127.0.0.1:\(client.port!)/?commune=80021"
            let screenshot = NSTemporaryDirectory() + "maillage-map.png"   // out of the project tree
            let arguments = Self.bounded + ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--window-size=1280,900", "--virtual-time-budget=30000"]
            let dom = try ChildProcess.run("/usr/bin/env", arguments + ["--dump-dom", url])
            XCTAssertEqual(dom.status, 0, String(dom.output.suffix(2000)))
            XCTAssertTrue(dom.output.contains("data-loaded=\"true\""), "the page did not finish loading: \(dom.output.suffix(2000))")
            XCTAssertEqual(dom.output.components(separatedBy: "class=\"cpts status-").count - 1, 63, "one path per CPTS")
            XCTAssertGreaterThan(dom.output.components(separatedBy: "class=\"white-zone\"").count - 1, 0)
            let table = dom.output.components(separatedBy: "id=\"nearest-results\"").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
            XCTAssertEqual(table.components(separatedBy: "<td>").count - 1, 5 * 2, "five volunteers listed (RPPS and home visits columns)")
            XCTAssertTrue(dom.output.contains("CPTS CPTS-80-002"), "the panel names the CPTS covering Amiens")
            _ = try ChildProcess.run("/usr/bin/env", arguments + ["--screenshot=\(screenshot)", url])

            // The accessibility layer, switched on by the URL: every commune path filled with the colour of its class.
            let layered = try ChildProcess.run("/usr/bin/env", arguments + ["--dump-dom", "http://127.0.0.1:\(client.port!)/?layer=accessibility"])
            XCTAssertTrue(layered.output.contains("data-loaded=\"true\""), String(layered.output.suffix(2000)))
            let coloured = layered.output.components(separatedBy: "class=\"commune\" data-code=").dropFirst().filter { $0.prefix(80).contains("style=\"fill: rgb(") }
            XCTAssertEqual(coloured.count, 3_782, "every commune coloured by its accessibility class")
            XCTAssertFalse(layered.output.contains("id=\"accessibility-legend\" hidden"), "the legend is shown")
            _ = try ChildProcess.run("/usr/bin/env", arguments + ["--screenshot=\(NSTemporaryDirectory())maillage-map-accessibility.png",
                                                                  "http://127.0.0.1:\(client.port!)/?layer=accessibility"])
        }
    }
}
