@testable import Cartography
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GeometryKit
import Territory
import XCTest

/// The two backends on the same scene: the SVG parsed as XML with the expected elements, the PNG read back by GDAL.
final class MapOutputTests: XCTestCase {
    func testTheSVGIsXMLWithTheMapsParts() throws {
        let map = try ReportMap(try SquareCommunes.analysis(), subject: .coverage(.commune), region: "32", width: 800, date: "2026-12-01")
        let document = try XMLDocument(data: Data(SVGWriter.svg(map.scene).utf8))
        let svg = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(svg.name, "svg")
        // XPath on attributes: FoundationXML's attribute(forName:) misses them under a default namespace.
        XCTAssertEqual(try svg.nodes(forXPath: "@width").first?.stringValue, "800")
        XCTAssertEqual(try svg.nodes(forXPath: "@height").first?.stringValue, String(map.layout.height))
        let communes = try svg.nodes(forXPath: "//*[local-name()='path'][starts-with(@class,'commune ')]") as! [XMLElement]
        XCTAssertEqual(communes.count, 4)
        let full = CoverageClass.full.colour.hexString, none = CoverageClass.none.colour.hexString
        for path in communes {
            let code = String(try path.nodes(forXPath: "@class").first!.stringValue!.split(separator: " ")[1].dropFirst(2))
            XCTAssertEqual(try path.nodes(forXPath: "@fill").first?.stringValue, SquareCommunes.covered.contains(code) ? full : none, code)
            XCTAssertEqual(try path.nodes(forXPath: "@fill-rule").first?.stringValue, "evenodd")
        }
        let texts = (try svg.nodes(forXPath: "//*[local-name()='text']")).compactMap(\.stringValue)
        XCTAssertTrue(texts.contains("Communes dans une CPTS"), "\(texts)")
        XCTAssertTrue(texts.contains { $0.contains("carte du 2026-12-01") }, "source and date line")
        XCTAssertTrue(texts.contains { $0.hasSuffix(" km") }, "scale bar label")
        XCTAssertTrue(texts.contains { $0.hasPrefix("100 %") } && texts.contains { $0.hasPrefix("0 %") }, "legend classes")
        XCTAssertEqual(try svg.nodes(forXPath: "//*[local-name()='clipPath']").count, 1, "one panel")
        XCTAssertEqual(try svg.nodes(forXPath: "//*[local-name()='rect'][@class='scale-bar']").count, 1)
        XCTAssertEqual(try svg.nodes(forXPath: "//*[local-name()='rect'][@class='legend-swatch']").count, 2)
    }

    /// By département: 80 is covered at 50 %, the ]25 – 50 %] class; by commune, each square its class; the white
    /// zones in red. Pixels at the squares' centres, read by `gdallocationinfo`.
    func testThePNGHasTheClassColoursWhereTheCommunesAre() throws {
        try GDAL.require()
        let analysis = try SquareCommunes.analysis()
        let expectations: [(ReportMap.Subject, (String) -> Colour)] = [
            (.coverage(.departement), { _ in CoverageClass.upToHalf.colour }),
            (.coverage(.commune), { SquareCommunes.covered.contains($0) ? CoverageClass.full.colour : CoverageClass.none.colour }),
            (.coverage(.cpts), { SquareCommunes.covered.contains($0) ? CoverageClass.full.colour : CoverageClass.none.colour }),
            (.whiteZones, { SquareCommunes.covered.contains($0) ? WhiteZoneColours.land : WhiteZoneColours.zone }),
        ]
        for (subject, colour) in expectations {
            let map = try ReportMap(analysis, subject: subject, region: "32", width: 640, date: "2026-12-01")
            let path = NSTemporaryDirectory() + "maillage-carto-\(UUID().uuidString).png"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try Data(try CairoRenderer.png(map.scene)).write(to: URL(fileURLWithPath: path))
            let size = try XCTUnwrap(try GDAL.size(path))
            XCTAssertEqual(size.0, 640)
            XCTAssertEqual(size.1, map.layout.height)
            for (code, _, _) in SquareCommunes.corners {
                let p = try map.layout.main.pixel(of: SquareCommunes.centre(code))
                let expected = colour(code)
                XCTAssertEqual(try GDAL.rgb(path, x: Int(p.x), y: Int(p.y)), [Int(expected.red), Int(expected.green), Int(expected.blue)], "\(subject) \(code)")
            }
            XCTAssertEqual(try GDAL.rgb(path, x: 2, y: 2), [255, 255, 255], "white margin")
            let bar = try XCTUnwrap(paths(map.scene.items).isEmpty ? nil : map.layout.footer)
            XCTAssertEqual(try GDAL.rgb(path, x: Int(bar.x) + 3, y: Int(bar.y + 2.45 * map.layout.unit)), [0x25, 0x25, 0x25], "the scale bar")
        }
    }
}
