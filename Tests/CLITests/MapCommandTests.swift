import ChildProcess
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `maillage map coverage|white-zones` on the sample: the files are what their extension says (GDAL reads the PNG's
/// size, Foundation parses the SVG), and bad arguments are refused with what to change.
final class MapCommandTests: XCTestCase {
    func testCoverageByDepartementAsPNGAndSVG() throws {
        let png = try SampleStore.temporaryFile("carte.png"), svg = try SampleStore.temporaryFile("carte.svg")
        let written = try SampleStore.run(["map", "coverage", "--by", "departement", "--out", png, "--width", "800"]).succeeded()
        XCTAssertTrue(written.stderr.contains("écrit \(png) (800 × "), written.transcript)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG signature")
        if ChildProcess.isInstalled("gdalinfo") {
            let info = try ChildProcess.run("/usr/bin/env", ["gdalinfo", png])
            XCTAssertTrue(info.output.contains("Driver: PNG/"), info.output)
            XCTAssertTrue(info.output.contains("Size is 800, "), info.output)
        }
        _ = try SampleStore.run(["map", "coverage", "--by", "departement", "--status", "aci-signe", "--out", svg]).succeeded()
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: svg))
        XCTAssertEqual(try document.rootElement()?.nodes(forXPath: "@width").first?.stringValue, "1200", "the default width")
        // The sample's five départements of Hauts-de-France and Guadeloupe, each filled.
        let departements = try document.nodes(forXPath: "//*[local-name()='path'][starts-with(@class,'departement ')]") as! [XMLElement]
        XCTAssertEqual(Set(try departements.compactMap { try $0.nodes(forXPath: "@class").first?.stringValue?.split(separator: " ")[1] }),
                       ["d-02", "d-59", "d-60", "d-62", "d-80", "d-971"])
        let texts = try document.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        XCTAssertTrue(texts.contains { $0.contains("statuts aci-signe") }, "the statuses counted: \(texts)")
        XCTAssertTrue(texts.contains("Guyane") && texts.contains("Mayotte"), "the insets are named")
    }

    func testWhiteZonesOfARegionAndCPTS() throws {
        let zones = try SampleStore.temporaryFile("zones.svg"), cpts = try SampleStore.temporaryFile("cpts.svg")
        _ = try SampleStore.run(["map", "white-zones", "--region", "32", "--out", zones, "--width", "600"]).succeeded()
        let count = try SampleStore.run(["white-zones", "--region", "32"]).stdoutText.components(separatedBy: "\"commune_codes\"").count - 1
        let document = try XMLDocument(contentsOf: URL(fileURLWithPath: zones))
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='path'][starts-with(@class,'white-zone ')]").count, count, "one path per white zone")
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='clipPath']").count, 1, "a région map has no insets")
        _ = try SampleStore.run(["map", "coverage", "--by", "cpts", "--region", "32", "--out", cpts]).succeeded()
        let cptsDocument = try XMLDocument(contentsOf: URL(fileURLWithPath: cpts))
        XCTAssertEqual(try cptsDocument.nodes(forXPath: "//*[local-name()='path'][starts-with(@class,'cpts ')]").count, 63, "the sample's 63 CPTS")
    }

    func testBadArgumentsAreRefusedWithTheirReason() throws {
        let out = try SampleStore.temporaryFile("carte.png")
        let cases: [([String], String)] = [
            (["map", "coverage", "--out", try SampleStore.temporaryFile("carte.jpg")], "la carte s'écrit en .svg ou .png"),
            (["map", "coverage", "--out", out, "--width", "100"], "--width doit être entre 300 et 6000"),
            (["map", "white-zones", "--out", out, "--region", "99"], "aucune commune de la région 99"),
            (["map", "coverage", "--by", "region", "--out", out], "region"),
            (["map", "coverage", "--status", "signe", "--out", out], "signe"),
        ]
        for (arguments, message) in cases {
            let result = try SampleStore.run(arguments)
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stderr.contains(message), result.transcript)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written on error")
    }
}
