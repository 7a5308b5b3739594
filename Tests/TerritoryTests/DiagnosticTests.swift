import GeometryKit
import XCTest
@testable import Territory

/// The diagnostic on the hand-built grid of `TerritoryAnalysisTests` (populations × 10, so that the ring P holds 48 000),
/// with EPCI E1 = columns a and b, E2 = columns c and d; départements 59 = columns a, b and 62 = columns c, d:
///
///     y=3  a3 b3 c3 d3        P = ring of 8 around b1 (b1 is an enclave)
///     y=2  a2 b2 c2 d2        Q = {d1, d3}: two pieces
///     y=1  a1 b1 c1 d1        R = {c2}: overlaps P on c2
///     y=0  a0 b0 c0 d0        uncovered: b1 alone, d0 alone, {a3, b3, c3, d2}
final class DiagnosticTests: XCTestCase {
    static func layer() throws -> CommuneLayer {
        CommuneLayer(try TerritoryAnalysisTests.grid().communes.map { commune in
            var commune = commune
            commune.population = commune.population! * 10
            commune.epci = ["a", "b"].contains(commune.code.prefix(1)) ? "E1" : "E2"
            return commune
        })
    }

    /// Nurse N1 in a0 and b0 (once in P), nurse N2 in d1, GP G1 in c2, GP G2 in b1 (the enclave), specialist S1 in c2
    /// and d3, physiotherapist K1 in a3 (in no CPTS).
    static let activities: [PractitionerActivity] = {
        func activity(_ rpps: String, _ profession: String, _ savoirFaire: String, _ commune: String) -> PractitionerActivity {
            PractitionerActivity(rpps: rpps, professionCode: profession, professionLabel: "Profession \(profession)", savoirFaireCode: savoirFaire,
                                 savoirFaireLabel: "", modeCode: "L", modeLabel: "", communeCode: commune, departementCode: "",
                                 position: Coordinate(longitude: 2, latitude: 49), precision: .commune)
        }
        return [activity("N1", "60", "", "a0"), activity("N1", "60", "", "b0"), activity("N1", "60", "", "a0"), activity("N2", "60", "", "d1"),
                activity("G1", "10", "SM54", "c2"), activity("G2", "10", "SM26", "b1"), activity("S1", "10", "SM02", "c2"),
                activity("S1", "10", "SM02", "d3"), activity("K1", "70", "", "a3")]
    }()

    /// Officines in a0 and c2 (at their communes' points), and one 30 km east of the grid.
    static func pharmacies(_ layer: CommuneLayer) -> [Pharmacy] {
        [("a0", layer.commune("a0")!.representativePoint!), ("c2", layer.commune("c2")!.representativePoint!),
         ("zz", Coordinate(longitude: 2.45, latitude: 49.03))].enumerated().map { i, officine in
            Pharmacy(finess: "00000000\(i)", finessEJ: "", name: "Officine \(i)", communeCode: officine.0, position: officine.1,
                     precision: .address, sourceCRS: nil)
        }
    }

    /// A maison de santé in a0 and one in b0, an EHPAD in d1, a hospital in b1 (in no CPTS), a foyer (not a kind counted) in a1.
    static let facilities: [HealthFacility] = [("a0", "603"), ("b0", "603"), ("d1", "500"), ("b1", "355"), ("a1", "252")].enumerated().map { i, f in
        HealthFacility(finess: "80000000\(i)", name: "Établissement \(i)", category: f.1, categoryLabel: "Catégorie \(f.1)", communeCode: f.0,
                       position: Coordinate(longitude: 2, latitude: 49), precision: .commune)
    }

    /// Steps of a kilometre or two, so that the grid's communes (0.8 × 1.2 km) differ in accessibility.
    static let shortReach = try! CatchmentWeights(parsing: "1:1,2:0.5,4:0.2", radiusKm: 4)

    struct Fixture {
        let analysis: TerritoryAnalysis, basis: DiagnosticBasis, index: AccessibilityIndex, zones: [WhiteZone]

        func diagnose(_ id: String) throws -> PerimeterDiagnostic {
            let report = try XCTUnwrap(try analysis.report(id: id))
            return analysis.diagnose(analysis.check(report), basis: basis, accessibility: index, whiteZones: zones)
        }
    }

    func fixture() throws -> Fixture {
        let layer = try Self.layer()
        let analysis = TerritoryAnalysis(layer: layer, perimeters: [TerritoryAnalysisTests.p, TerritoryAnalysisTests.q, TerritoryAnalysisTests.r])
        return Fixture(analysis: analysis, basis: DiagnosticBasis(layer: layer, activities: Self.activities, pharmacies: Self.pharmacies(layer),
                                                                             facilities: Self.facilities, epciNames: ["E1": "CC Ouest"]),
                       index: AccessibilityIndex(layer: layer, supply: GPSupply(activities: Self.activities), weights: Self.shortReach), zones: try analysis.whiteZones(cut: .region))
    }

