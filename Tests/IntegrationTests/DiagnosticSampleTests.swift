import Foundation
import GeometryKit
import OpenData
import Territory
import TestSupport
import XCTest

/// The diagnostic of every CPTS of the Hauts-de-France sample against counts made here from the RPPS file read the
/// plainest way (`|` fields, no OpenData parser): distinct `Identifiant PP` per profession (GPs apart) over the CPTS's
/// communes and over its départements, every profession.
final class DiagnosticSampleTests: XCTestCase {
    static let rpps = "sample-hauts-de-france/PS_LibreAcces_Personne_activite.txt.gz"

    static func perimeters(_ layer: CommuneLayer) throws -> [CPTSPerimeter] {
        try CPTSPerimeterFile(path: DataFolder.path("sample-hauts-de-france/cpts-perimetres.csv.gz"), isCurrentCommune: layer.contains(code:),
                              formerCodes: try DataFolder.nationalImport.get().report.formerCodes).perimeters
    }

    func testDensitiesEqualAnIndependentCountOfTheRPPSFile() throws {
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let analysis = TerritoryAnalysis(layer: layer, perimeters: try Self.perimeters(layer))
        let activities = try RPPSExtract(path: DataFolder.path(Self.rpps), communes: layer).activities
        let pharmacies = try FINESSExtract(path: DataFolder.path("sample-hauts-de-france/etalab-cs1100507-stock.csv.gz"), communes: layer).pharmacies
        let basis = DiagnosticBasis(layer: layer, activities: activities, pharmacies: pharmacies)
        let zones = try analysis.whiteZones(cut: .region)

        let expected = RPPSFileCount(rows: try DataFolder.plainRows(Self.rpps, separator: "|"))
        XCTAssertEqual(expected.professions, ["10", "10-generaliste", "21", "40", "50", "60", "70", "91"])
        let count = expected.practitioners, perTenThousand = RPPSFileCount.perTenThousand

        var checked = 0
        for report in try analysis.reports() {
            let diagnostic = analysis.diagnose(analysis.check(report), basis: basis, accessibility: nil, whiteZones: zones)
            XCTAssertEqual(diagnostic.professions.map(\.code), expected.professions)
            let departementCommunes = layer.communes.filter { report.departements.contains($0.departement) }
            let departementPopulation = departementCommunes.reduce(0) { $0 + ($1.population ?? 0) }
            for row in diagnostic.professions {
                let practitioners = count(row.code, report.perimeter.communeCodes)
                XCTAssertEqual(row.practitioners, practitioners, "\(report.id) \(row.code)")
                XCTAssertEqual(row.perTenThousand, perTenThousand(practitioners, report.population), "\(report.id) \(row.code)")
                XCTAssertEqual(row.departementPerTenThousand,
                               perTenThousand(count(row.code, departementCommunes.map(\.code)), departementPopulation), "\(report.id) \(row.code)")
                XCTAssertEqual(row.regionPerTenThousand, perTenThousand(count(row.code, layer.communes.map(\.code)), layer.totalPopulation))
                checked += 1
            }
            XCTAssertEqual(diagnostic.pharmacies.officines, pharmacies.filter { report.perimeter.communeCodes.contains($0.communeCode) }.count)
        }
        XCTAssertEqual(checked, 63 * 8)
        XCTAssertGreaterThan(count("60", layer.communes.map(\.code)), 1_000, "not an empty agreement")
    }

    /// The mean distance to the nearest officine against every officine of the region, for five CPTS.
    func testDistanceToOfficinesAgainstBruteForce() throws {
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let analysis = TerritoryAnalysis(layer: layer, perimeters: try Self.perimeters(layer))
        let pharmacies = try FINESSExtract(path: DataFolder.path("sample-hauts-de-france/etalab-cs1100507-stock.csv.gz"), communes: layer).pharmacies
        let basis = DiagnosticBasis(layer: layer, activities: [], pharmacies: pharmacies)
        for report in try analysis.reports().prefix(5) {
            let diagnostic = analysis.diagnose(analysis.check(report), basis: basis, accessibility: nil, whiteZones: [])
            var weighted = 0.0, population = 0.0
            for code in report.perimeter.communeCodes {
                guard let commune = layer.commune(code), let point = commune.representativePoint, let people = commune.population else { continue }
                weighted += pharmacies.map { Geodesic.distance(point, $0.position) }.min()! / 1000 * Double(people)
                population += Double(people)
            }
            XCTAssertEqual(try XCTUnwrap(diagnostic.pharmacies.meanDistanceKm), weighted / population, accuracy: 0.0005, report.id)
        }
    }
}
