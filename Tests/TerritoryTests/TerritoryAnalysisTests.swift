import GeometryKit
import XCTest
@testable import Territory

/// A 4 × 4 grid of square communes (1/64° a side: exact in binary, so neighbours share exact edges)
/// with hand-placed CPTS:
///
///     y=3  a3 b3 c3 d3        P = ring of 8 around b1 (b1 is an enclave)
///     y=2  a2 b2 c2 d2        Q = {d1, d3}: two pieces
///     y=1  a1 b1 c1 d1        R = {c2}: overlaps P on c2
///     y=0  a0 b0 c0 d0        uncovered: b1 alone, d0 alone, {a3, b3, c3, d2} (d2 touches c3 at a corner only)
final class TerritoryAnalysisTests: XCTestCase {
    static let columns = ["a", "b", "c", "d"]

    /// Commune "a0" … "d3"; population = 100 × (4y + x + 1).
    static func population(_ name: String) -> Int {
        let x = columns.firstIndex(of: String(name.prefix(1)))!, y = Int(name.suffix(1))!
        return 100 * (4 * y + x + 1)
    }

    static func grid() throws -> CommuneLayer {
        var communes: [Commune] = []
        for y in 0..<4 {
            for (x, column) in columns.enumerated() {
                let side = 1.0 / 64, x0 = 2 + Double(x) * side, y0 = 49 + Double(y) * side
                let square: [Coordinate] = [.init(x: x0, y: y0), .init(x: x0 + side, y: y0), .init(x: x0 + side, y: y0 + side),
                                            .init(x: x0, y: y0 + side), .init(x: x0, y: y0)]
                var commune = Commune(code: "\(column)\(y)", name: "Commune \(column)\(y)", departement: x < 2 ? "59" : "62", region: "32",
                                      population: population("\(column)\(y)"))
                try commune.attach(geometry: Geometry(shape: .polygon([square])))
                communes.append(commune)
            }
        }
        return CommuneLayer(communes)
    }

    static let p = CPTSPerimeter(id: "P", name: "Ring", status: .aciSigne, communeCodes: ["a0", "b0", "c0", "a1", "c1", "a2", "b2", "c2"])
    static let q = CPTSPerimeter(id: "Q", name: "Two pieces", status: .preProjet, communeCodes: ["d1", "d3"])
    static let r = CPTSPerimeter(id: "R", name: "Overlap", status: .projetSanteValide, communeCodes: ["c2"])

    func analysis(_ statuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) throws -> TerritoryAnalysis {
        TerritoryAnalysis(layer: try Self.grid(), perimeters: [Self.p, Self.q, Self.r], coveringStatuses: statuses)
    }

    func sum(_ names: [String]) -> Int { names.reduce(0) { $0 + Self.population($1) } }

    func testCoverageCountsEachCommuneOnce() throws {
        let nation = try XCTUnwrap(try analysis().coverage(.nation).first)
        let covered = ["a0", "b0", "c0", "a1", "c1", "a2", "b2", "c2", "d1", "d3"]
        XCTAssertEqual(nation.populationTotal, 13_600)   // 100 × (1 + … + 16)
        XCTAssertEqual(nation.populationCovered, sum(covered))   // c2 claimed twice, counted once
        XCTAssertEqual(nation.populationCovered, 7_200)
        XCTAssertEqual(nation.communesTotal, 16)
        XCTAssertEqual(nation.communesCovered, 10)
        XCTAssertEqual(nation.coverageRate, 7_200.0 / 13_600.0, accuracy: 1e-12)
    }

    func testStatusFilterDecidesWhatCovers() throws {
        let onlySigned = try analysis([.aciSigne])
        XCTAssertEqual(onlySigned.coverage(.nation)[0].populationCovered, sum(Self.p.communeCodes))
        let byDepartement = onlySigned.coverage(.departement)
        XCTAssertEqual(byDepartement.map(\.code), ["59", "62"])
        XCTAssertEqual(byDepartement[0].populationCovered, sum(["a0", "b0", "a1", "a2", "b2"]))
        XCTAssertEqual(byDepartement[1].populationCovered, sum(["c0", "c1", "c2"]))
        XCTAssertEqual(onlySigned.overlaps().count, 1, "overlaps are reported whatever the status")
    }

