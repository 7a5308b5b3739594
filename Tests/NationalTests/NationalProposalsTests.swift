import Foundation
import GeometryKit
import Territory
import XCTest

/// The white-zone proposals on the national scenario, checked here: every attached commune joined to its CPTS as the
/// answer says (a breadth-first search per CPTS over its communes and those proposed to it), no CPTS in more parts
/// than before, the coverage after equal to the coverage before plus the population attached, and every zone left
/// out touching no CPTS that serves its région (so that no more population could be attached).
final class NationalProposalsTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    func testProposalsForTheCountryAreValidAndAttachEveryReachableCommune() throws {
        let analysis = try NationalData.analysis.get(), layer = analysis.layer, communes = layer.communes
        let started = ContinuousClock.now
        let proposals = analysis.whiteZoneProposals()
        print("national proposals: \(proposals.populationAttached) inhabitants attached to \(proposals.cpts.count) CPTS in "
              + "\(proposals.totalSteps) steps, \(proposals.unreachable.count) zones out of reach in \(ContinuousClock.now - started)")
        XCTAssertEqual(proposals.communes.count, communes.indices.filter { !analysis.isCovered($0) }.count)
        XCTAssertGreaterThan(proposals.populationAttached, 1_000_000)

        var after = analysis.perimeters
        let position = Dictionary(uniqueKeysWithValues: after.enumerated().map { ($1.id, $0) })
        for growth in proposals.cpts { after[position[growth.id]!].communeCodes += growth.communesAdded }
        let steps = Dictionary(uniqueKeysWithValues: proposals.communes.compactMap { c in c.steps.map { (c.code, $0) } })
        for growth in proposals.cpts {
            let before = Set(analysis.perimeter(id: growth.id)!.communeCodes.compactMap(layer.index(of:)))
            let added = Set(growth.communesAdded.compactMap(layer.index(of:)))
            // Depths from the CPTS through its added communes of the same région.
            var depth: [Int: Int] = [:], queue = added.sorted().filter { u in layer.neighbours[u].contains(where: before.contains) }
            for u in queue { depth[u] = 1 }
            var head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                for v in layer.neighbours[u] where added.contains(v) && depth[v] == nil && communes[v].region == communes[u].region {
                    depth[v] = depth[u]! + 1; queue.append(v)
                }
            }
            for u in added {
                XCTAssertEqual(depth[u], steps[communes[u].code], "\(communes[u].code) → \(growth.id)")
                XCTAssertTrue(before.contains { communes[$0].region == communes[u].region }, "\(growth.id) serves \(communes[u].region)")
            }
            let partsBefore = CommuneAdjacency.components(of: Array(before), in: layer).count
            XCTAssertLessThanOrEqual(CommuneAdjacency.components(of: Array(before.union(added)), in: layer).count, partsBefore, growth.id)
        }
        let coveredBefore = analysis.coverage(.nation)[0].populationCovered
        let coveredAfter = TerritoryAnalysis(layer: layer, perimeters: after, coveringStatuses: analysis.coveringStatuses).coverage(.nation)[0].populationCovered
        XCTAssertEqual(coveredAfter - coveredBefore, proposals.populationAttached)
        for zone in proposals.unreachable {
            for u in zone.communeCodes.compactMap(layer.index(of:)) {
                for w in layer.neighbours[u] where analysis.isCovered(w) {
                    let serving = analysis.cpts(claiming: communes[w].code).compactMap { analysis.perimeter(id: $0) }.filter { cpts in
                        analysis.coveringStatuses.contains(cpts.status)
                            && cpts.communeCodes.contains { layer.commune($0)?.region == communes[u].region }
                    }
                    XCTAssertTrue(serving.isEmpty, "\(communes[u].code), left out, touches \(serving.map(\.id))")
                }
            }
        }
    }
}
