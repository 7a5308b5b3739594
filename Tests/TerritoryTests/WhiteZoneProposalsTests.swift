import GeometryKit
import XCTest
@testable import Territory

/// The proposals for the white zones against every assignment of the uncovered communes (brute force) on hand-built
/// grids of square communes.
final class WhiteZoneProposalsTests: XCTestCase {
    /// Communes "gXY" of `columns` × `rows` squares (1/64° a side), région "R2" for the columns in `secondRegion`, else "R1";
    /// population 100 × (1 + X + 3Y) unless given.
    static func grid(columns: Int, rows: Int, secondRegion: Set<Int> = [], epci: [String: String] = [:]) throws -> CommuneLayer {
        var communes: [Commune] = []
        for y in 0..<rows {
            for x in 0..<columns {
                let side = 1.0 / 64, x0 = 2 + Double(x) * side, y0 = 49 + Double(y) * side
                let ring: [Coordinate] = [.init(x: x0, y: y0), .init(x: x0 + side, y: y0), .init(x: x0 + side, y: y0 + side),
                                          .init(x: x0, y: y0 + side), .init(x: x0, y: y0)]
                let code = "g\(x)\(y)"
                var commune = Commune(code: code, name: "Commune \(code)", departement: "59", region: secondRegion.contains(x) ? "R2" : "R1",
                                      epci: epci[code], population: 100 * (1 + x + 3 * y))
                try commune.attach(geometry: Geometry(shape: .polygon([ring])))
                communes.append(commune)
            }
        }
        return CommuneLayer(communes)
    }

    /// The best (population attached, total steps) over every assignment of the uncovered communes to a covering CPTS or
    /// none that keeps each attached commune joined to its CPTS through communes of its région attached to the same CPTS,
    /// the CPTS serving that région; a commune's steps are its breadth-first depth from the CPTS within its part.
    static func bruteForce(_ analysis: TerritoryAnalysis) -> (population: Int, steps: Int) {
        let layer = analysis.layer, communes = layer.communes
        let uncovered = communes.indices.filter { !analysis.isCovered($0) }
        let covering = analysis.perimeters.indices.filter { analysis.coveringStatuses.contains(analysis.perimeters[$0].status) }
        let members = covering.map { Set(analysis.perimeters[$0].communeCodes.compactMap(layer.index(of:))) }
        var best = (population: -1, steps: Int.max)
        var choice = Array(repeating: -1, count: uncovered.count)   // -1: none, else a position in `covering`
        func evaluate() {
            var owner: [Int: Int] = [:]
            for (i, u) in uncovered.enumerated() where choice[i] >= 0 { owner[u] = choice[i] }
            var population = 0, steps = 0
            for (k, _) in covering.enumerated() {
                let part = owner.filter { $0.value == k }.map(\.key)
                guard !part.isEmpty else { continue }
                for u in part where !members[k].contains(where: { communes[$0].region == communes[u].region }) { return }
                // Breadth-first from the CPTS's members through its part, région by région.
                var depth: [Int: Int] = [:], queue: [Int] = []
                for u in part where layer.neighbours[u].contains(where: members[k].contains) { depth[u] = 1; queue.append(u) }
                var head = 0
                while head < queue.count {
                    let u = queue[head]; head += 1
                    for v in layer.neighbours[u] where owner[v] == k && depth[v] == nil && communes[v].region == communes[u].region {
                        depth[v] = depth[u]! + 1; queue.append(v)
                    }
                }
                for u in part {
                    guard let d = depth[u] else { return }   // a detached piece: not a valid assignment
                    steps += d; population += communes[u].population ?? 0
                }
            }
            if population > best.population || (population == best.population && steps < best.steps) { best = (population, steps) }
        }
        func assign(_ i: Int) {
            if i == uncovered.count { evaluate(); return }
            for option in -1..<covering.count { choice[i] = option; assign(i + 1) }
        }
        assign(0)
        return best
    }

    /// Checks what the proposal claims: each attached commune in a région its CPTS serves, at the depth it says from
    /// the CPTS through communes attached to the same CPTS.
    static func assertValid(_ proposals: WhiteZoneProposals, _ analysis: TerritoryAnalysis, file: StaticString = #filePath, line: UInt = #line) {
        let layer = analysis.layer
        let owner = Dictionary(uniqueKeysWithValues: proposals.communes.compactMap { c in c.cpts.map { (layer.index(of: c.code)!, $0) } })
        for commune in proposals.communes {
            guard let id = commune.cpts else { continue }
            let u = layer.index(of: commune.code)!, members = Set(analysis.perimeter(id: id)!.communeCodes.compactMap(layer.index(of:)))
            XCTAssertTrue(members.contains { layer.communes[$0].region == layer.communes[u].region }, "\(commune.code) → \(id): région", file: file, line: line)
            if commune.steps == 1 {
                XCTAssertTrue(layer.neighbours[u].contains(where: members.contains), "\(commune.code) touches \(id)", file: file, line: line)
            } else {
                let previous = layer.neighbours[u].filter { owner[$0] == id && layer.communes[$0].region == layer.communes[u].region }
                    .compactMap { v in proposals.communes.first { $0.code == layer.communes[v].code }?.steps }
                XCTAssertTrue(previous.contains((commune.steps ?? 0) - 1), "\(commune.code) → \(id) at \(commune.steps ?? -1) steps: joined", file: file, line: line)
            }
        }
    }