    func testOverlapPairWithCommunesAndPopulation() throws {
        let overlaps = try analysis().overlaps()
        XCTAssertEqual(overlaps, [CPTSOverlap(cptsA: "P", cptsB: "R", communeCodes: ["c2"], population: Self.population("c2"))])
        let reports = try analysis().reports()
        XCTAssertEqual(reports.map(\.overlapsWith), [["R"], [], ["P"]])
    }

    func testWhiteZonesIncludingCornerTouchAndEnclave() throws {
        let zones = try analysis().whiteZones()
        XCTAssertEqual(Set(zones.map { Set($0.communeCodes) }), [["a3", "b3", "c3", "d2"], ["b1"], ["d0"]])
        XCTAssertEqual(zones.map(\.population), [sum(["a3", "b3", "c3", "d2"]), Self.population("b1"), Self.population("d0")].sorted(by: >))
        let cornerZone = try XCTUnwrap(zones.first { $0.communeCodes.contains("d2") })
        XCTAssertEqual(cornerZone.departements, ["59", "62"])
        XCTAssertEqual(cornerZone.geometry?.numGeometries, 2, "touching at a point: one zone, two polygons")
        let cells = try Self.grid().communes.filter { cornerZone.communeCodes.contains($0.code) }
        XCTAssertEqual(cornerZone.areaKm2, cells.reduce(0) { $0 + $1.areaKm2! }, accuracy: 1e-9)
        XCTAssertEqual(zones.reduce(0) { $0 + $1.population }, 13_600 - 7_200, "zones hold exactly the uncovered population")
        XCTAssertEqual(try analysis().whiteZones { $0.departement == "62" }.map(\.communeCodes), [["c3", "d2"], ["d0"]])
    }

    /// Département 62 moved to another région: the corner zone is cut at the régions' limit (one list per ARS), and joined
    /// again as the touch graph joins it.
    func testWhiteZonesCutAtTheRegionsLimits() throws {
        let communes = try Self.grid().communes.map { commune -> Commune in
            var moved = commune
            if moved.departement == "62" { moved.region = "44" }
            return moved
        }
        let analysis = TerritoryAnalysis(layer: CommuneLayer(communes), perimeters: [Self.p, Self.q, Self.r])
        let byRegion = try analysis.whiteZones(cut: .region)
        // Two zones of 2 700 inhabitants (the smaller first code first), then b1 (600) and d0 (400).
        XCTAssertEqual(byRegion.map(\.communeCodes), [["a3", "b3"], ["c3", "d2"], ["b1"], ["d0"]])
        XCTAssertEqual(byRegion.map(\.population), [2_700, 2_700, 600, 400])
        XCTAssertEqual(byRegion.map(\.departements), [["59"], ["62"], ["59"], ["62"]])
        XCTAssertEqual(byRegion.reduce(0) { $0 + $1.population }, 13_600 - 7_200)
        let national = try analysis.whiteZones(cut: .national)
        XCTAssertEqual(Set(national.map { Set($0.communeCodes) }), [["a3", "b3", "c3", "d2"], ["b1"], ["d0"]])
        XCTAssertEqual(try analysis.whiteZones(within: { $0.region == "44" }, cut: .region).map(\.communeCodes), [["c3", "d2"], ["d0"]])
    }

    func testEnclaveLeavesAHoleInThePerimeter() throws {
        let ring = try XCTUnwrap(try analysis().report(id: "P"))
        guard case .polygon(let rings)? = ring.geometry?.shape else { return XCTFail("P dissolves into one polygon") }
        XCTAssertEqual(rings.count, 2, "exterior and the enclave's hole")
        let cells = try Self.grid().communes
        let expected = cells.filter { Self.p.communeCodes.contains($0.code) }.reduce(0) { $0 + $1.areaKm2! }
        XCTAssertEqual(ring.areaKm2, expected, accuracy: 1e-9)
        XCTAssertTrue(ring.isContiguous)
        XCTAssertEqual(ring.population, sum(Self.p.communeCodes))
        XCTAssertEqual(ring.departements, ["59", "62"])
        XCTAssertEqual(ring.regions, ["32"])
    }

