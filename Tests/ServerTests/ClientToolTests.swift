import ChildProcess
import Foundation
import GeometryKit
import HummingbirdTesting
import MaillageServer
import XCTest

/// Real clients against the real server: GDAL's OAPIF driver (what QGIS uses) and headless Chromium
/// loading the web map (`HeadlessChromium`). Skipped when the tool is missing, unless MAILLAGE_REQUIRE_VALIDATORS=1 (CI).
final class ClientToolTests: XCTestCase {
    /// A client that hangs fails the test after two minutes instead of holding CI until its limit.
    static let bounded = ["timeout", "120"]

    static func requireTool(_ name: String) throws {
        if ChildProcess.isInstalled(name) { return }
        if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("\(name) is required but not installed") }
        throw XCTSkip("\(name) not installed")
    }

    /// The diagnostic's page as poppler reads it: `pdftotext` finds the JSON's figures on it (every profession with its
    /// count and density, officines, each flag), `pdftoppm` renders one A4 page whose map shows the perimeter's blue.
    func testTheDiagnosticPDFSaysWhatTheJSONSays() async throws {
        try Self.requireTool("pdftotext")
        try Self.requireTool("pdftoppm")
        try await SampleService.withServer { client, _ in
            let json = try await client.get("/api/v1/cpts/CPTS-02-007/diagnostic").json()
            let response = try await client.get("/api/v1/cpts/CPTS-02-007/diagnostic.pdf")
            XCTAssertEqual(response.status, .ok)
            XCTAssertEqual(response.headers[.contentType], "application/pdf")
            let directory = NSTemporaryDirectory() + "maillage-diagnostic-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let pdf = directory + "/diagnostic.pdf"
            try Data(buffer: response.body).write(to: URL(fileURLWithPath: pdf))
            let info = try ChildProcess.run("/usr/bin/env", ["pdfinfo", pdf])
            XCTAssertTrue(info.output.contains("Pages:           1"), info.output)
            XCTAssertTrue(info.output.contains("595 x 842 pts (A4)"), info.output)
            let text = try ChildProcess.run("/usr/bin/env", ["pdftotext", "-layout", pdf, "-"])
            XCTAssertEqual(text.status, 0, text.output)
            let lines = text.output.split(whereSeparator: \.isNewline).map(String.init)
            XCTAssertTrue(text.output.contains("Diagnostic territorial : CPTS Saint-Quentin"), text.output)
            func decimal(_ value: JSONValue?) -> String {
                String(format: "%.1f", value?.doubleValue ?? .nan).replacingOccurrences(of: ".", with: ",")
            }
            for profession in try XCTUnwrap(json["professions"]?.arrayValue) {
                let label = try XCTUnwrap(profession["label"]?.stringValue)
                let line = try XCTUnwrap(lines.first { $0.hasPrefix(label + " ") }, "no line for \(label)")
                let figures = line.dropFirst(label.count).split(separator: " ").map(String.init)
                XCTAssertEqual(figures, [profession["practitioners"]?.stringValue ?? "", decimal(profession["per_10k"]),
                                         decimal(profession["departement_per_10k"]), decimal(profession["region_per_10k"]),
                                         decimal(profession["national_per_10k"])], label)
            }
            let pharmacies = try XCTUnwrap(json["pharmacies"])
            XCTAssertTrue(text.output.contains("Officines : \(pharmacies["officines"]?.stringValue ?? "") pour "
                                               + "\(pharmacies["licences_allowed"]?.stringValue ?? "") licences"), text.output)
            let flags = try XCTUnwrap(json["flags"]?.arrayValue)
            XCTAssertFalse(flags.isEmpty)
            for flag in flags {
                let message = try XCTUnwrap(flag["message"]?.stringValue)
                XCTAssertTrue(text.output.contains(String(message.prefix(50))), "the page lacks the flag \(message)")
            }
            for neighbour in try XCTUnwrap(json["neighbours"]?["cpts"]?.arrayValue) {
                XCTAssertTrue(text.output.contains(neighbour["id"]?.stringValue ?? "?"), "the page lacks the neighbour \(neighbour)")
            }

            // Page 1 at 20 dpi as a PPM: an A4 page, the map's perimeter blue (#3182bd) on it.
            let render = try ChildProcess.run("/usr/bin/env", ["pdftoppm", "-r", "20", "-f", "1", "-l", "1", pdf, directory + "/page"])
            XCTAssertEqual(render.status, 0, render.output)
            let ppm = try XCTUnwrap(FileManager.default.contents(atPath: directory + "/page-1.ppm"))
            let header = String(decoding: ppm.prefix(20), as: UTF8.self).split(whereSeparator: \.isWhitespace)
            XCTAssertEqual(header.prefix(4).map(String.init), ["P6", "166", "234", "255"])
            let pixels = Array(ppm.suffix(166 * 234 * 3))
            let blue = stride(from: 0, to: pixels.count, by: 3).filter {
                abs(Int(pixels[$0]) - 0x31) < 24 && abs(Int(pixels[$0 + 1]) - 0x82) < 24 && abs(Int(pixels[$0 + 2]) - 0xbd) < 24
            }.count
            XCTAssertGreaterThan(blue, 100, "the perimeter is drawn on the map")
        }
    }

    func testGDALListsEveryCollectionAndCopiesTheCPTS() async throws {
        try Self.requireTool("ogrinfo")
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

    /// The Leaflet map on the sample: the metropolitan view draws the 63 CPTS and the white zones (generalised,
    /// bbox-limited), `?commune=80021` lists Amiens's five nearest volunteers, and the accessibility layer fills
    /// every commune drawn with the colour of its class.
    func testTheWebMapDrawsInChromium() async throws {
        try HeadlessChromium.require()
        try await SampleService.withServer { client, _ in
            let whiteZones = try await client.get("/api/v1/white-zones").json().arrayValue?.count ?? 0
            let base = "http://127.0.0.1:\(client.port!)"
            let chromium = HeadlessChromium()
            let tmp = NSTemporaryDirectory()   // screenshots out of the project tree

            let national = try chromium.load(base + "/", screenshot: tmp + "maillage-map.png")
            XCTAssertEqual(national.status, 0, String(national.log.suffix(2000)))
            XCTAssertTrue(national.loaded, "the page did not finish loading: \(national.dom.suffix(2000))")
            XCTAssertTrue(national.dom.contains("leaflet-container"), "Leaflet (served from the system path) ran")
            XCTAssertEqual(national.count(classPrefix: "cpts status-"), 63, "one path per CPTS")
            XCTAssertEqual(national.number("cpts"), 63)
            XCTAssertEqual(national.count(classPrefix: "white-zone"), whiteZones, "every white zone of the sample")
            XCTAssertGreaterThan(whiteZones, 0)
            XCTAssertEqual(national.count(classPrefix: "commune "), 0, "no commune at the national zoom")
            XCTAssertEqual(national.body["tolerance"], "2500", "the coarsest level at the national view")
            XCTAssertNotNil(national.number("first-render-ms"))
            XCTAssertNotNil(national.seconds(from: "maillage:navigation", to: "maillage:first-render"), "the console marks are logged")

            let amiens = try chromium.load(base + "/?commune=80021", screenshot: tmp + "maillage-map-amiens.png")
            XCTAssertTrue(amiens.loaded, String(amiens.dom.suffix(2000)))
            let table = amiens.dom.components(separatedBy: "id=\"nearest-results\"").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
            XCTAssertEqual(table.components(separatedBy: "<td>").count - 1, 5 * 2, "five volunteers listed (RPPS and home visits columns)")
            XCTAssertTrue(amiens.dom.contains("(CPTS-80-002)"), "the panel names the CPTS covering Amiens, by name beside its id")
            XCTAssertEqual(amiens.count(classPrefix: "commune c-80021 "), 1, "the map opens on Amiens, communes drawn")
            XCTAssertEqual(amiens.count(classPrefix: "nearest-volunteer"), 5, "the five volunteers on the map")
            XCTAssertEqual(amiens.body["tolerance"], "100")

            // The accessibility layer, switched on by the URL: every commune drawn filled with the colour of its class.
            let classes = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850", "#cccccc"]
            let layered = try chromium.load(base + "/?layer=accessibility&commune=80021", screenshot: tmp + "maillage-map-accessibility.png")
            XCTAssertTrue(layered.loaded, String(layered.dom.suffix(2000)))
            let communes = layered.dom.components(separatedBy: "<path class=\"commune c-").dropFirst().map { String($0.prefix(while: { $0 != ">" })) }
            XCTAssertGreaterThan(communes.count, 20)
            XCTAssertEqual(communes.count, layered.number("communes"))
            XCTAssertTrue(communes.allSatisfy { path in classes.contains { path.contains("fill=\"\($0)\"") } }, "every commune filled by class")
            XCTAssertGreaterThan(Set(communes.compactMap { path in classes.first { path.contains("fill=\"\($0)\"") } }).count, 1, "several classes")
            XCTAssertEqual(layered.count(classPrefix: "cpts status-"), 0, "the choropleth alone")
            XCTAssertTrue(layered.dom.contains("E2SFCA"), "the legend is shown")
            // At the national zoom the index is drawn by département (not 35 000 communes), each filled by its class.
            let zoomedOut = try chromium.load(base + "/?layer=accessibility")
            XCTAssertTrue(zoomedOut.loaded)
            XCTAssertEqual(zoomedOut.count(classPrefix: "commune "), 0)
            let departements = zoomedOut.dom.components(separatedBy: "<path").filter { $0.contains("departement access") }
            XCTAssertEqual(departements.count, 5, "the five départements of the sample, filled")
            XCTAssertTrue(departements.allSatisfy { path in classes.contains { path.contains("fill=\"\($0)\"") } }, "each filled by class")
            XCTAssertTrue(zoomedOut.dom.contains("Par département"), "the legend says how it is drawn")
        }
    }
}