    func densities(_ diagnostic: PerimeterDiagnostic) -> [String: [Double?]] {
        Dictionary(uniqueKeysWithValues: diagnostic.professions.map {
            ($0.code, [Double($0.practitioners), $0.perTenThousand, $0.departementPerTenThousand, $0.regionPerTenThousand, $0.nationalPerTenThousand])
        })
    }

    func testProfessionsCountEachPractitionerOnceAgainstTheirAreas() throws {
        let fixture = try fixture()
        let p = try fixture.diagnose("P")
        XCTAssertEqual(p.professions.map(\.code), ["10", "10-generaliste", "60", "70"])
        XCTAssertEqual(p.professions.map(\.label), ["Médecin (autres spécialités)", "Médecin généraliste", "Profession 60", "Profession 70"])
        // P spans both départements: its départements' density is the grid's (136 000 inhabitants), as is the nation's.
        XCTAssertEqual(densities(p), [
            "10": [1, 0.208, 0.074, 0.074, 0.074],               // S1: 1 × 10 000 / 48 000
            "10-generaliste": [1, 0.208, 0.147, 0.147, 0.147],   // G1 in P; G1 and G2 in the grid
            "60": [1, 0.208, 0.147, 0.147, 0.147],               // N1 once, though in a0 and b0
            "70": [0, 0, 0.074, 0.074, 0.074],
        ])
        // Q = {d1, d3}, 24 000 inhabitants, in département 62 alone (columns c and d: 76 000).
        XCTAssertEqual(densities(try fixture.diagnose("Q")), [
            "10": [1, 0.417, 0.132, 0.074, 0.074],
            "10-generaliste": [0, 0, 0.132, 0.147, 0.147],
            "60": [1, 0.417, 0.132, 0.147, 0.147],
            "70": [0, 0, 0, 0.074, 0.074],
        ])
    }

    func testEachFlagIsRaisedWhereItMustBeAndNowhereElse() throws {
        let fixture = try fixture()
        let p = try fixture.diagnose("P"), q = try fixture.diagnose("Q"), r = try fixture.diagnose("R")
        XCTAssertEqual(p.flags.map(\.code), [.epciSplit, .epciSplit, .enclosedWhiteZone, .overlap])
        XCTAssertEqual(p.flags[0].communes, ["a3", "b1", "b3"])
        XCTAssertEqual(p.flags[0].message, "EPCI CC Ouest : 5 commune(s) sur 8 dans le périmètre, les autres dans : zone blanche")
        XCTAssertEqual(p.flags[1].communes, ["c3", "d0", "d1", "d2", "d3"])
        XCTAssertEqual(p.flags[1].message, "EPCI E2 : 3 commune(s) sur 8 dans le périmètre, les autres dans : Q, zone blanche")
        XCTAssertEqual(p.flags[2].communes, ["b1"])
        XCTAssertEqual(p.flags[2].message, "zone blanche de 1 commune(s), 6000 habitants, entourée par le périmètre")
        XCTAssertEqual(p.flags[3].communes, ["c2"])
        XCTAssertTrue(p.flags[3].message.contains("avec R"))

        XCTAssertEqual(q.flags.map(\.code), [.epciSplit, .severalParts, .isolatedCommune])
        XCTAssertEqual(q.flags[0].message, "EPCI E2 : 2 commune(s) sur 8 dans le périmètre, les autres dans : P, R, zone blanche")
        XCTAssertEqual(q.flags[1].communes, ["d3"])
        XCTAssertEqual(q.flags[2].communes, ["d1", "d3"])

        XCTAssertEqual(r.flags.map(\.code), [.populationUnder15000, .epciSplit, .overlap])
        XCTAssertEqual(r.flags[0].message, "11000 habitants, sous le seuil de 15 000")
        XCTAssertEqual(r.flags[2].communes, ["c2"])
        XCTAssertTrue(r.flags[2].message.contains("avec P"))
    }

    /// b1 lies inside P, but R alone does not enclose it; a zone touching another CPTS is not enclosed.
    func testNeighboursAreTheCPTSAndWhiteZonesTouchingThePerimeter() throws {
        let r = try fixture().diagnose("R")
        XCTAssertEqual(r.neighbours.cpts.map(\.id), ["P", "Q"])
        XCTAssertEqual(r.neighbours.cpts.map(\.touchingCommunes), [["b2", "c1"], ["d1", "d3"]])
        XCTAssertEqual(r.neighbours.whiteZones.map(\.id), ["WZ-a3-a3", "WZ-b1-b1"])
        XCTAssertEqual(r.neighbours.whiteZones.map(\.population), [54_000, 6_000])
        XCTAssertEqual(r.neighbours.whiteZones.map(\.touchingCommunes), [["b3", "c3", "d2"], ["b1"]])
        XCTAssertEqual(r.perimeter.epci, [EPCIShare(code: "E2", name: nil, communesInside: 1, communesTotal: 8)])
    }