    /// A group of at most `CommuneLayer.smallGroup` communes is dissolved from its own edge graph, a larger one from the
    /// layer's: both give the union the whole graph gives, hole and two pieces included, and the small ones never build it.
    func testSmallGroupsDissolveFromTheirOwnEdgeGraph() throws {
        let layer = try Self.grid()
        let index = { (codes: [String]) in codes.map { layer.index(of: $0)! } }
        let small = [Self.p.communeCodes, Self.q.communeCodes, ["c2"], ["a0", "b0", "b1"]]
        for codes in small {
            XCTAssertLessThanOrEqual(codes.count, CommuneLayer.smallGroup)
            _ = try XCTUnwrap(try layer.union(of: index(codes)))
        }
        XCTAssertFalse(layer.hasBuiltCoverage, "no small group builds the layer's edge graph")
        let large = layer.communes.map(\.code).filter { $0 != "b1" }   // 15 communes around the enclave
        for codes in small + [large] {
            let own = try XCTUnwrap(try layer.union(of: index(codes))).geometry
            let whole = try XCTUnwrap(try layer.coverage.union(of: index(codes))).geometry
            XCTAssertTrue(own.topologicallyEquals(whole), "\(codes)")
            XCTAssertEqual(try own.normalized().wkt(), try whole.normalized().wkt(), "\(codes)")
        }
        guard case .polygon(let rings)? = try layer.union(of: index(large))?.geometry.shape else { return XCTFail("one polygon") }
        XCTAssertEqual(rings.count, 2, "the enclave's hole")
    }

    func testPerimeterInTwoParts() throws {
        let q = try XCTUnwrap(try analysis().report(id: "Q"))
        XCTAssertEqual(q.parts, 2)
        XCTAssertFalse(q.isContiguous)
        XCTAssertEqual(q.geometry?.numGeometries, 2)
    }

    func testSizeCategoryBoundaries() {
        let expectations: [(Int, SizeCategory, Int)] = [(39_999, .one, 50_000), (40_000, .two, 60_000), (79_999, .two, 60_000),
                                                        (80_000, .three, 75_000), (175_000, .three, 75_000), (175_001, .four, 90_000)]
        for (population, category, funding) in expectations {
            XCTAssertEqual(SizeCategory(population: population), category, "\(population)")
            XCTAssertEqual(SizeCategory(population: population).fundingEuros, funding)
        }
    }

    func testPerimeterCheckWhatIf() throws {
        let proposal = CPTSPerimeter(id: "NEW", name: "Projet", status: .preProjet, communeCodes: ["b1", "c2", "d2", "c3"])
        let check = try analysis().check(proposal)
        XCTAssertEqual(check.report.population, sum(proposal.communeCodes))
        XCTAssertEqual(check.overlaps.map(\.cptsB), ["P", "R"])
        XCTAssertEqual(check.overlaps.map(\.communeCodes), [["c2"], ["c2"]])
        XCTAssertEqual(Set(check.whiteZoneCommunes), ["b1", "d2", "c3"])
        XCTAssertEqual(check.whiteZonePopulation, sum(["b1", "d2", "c3"]))
        XCTAssertEqual(check.report.parts, 1, "b1–c2 share a corner, c2–c3 and c3–d2 touch")
        // Revising an existing CPTS does not overlap itself.
        XCTAssertEqual(try analysis().check(Self.p).overlaps.map(\.cptsB), ["R"])
    }

    func testStatusListParsing() throws {
        XCTAssertEqual(try CPTSStatus.parseList("aci-signe, pre-projet"), [.aciSigne, .preProjet])
        XCTAssertThrowsError(try CPTSStatus.parseList("aci-signé"))
    }
}
