import ChildProcess
import Foundation
import GeometryKit
import Territory
import XCTest
@testable import Cartography

/// The diagnostic's page of the square communes' CPTS, written by cairo's PDF surface (its stream callback writing into
/// a Swift buffer, under AddressSanitizer in CI): one A4 page whose text, read back by poppler's `pdftotext`, holds
/// the figures of the diagnostic.
final class DiagnosticPageTests: XCTestCase {
    func diagnostic() throws -> (PerimeterDiagnostic, TerritoryAnalysis) {
        let analysis = try SquareCommunes.analysis()
        let nurse = PractitionerActivity(rpps: "1", professionCode: "60", professionLabel: "Infirmier", savoirFaireCode: "", savoirFaireLabel: "",
                                         modeCode: "L", modeLabel: "", communeCode: "80001", departementCode: "80",
                                         position: SquareCommunes.centre("80001"), precision: .commune)
        let officine = Pharmacy(finess: "800000001", finessEJ: "", name: "Officine", communeCode: "80003", position: SquareCommunes.centre("80003"),
                                precision: .address, sourceCRS: nil)
        let basis = DiagnosticBasis(layer: analysis.layer, activities: [nurse], pharmacies: [officine])
        let report = try XCTUnwrap(try analysis.report(id: "CPTS-TEST"))
        return (analysis.diagnose(analysis.check(report), basis: basis, accessibility: nil, whiteZones: try analysis.whiteZones()), analysis)
    }

    func testOneA4PageWithTheFigures() throws {
        let (diagnostic, analysis) = try diagnostic()
        XCTAssertEqual(diagnostic.professions.map(\.practitioners), [1])
        XCTAssertEqual(diagnostic.neighbours.whiteZones.map(\.population), [2_000])
        let page = try DiagnosticPage(diagnostic, analysis: analysis, date: "2026-12-07")
        XCTAssertEqual([page.scene.width, page.scene.height], [595, 842])
        let pdf = try CairoRenderer.pdf(page.scene)
        XCTAssertEqual(Array(pdf.prefix(5)), Array("%PDF-".utf8))
        XCTAssertEqual(Array(pdf.suffix(6)), Array("%%EOF\n".utf8), "the surface was finished before its bytes were taken")
        guard ChildProcess.isInstalled("pdftotext") else {
            if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("poppler-utils is required but not installed") }
            throw XCTSkip("poppler-utils not installed")
        }
        let path = NSTemporaryDirectory() + "maillage-diagnostic-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        let text = try ChildProcess.run("/usr/bin/env", ["pdftotext", "-layout", path, "-"])
        XCTAssertEqual(text.status, 0, text.output)
        for expected in ["Diagnostic territorial : CPTS Nord", "CPTS-TEST · aci-signe · 2 000 habitants", "Infirmier", "5,0",
                         "Officines : 0 pour 0 licences", "1 zone(s) blanche(s) au contact, 2 000 habitants",
                         "population-under-15000 : 2000 habitants, sous le seuil de 15 000", "diagnostic du 2026-12-07"] {
            XCTAssertTrue(text.output.contains(expected), "the page lacks «\(expected)»:\n\(text.output)")
        }
    }
}
