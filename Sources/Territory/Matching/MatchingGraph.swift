/// A batch as the solvers read it: the candidate rows, the priority class of each patient and the places each
/// GP can actually use.
struct MatchingGraph {
    var rows: CandidateRows
    let priority: [Int]
    /// Places usable per GP: its places, but no more than the patients who can reach it.
    let capacity: [Int]

    init(rows: CandidateRows, priorities: [Int], places: [Int]) {
        precondition(priorities.count == rows.patientCount, "one priority per patient")
        precondition(priorities.allSatisfy { (0..<BatchMatcher.priorityClasses).contains($0) }, "priority class outside 0...3")
        precondition(places.allSatisfy { $0 >= 0 }, "negative GP capacity")
        precondition(rows.gp.allSatisfy { Int($0) < places.count }, "candidate GP out of range")
        var degree = [Int](repeating: 0, count: places.count)
        for p in 0..<rows.patientCount {
            for e in rows.entries(of: p) { degree[Int(rows.gp[e])] += 1 }
        }
        self.rows = rows
        priority = priorities
        capacity = zip(places, degree).map { min($0, $1) }
    }

    var patientCount: Int { rows.patientCount }
    var gpCount: Int { capacity.count }

    /// Patients in priority order, then by index: the order of the greedy baseline and of the stage-2 searches.
    func byPriority(_ patients: [Int]) -> [Int] {
        patients.sorted { (priority[$0], $0) < (priority[$1], $1) }
    }
}
