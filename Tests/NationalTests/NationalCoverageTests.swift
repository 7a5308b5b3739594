import GeometryKit
import NationalScenario
import Territory
import TestSupport
import XCTest

/// CPTS unions, coverage, overlaps and white zones of the generated national scenario, checked against figures
/// derived here: planar areas of the communes, GEOS's general union, a breadth-first search of the touch graph.
final class NationalCoverageTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    func testScenarioIsNationalAndAsAwkwardAsRealLists() throws {
        let scenario = try NationalData.scenario.get(), analysis = try NationalData.analysis.get()
        XCTAssertEqual(scenario.layer.communes.count, 34_875)
        let nation = try XCTUnwrap(analysis.coverage(.nation).first)
        XCTAssertEqual(nation.populationTotal, 68_094_280)
        XCTAssertEqual(nation.coverageRate, 0.8, accuracy: 0.03)
        XCTAssertGreaterThan(scenario.perimeters.count, 500)
        let departements = Dictionary(uniqueKeysWithValues: analysis.coverage(.departement).map { ($0.code, $0) })
        for departement in NationalScenario.overseas {
            XCTAssertGreaterThan(departements[departement]?.communesCovered ?? 0, 0, "a CPTS in \(departement)")
        }
        XCTAssertGreaterThan(scenario.injectedOverlaps.count, 20)
        XCTAssertGreaterThan(scenario.multiPart.count, 20)
        XCTAssertGreaterThan(scenario.enclaves.count, 20)
        print("national scenario: \(scenario.perimeters.count) CPTS, coverage \(nation.coverageRate) of \(nation.populationTotal), "
              + "\(scenario.injectedOverlaps.count) overlaps, \(scenario.multiPart.count) in several parts, \(scenario.enclaves.count) enclaves")
    }

    func testEveryCPTSUnionIsValidAndHasExactlyTheAreaOfItsCommunes() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer
        let reports = try analysis.reports()
        XCTAssertEqual(reports.count, analysis.perimeters.count)
        var methods: [DissolveMethod: Int] = [:]
        for report in reports {
            let members = Set(report.perimeter.communeCodes.compactMap(layer.index(of:))).filter { layer.communes[$0].geometry != nil }
            let geometry = try XCTUnwrap(report.geometry, report.id)
            XCTAssertTrue(geometry.isValid, "\(report.id): \(geometry.validityReason)")
            let planar = members.reduce(0) { $0 + layer.communes[$1].geometry!.area }
            XCTAssertEqual(geometry.area, planar, accuracy: 1e-9 * planar, report.id)
            let geodesic = members.reduce(0) { $0 + layer.communes[$1].areaKm2! }
            XCTAssertEqual(report.areaKm2, geodesic, accuracy: 1e-9 * geodesic, report.id)
            methods[try XCTUnwrap(try layer.coverage.union(of: Array(members))).method, default: 0] += 1
        }
        print("CPTS unions by method: \(methods)")
        XCTAssertNil(methods[.generalUnion], "communes never overlap: no CPTS needs the general union")
        XCTAssertGreaterThan(methods[.edgeRings] ?? 0, reports.count * 9 / 10, "the edge graph dissolves nearly every CPTS")
    }

    func testUnionsEqualGEOSGeneralUnionOnASample() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer
        var random = SeededRandom(seed: 7)
        for perimeter in analysis.perimeters.shuffled(using: &random).prefix(40) {
            let members = perimeter.communeCodes.compactMap(layer.index(of:))
            let dissolved = try XCTUnwrap(try layer.coverage.union(of: members))
            let expected = try Geometry.union(of: members.compactMap { layer.communes[$0].geometry })
            XCTAssertTrue(dissolved.geometry.topologicallyEquals(expected), perimeter.id)
        }
    }

    /// The small groups (overlaps, CPTS of a few communes) dissolve from their own edge graph: the same rings as from
    /// the national graph, on every such group of the country.
    func testSmallGroupsDissolveAsTheNationalEdgeGraphDoes() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer
        let groups = analysis.overlaps().map(\.communeCodes) + analysis.perimeters.map(\.communeCodes)
        let small = groups.map { Set($0.compactMap(layer.index(of:))).sorted() }.filter { !$0.isEmpty && $0.count <= CommuneLayer.smallGroup }
        XCTAssertGreaterThan(small.count, 100, "overlaps and small CPTS")
        for members in small {
            let own = try XCTUnwrap(try layer.union(of: members)).geometry
            let national = try XCTUnwrap(try layer.coverage.union(of: members)).geometry
            XCTAssertEqual(try own.normalized().wkt(decimals: 9), try national.normalized().wkt(decimals: 9), "\(members)")
        }
    }

    func testPerimetersInSeveralPartsAndWithEnclaves() throws {
        let scenario = try NationalData.scenario.get(), analysis = try NationalData.analysis.get()
        let reports = Dictionary(uniqueKeysWithValues: try analysis.reports().map { ($0.id, $0) })
        for id in scenario.multiPart {
            let report = try XCTUnwrap(reports[id])
            XCTAssertGreaterThan(report.parts, 1, id)
            XCTAssertGreaterThan(try XCTUnwrap(report.geometry).numGeometries, 1, "\(id) dissolves to a multipolygon")
        }
        let zones = try analysis.whiteZones()
        let zoneOfCommune = Dictionary(uniqueKeysWithValues: zones.enumerated().flatMap { i, zone in zone.communeCodes.map { ($0, i) } })
        for code in scenario.enclaves {
            let zone = zones[try XCTUnwrap(zoneOfCommune[code], code)]
            XCTAssertEqual(zone.communeCodes, [code], "an enclave is a white zone of its own")
            let around = analysis.perimeters.filter { perimeter in
                analysis.layer.neighbours[analysis.layer.index(of: code)!].allSatisfy { perimeter.communeCodes.contains(analysis.layer.communes[$0].code) }
            }
            let holed = around.compactMap { reports[$0.id]?.geometry?.shape.polygons }.contains { $0.contains { $0.count > 1 } }
            XCTAssertTrue(holed, "the perimeter around \(code) has a hole")
        }
    }

    func testOverlapsAreEveryCommuneClaimedTwice() throws {
        let scenario = try NationalData.scenario.get(), analysis = try NationalData.analysis.get()
        // Independently: count the claims of each commune in the perimeter lists.
        var claimants: [String: [String]] = [:]
        for perimeter in scenario.perimeters { for code in perimeter.communeCodes { claimants[code, default: []].append(perimeter.id) } }
        var expected: Set<[String]> = []
        for (code, ids) in claimants where ids.count > 1 {
            for a in ids { for b in ids where a < b { expected.insert([a, b, code]) } }
        }
        let reported = Set(analysis.overlaps().flatMap { o in o.communeCodes.map { [o.cptsA, o.cptsB, $0] } })
        XCTAssertEqual(reported, expected)
        for (a, b, code) in scenario.injectedOverlaps { XCTAssertTrue(reported.contains([min(a, b), max(a, b), code]), "\(a) \(b) \(code)") }
    }

    func testWhiteZonesAreTheComponentsOfTheTouchGraph() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer
        // Own breadth-first search over the touch graph, restricted to the communes no CPTS claims (and, cut by région,
        // to steps between communes of the same région).
        let claimed = Set(analysis.perimeters.flatMap(\.communeCodes))
        let uncovered = layer.communes.indices.filter { !claimed.contains(layer.communes[$0].code) }
        let isUncovered = Set(uncovered)
        func components(sameRegion: Bool) -> Set<Set<String>> {
            var seen = Set<Int>(), found: Set<Set<String>> = []
            for start in uncovered where !seen.contains(start) {
                var component: Set<String> = [], queue = [start]
                seen.insert(start)
                while let current = queue.popLast() {
                    component.insert(layer.communes[current].code)
                    for next in layer.neighbours[current] where isUncovered.contains(next)
                        && (!sameRegion || layer.communes[next].region == layer.communes[current].region) && seen.insert(next).inserted {
                        queue.append(next)
                    }
                }
                found.insert(component)
            }
            return found
        }
        let expected = components(sameRegion: false)
        let zones = try analysis.whiteZones()
        XCTAssertEqual(Set(zones.map { Set($0.communeCodes) }), expected)
        let byRegion = try analysis.whiteZones(cut: .region)
        XCTAssertEqual(Set(byRegion.map { Set($0.communeCodes) }), components(sameRegion: true))
        XCTAssertGreaterThan(byRegion.count, zones.count, "national zones cross régions")
        XCTAssertEqual(byRegion.reduce(0) { $0 + $1.population }, zones.reduce(0) { $0 + $1.population })
        print("white zones: \(zones.count) national, \(byRegion.count) cut by région; the largest \(zones[0].population) and \(byRegion[0].population) inhabitants")
        let population = uncovered.reduce(0) { $0 + (layer.communes[$1].population ?? 0) }
        XCTAssertEqual(zones.reduce(0) { $0 + $1.population }, population)
        let nation = try XCTUnwrap(analysis.coverage(.nation).first)
        XCTAssertEqual(population, nation.populationTotal - nation.populationCovered)

        var methods: [DissolveMethod: Int] = [:]
        for zone in zones {
            let members = zone.communeCodes.compactMap(layer.index(of:))
            guard let dissolved = try layer.coverage.union(of: members) else { continue }
            methods[dissolved.method, default: 0] += 1
            let planar = members.compactMap { layer.communes[$0].geometry?.area }.reduce(0, +)
            XCTAssertEqual(dissolved.geometry.area, planar, accuracy: 1e-9 * planar, "\(zone.communeCodes.prefix(3))")
            XCTAssertTrue(dissolved.geometry.isValid, "\(zone.communeCodes.prefix(3))")
        }
        print("\(zones.count) white zones, \(uncovered.count) communes, \(population) inhabitants; dissolved by method: \(methods)")
        XCTAssertNil(methods[.generalUnion])
        XCTAssertGreaterThan(methods[.edgePolygonizer] ?? 0, 0, "zones whose boundary touches itself at a point go through GEOS's polygonizer")
    }
}
