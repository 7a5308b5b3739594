import Foundation
import GeometryKit
import NationalScenario
import OpenData
import Territory
import TestSupport
import XCTest

/// The diagnostic's professions on 50 CPTS of the national scenario against counts made here from the national RPPS
/// file (the sample's activities spread over the country, as `maillage-bench` builds its store) read the plainest way:
/// distinct `Identifiant PP` per profession over the CPTS's communes and over its départements.
final class NationalDiagnosticTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    func testDensitiesOf50CPTSEqualAnIndependentCount() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer
        let path = NSTemporaryDirectory() + "maillage-national-rpps-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sample = try ScenarioRPPS.Sample(path: NationalData.directory + "/sample-hauts-de-france/PS_LibreAcces_Personne_activite.txt.gz")
        _ = try ScenarioRPPS.writeNational(sample, volunteers: [], layer: layer, repetitions: 3, to: path)
        let basis = DiagnosticBasis(layer: layer, activities: try RPPSExtract(path: path, communes: layer).activities, pharmacies: [])

        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        let expected = RPPSFileCount(rows: text.split(separator: "\n").dropFirst().lazy.map {
            $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        })
        let count = expected.practitioners, perTenThousand = RPPSFileCount.perTenThousand

        var random = SeededRandom(seed: 29)
        let chosen = analysis.perimeters.shuffled(using: &random).prefix(50)
        var compared = 0
        for perimeter in chosen {
            let report = try XCTUnwrap(try analysis.report(id: perimeter.id))
            let diagnostic = analysis.diagnose(analysis.check(report), basis: basis, accessibility: nil, whiteZones: [])
            XCTAssertEqual(diagnostic.professions.map(\.code), expected.professions)
            let departementCommunes = layer.communes.filter { report.departements.contains($0.departement) }
            let departementPopulation = departementCommunes.reduce(0) { $0 + ($1.population ?? 0) }
            for row in diagnostic.professions {
                let practitioners = count(row.code, report.perimeter.communeCodes)
                XCTAssertEqual(row.practitioners, practitioners, "\(report.id) \(row.code)")
                XCTAssertEqual(row.perTenThousand, perTenThousand(practitioners, report.population), "\(report.id) \(row.code)")
                XCTAssertEqual(row.departementPerTenThousand,
                               perTenThousand(count(row.code, departementCommunes.map(\.code)), departementPopulation), "\(report.id) \(row.code)")
                compared += practitioners
            }
        }
        XCTAssertGreaterThan(compared, 1_000, "not an empty agreement")
        print("national diagnostic: 50 CPTS, \(compared) practitioner counts compared with the file")
    }
}