    /// Every kind listed, with the establishments of the perimeter's communes.
    func testFacilitiesByKind() throws {
        let fixture = try fixture()
        let p = try fixture.diagnose("P"), q = try fixture.diagnose("Q"), r = try fixture.diagnose("R")
        XCTAssertEqual(p.facilities.map(\.kind), ["hopital", "centre-de-sante", "maison-de-sante", "ehpad"])
        XCTAssertEqual(p.facilities.map(\.count), [0, 0, 2, 0], "the foyer in a1 is not a kind counted")
        XCTAssertEqual(p.facilities[2].establishments.map(\.communeCode), ["a0", "b0"])
        XCTAssertEqual(q.facilities.map(\.count), [0, 0, 0, 1])
        XCTAssertEqual(r.facilities.map(\.count), [0, 0, 0, 0])
    }

    /// Officines and licences summed over the communes; the mean distance to the nearest officine against every pair.
    func testPharmaciesAgainstBruteForce() throws {
        let fixture = try fixture()
        let p = try fixture.diagnose("P")
        XCTAssertEqual(p.pharmacies.officines, 2)
        XCTAssertEqual(p.pharmacies.licencesAllowed, 10)   // 0, 0, 1, 1, 2, 2, 2, 2 for 1 000 … 11 000 inhabitants
        XCTAssertEqual(p.pharmacies.difference, 8)
        let officines = Self.pharmacies(fixture.analysis.layer)
        var weighted = 0.0, population = 0.0
        for code in TerritoryAnalysisTests.p.communeCodes {
            let commune = fixture.analysis.layer.commune(code)!
            let nearest = officines.map { Geodesic.distance(commune.representativePoint!, $0.position) }.min()!
            weighted += nearest / 1000 * Double(commune.population!); population += Double(commune.population!)
        }
        XCTAssertEqual(try XCTUnwrap(p.pharmacies.meanDistanceKm), weighted / population, accuracy: 0.0005)
        XCTAssertGreaterThan(weighted, 0)
    }

    func testAccessibilityIsThePopulationWeightedMeanOfItsCommunes() throws {
        let fixture = try fixture()
        let q = try XCTUnwrap(try fixture.diagnose("Q").accessibility)
        let rows = fixture.index.communes.filter { ["d1", "d3"].contains($0.code) }
        let mean = rows.reduce(0.0) { $0 + $1.indexPer100k! * Double($1.population!) } / Double(rows.reduce(0) { $0 + $1.population! })
        XCTAssertEqual(q.meanPer100k, mean, accuracy: 0.0005)
        let all = fixture.index.communes.filter { $0.indexPer100k != nil }
        let national = all.reduce(0.0) { $0 + $1.indexPer100k! * Double($1.population!) } / Double(all.reduce(0) { $0 + $1.population! })
        XCTAssertEqual(q.nationalMeanPer100k, national, accuracy: 0.0005)
        let sorted = rows.sorted { $0.indexPer100k! < $1.indexPer100k! }
        XCTAssertLessThan(sorted[0].indexPer100k!, sorted[1].indexPer100k!, "the two communes differ")
        XCTAssertEqual([q.lowest.code, q.highest.code], [sorted.first!.code, sorted.last!.code])
        XCTAssertEqual(q.lowest.per100k, sorted[0].indexPer100k!, accuracy: 0.0005)
        XCTAssertEqual(q.populationBelowNationalMean, rows.filter { $0.indexPer100k! < national }.reduce(0) { $0 + $1.population! })
        XCTAssertGreaterThan(national, 0)
    }

    /// A proposal is checked and diagnosed as a stored CPTS is, its own id apart.
    func testAProposalIsDiagnosedLikeAStoredPerimeter() throws {
        let fixture = try fixture()
        let proposal = CPTSPerimeter(id: "NEW", name: "Projet", status: .preProjet, communeCodes: ["a3", "b3", "c3", "d2"])
        let diagnostic = fixture.analysis.diagnose(try fixture.analysis.check(proposal), basis: fixture.basis, accessibility: fixture.index,
                                                   whiteZones: fixture.zones)
        XCTAssertEqual(diagnostic.perimeter.population, 54_000)
        XCTAssertEqual(diagnostic.perimeter.parts, 1)
        XCTAssertEqual(diagnostic.flags.map(\.code), [.epciSplit, .epciSplit])
        XCTAssertEqual(diagnostic.neighbours.cpts.map(\.id), ["P", "Q", "R"])
        XCTAssertEqual(diagnostic.neighbours.whiteZones.map(\.id), [], "its own zone is inside it, and b1 does not touch it")
        XCTAssertEqual(densities(diagnostic)["70"]?.first, 1)
    }
}
