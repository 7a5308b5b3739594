import Foundation
import GeometryKit
import OpenData
import Territory
import XCTest

/// The E2SFCA of the Hauts-de-France sample against PySAL's `access` package (PyPI), fed with the same supply and
/// demand and with a distance table this test computes itself (every pair of representative points by PROJ's
/// geodesic, no index): the two must agree to 1e-9 relative on every commune.
final class AccessibilityReferenceTests: XCTestCase {
    func testSampleEqualsPySALAccess() throws {
        guard ExternalValidators.available("python3", ["-c", "import access"]) else {
            XCTAssertFalse(ExternalValidators.required, "PySAL's access package is not installed (pip install access)")
            throw XCTSkip("pip install access to compare with PySAL")
        }
        let layer = try SampleScenarioCoverageTests.regionalLayer.get()
        let activities = try RPPSExtract(path: DataFolder.path("sample-hauts-de-france/PS_LibreAcces_Personne_activite.txt.gz"),
                                         communes: layer).activities
        let supply = GPSupply(activities: activities)
        let index = AccessibilityIndex(layer: layer, supply: supply)

        let located = layer.communes.filter { $0.representativePoint != nil }
        XCTAssertEqual(located.count, 3_782)
        let directory = NSTemporaryDirectory() + "maillage-e2sfca-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var demand = "geoid;pop\n", offer = "geoid;doc\n", cost = "origin;dest;cost\n"
        for commune in located {
            demand += "\(commune.code);\(commune.population ?? 0)\n"
            offer += "\(commune.code);\(supply.byCommune[commune.code] ?? 0)\n"
        }
        // Every ordered pair within 30 km, itself included, by PROJ's geodesic: candidates from cells of 0.3° of latitude
        // by 0.5° of longitude (30 km is less than either at these latitudes), each compared with its 9 neighbour cells.
        func cell(_ c: Coordinate) -> [Int] { [Int((c.latitude / 0.3).rounded(.down)), Int((c.longitude / 0.5).rounded(.down))] }
        let cells = Dictionary(grouping: located) { cell($0.representativePoint!) }
        var pairs = 0, pairsWithSupply = 0
        for i in located {
            let p = i.representativePoint!, home = cell(p)
            for dy in -1...1 {
                for dx in -1...1 {
                    for j in cells[[home[0] + dy, home[1] + dx]] ?? [] {
                        let km = Geodesic.distanceKm(p, j.representativePoint!)
                        guard km <= 30 else { continue }
                        cost += "\(i.code);\(j.code);\(km)\n"   // Double's description round-trips exactly
                        pairs += 1
                        if (supply.byCommune[j.code] ?? 0) > 0 { pairsWithSupply += 1 }
                    }
                }
            }
        }
        XCTAssertEqual(pairsWithSupply, index.pairs, "the index weighs exactly the pairs within 30 km of a commune with GPs")
        for (name, text) in [("demand", demand), ("supply", offer), ("cost", cost)] {
            try text.write(toFile: "\(directory)/\(name).csv", atomically: true, encoding: .utf8)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/e2sfca-access.py").path
        let (status, output) = try ExternalValidators.execute("python3", [script, "\(directory)/demand.csv", "\(directory)/supply.csv",
                                                                          "\(directory)/cost.csv", "10:1,20:0.5,30:0.2", "30", "\(directory)/out.csv"])
        XCTAssertEqual(status, 0, output)
        let rows = String(decoding: try FileBytes.read("\(directory)/out.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
        let reference = Dictionary(uniqueKeysWithValues: rows.map { row -> (String, Double) in
            let fields = row.split(separator: ";")
            return (String(fields[0]), Double(fields[1])! * 100_000)
        })
        XCTAssertEqual(reference.count, 3_782)
        var largest = 0.0
        for row in index.communes {
            let mine = try XCTUnwrap(row.indexPer100k, row.code), theirs = try XCTUnwrap(reference[row.code], row.code)
            XCTAssertEqual(mine, theirs, accuracy: 1e-9 * abs(theirs), row.code)
            largest = max(largest, abs(mine - theirs) / abs(theirs))
        }
        print("E2SFCA vs PySAL access: \(index.communes.count) communes, \(pairs) pairs, largest relative difference \(largest)")
        XCTAssertGreaterThan(index.communes.filter { ($0.indexPer100k ?? 0) > 0 }.count, 3_700, "nearly every commune has GPs within reach")
    }
}
