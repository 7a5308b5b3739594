import Foundation
import GeometryKit
import NationalScenario
@testable import Territory
import TestSupport
import XCTest

/// The batch matching at the size of issue 11 — the national roster of `maillage-bench cli` (14 300 volunteers) and
/// its 20 000 waiting patients, 30 km — checked against an independent solver to the millimetre. Prints the
/// matching step's time and the peak resident memory it adds to the process.
final class NationalMatchingScaleTests: XCTestCase {
    override func setUpWithError() throws { try NationalData.requireRelease() }

    func testTwentyThousandPatientsMatchedAtScale() throws {
        let analysis = try NationalData.analysis.get()
        let volunteers = NationalRoster.volunteers(analysis.layer, seed: 11)
        let patients = NationalRoster.patients(analysis.layer, count: 20_000 - 5 * 40, seed: 13)
        XCTAssertEqual(patients.count, 20_000)
        let orientation = OrientationService(analysis: analysis, volunteers: volunteers, activities: [], waiting: [])

        let before = ProcessMemory.residentKB()
        ProcessMemory.resetPeak()
        let start = Date(), startCPU = ProcessMemory.cpuSeconds()
        let match = orientation.matchWaitingList(maxKm: 30, requests: patients)
        let seconds = Date().timeIntervalSince(start), cpu = ProcessMemory.cpuSeconds() - startCPU
        let peakDeltaMB = Double(ProcessMemory.peakKB() - before) / 1024
        let placed = PatientPriority.allCases.map { match.placedByPriority[$0] ?? 0 }
        print(String(format: "matching at scale: %d patients, %d volunteers (%d available), 30 km: %.3f s (CPU %.3f s), peak RSS +%.0f MB; placed %@, %.3f km",
                     patients.count, volunteers.count, orientation.finder.volunteers.count, seconds, cpu, peakDeltaMB,
                     placed.description, match.totalDistanceKm))
        XCTAssertEqual(match.assignments.count + match.unassigned.count, patients.count)

        // The reference, from the pairs `finder.within` lists, each with its geodesic.
        let pairs = try ParallelMap.map(patients) { orientation.finder.within(km: 30, of: $0.position, homeVisits: $0.needsHomeVisit) }
        let rows = CandidateRows.volunteers(of: orientation.finder, within: 30, for: patients)
        for p in patients.indices {
            XCTAssertEqual(rows.entries(of: p).map { Int(rows.gp[$0]) }.sorted(), pairs[p].map(\.volunteer).sorted(), "patient \(p)")
        }
        let reference = Self.referenceOptimum(pairs, priorities: patients.map(\.priority.rank), places: orientation.finder.volunteers.map(\.placesRemaining))
        XCTAssertEqual(placed, reference.placed)
        XCTAssertEqual(match.assignments.reduce(0) { $0 + BatchMatcher.millimetres($1.distanceKm) }, reference.millimetres)
        print("reference: placed \(reference.placed), \(reference.millimetres) mm")
    }

    /// The lexicographic optimum by another route, on a materialised `MinCostFlowNetwork` with every pair measured:
    /// the counts by Kuhn's augmenting paths, patients served class by class (the greedy basis of the transversal
    /// matroid, so the most of each class in turn; the paths are cheapest ones, which keeps each search local),
    /// then the least total of millimetres with those counts — each patient ships to a GP, or to the "waits" node
    /// of its class, whose room is the number of the class left out.
    static func referenceOptimum(_ pairs: [[(volunteer: Int, km: Double)]], priorities: [Int], places: [Int]) -> (placed: [Int], millimetres: Int64) {
        let patientCount = pairs.count, gpCount = places.count, classes = BatchMatcher.priorityClasses
        let reachable = (0..<patientCount).filter { !pairs[$0].isEmpty }.sorted { (priorities[$0], $0) < (priorities[$1], $1) }
        var counting = MinCostFlowNetwork(nodeCount: reachable.count + gpCount)
        for (node, p) in reachable.enumerated() {
            counting.setSupply(1, at: node)
            for pair in pairs[p] {
                counting.addEdge(from: node, to: reachable.count + pair.volunteer, capacity: 1, cost: BatchMatcher.millimetres(pair.km))
            }
        }
        for g in 0..<gpCount { counting.setSupply(-places[g], at: reachable.count + g) }
        counting.solve()
        var placed = [Int](repeating: 0, count: classes), waiting = placed
        var edge = 0
        for p in reachable {
            let shipped = pairs[p].indices.contains { counting.flow(on: edge + $0) > 0 }
            edge += pairs[p].count
            if shipped { placed[priorities[p]] += 1 } else { waiting[priorities[p]] += 1 }
        }

        let waitCost = 2 * Int64(reachable.count) * BatchMatcher.millimetres(30) + 1
        var cheapest = MinCostFlowNetwork(nodeCount: reachable.count + gpCount + classes)
        var pairEdges: [(edge: Int, millimetres: Int64)] = []
        for (node, p) in reachable.enumerated() {
            cheapest.setSupply(1, at: node)
            for pair in pairs[p] {
                let millimetres = BatchMatcher.millimetres(pair.km)
                pairEdges.append((cheapest.addEdge(from: node, to: reachable.count + pair.volunteer, capacity: 1, cost: millimetres), millimetres))
            }
            if waiting[priorities[p]] > 0 {
                cheapest.addEdge(from: node, to: reachable.count + gpCount + priorities[p], capacity: 1, cost: waitCost)
            }
        }
        for g in 0..<gpCount { cheapest.setSupply(-places[g], at: reachable.count + g) }
        for k in 0..<classes { cheapest.setSupply(-waiting[k], at: reachable.count + gpCount + k) }
        precondition(cheapest.solve().stranded == 0, "the counts are feasible")
        return (placed, pairEdges.reduce(0) { $0 + (cheapest.flow(on: $1.edge) > 0 ? $1.millimetres : 0) })
    }
}

/// The process's resident memory from /proc/self/status (Linux), and its high-water mark, which writing 5 to
/// /proc/self/clear_refs resets: the peak of one step is then the mark read after it. And its CPU time, which
/// other work on the machine does not inflate as it does wall time.
enum ProcessMemory {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func residentKB() -> Int { field("VmRSS") }
    static func peakKB() -> Int { field("VmHWM") }

    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