    ///     y=2  A  .  .  .  |x
    ///     y=1  A  .  .  .  |x      A: column 0 (ACI signé), B: g30 (pré-projet), x: région R2 (column 4), which no CPTS
    ///     y=0  A  .  .  B  |x      serves: unreachable; the 8 others (.) reachable, some 3 steps from A.
    func testOptimalAgainstEveryAssignment() throws {
        let layer = try Self.grid(columns: 5, rows: 3, secondRegion: [4])
        let analysis = TerritoryAnalysis(layer: layer, perimeters: [
            CPTSPerimeter(id: "A", name: "A", status: .aciSigne, communeCodes: ["g00", "g01", "g02"]),
            CPTSPerimeter(id: "B", name: "B", status: .preProjet, communeCodes: ["g30"]),
        ])
        let proposals = analysis.whiteZoneProposals()
        let best = Self.bruteForce(analysis)
        XCTAssertEqual(proposals.populationAttached, best.population)
        XCTAssertEqual(proposals.totalSteps, best.steps)
        Self.assertValid(proposals, analysis)
        XCTAssertEqual(proposals.communes.count, 11)
        XCTAssertEqual(proposals.unreachable.map(\.communeCodes), [["g40", "g41", "g42"]])
        XCTAssertEqual(proposals.unreachable.first?.population, 100 * (5 + 8 + 11))
        XCTAssertEqual(proposals.communes.filter { $0.cpts == nil }.map(\.code), ["g40", "g41", "g42"])
        XCTAssertEqual(proposals.communes.first { $0.code == "g32" }?.steps, 2, "two steps from B, three from A")
        XCTAssertEqual(proposals.cpts.map(\.id), ["A", "B"])
        let a = proposals.cpts[0]
        XCTAssertEqual(a.populationBefore, 100 * (1 + 4 + 7))
        XCTAssertEqual(a.populationAfter, a.populationBefore + a.communesAdded.reduce(0) { $0 + layer.commune($1)!.population! })
        XCTAssertEqual(proposals.populationAttached, proposals.cpts.reduce(0) { $0 + $1.populationAfter - $1.populationBefore })
        print("brute force over \(Int(pow(3.0, 11.0))) assignments: population \(best.population), steps \(best.steps)")
    }

    /// Only covering statuses take communes in; between two CPTS at the same distance, the one holding a commune of the
    /// same EPCI, else the nearer.
    func testTiesGoToTheSameEPCIThenTheNearer() throws {
        //     y=0  A  u  B  B     u touches A and B; B's seat (its most populous commune, g30) is farther than A's.
        let epci = ["g00": "E1", "g10": "E2", "g20": "E2"]
        let layer = try Self.grid(columns: 4, rows: 1, epci: epci)
        let perimeters = [CPTSPerimeter(id: "A", name: "A", status: .aciSigne, communeCodes: ["g00"]),
                          CPTSPerimeter(id: "B", name: "B", status: .aciSigne, communeCodes: ["g20", "g30"])]
        let byEPCI = TerritoryAnalysis(layer: layer, perimeters: perimeters).whiteZoneProposals()
        XCTAssertEqual(byEPCI.communes.map(\.cpts), ["B"], "u shares its EPCI with B")
        let nearer = TerritoryAnalysis(layer: try Self.grid(columns: 4, rows: 1), perimeters: perimeters).whiteZoneProposals()
        XCTAssertEqual(nearer.communes.map(\.cpts), ["A"], "A's seat is nearer")
        let onlySigned = TerritoryAnalysis(layer: try Self.grid(columns: 4, rows: 1), perimeters: [perimeters[0],
            CPTSPerimeter(id: "B", name: "B", status: .preProjet, communeCodes: ["g20", "g30"])], coveringStatuses: [.aciSigne])
        let proposals = onlySigned.whiteZoneProposals()
        XCTAssertEqual(proposals.communes.map(\.code), ["g10", "g20", "g30"], "B's communes are uncovered under ACI only")
        XCTAssertEqual(proposals.communes.map(\.cpts), ["A", "A", "A"])
        XCTAssertEqual(proposals.communes.map(\.steps), [1, 2, 3])
    }
}
