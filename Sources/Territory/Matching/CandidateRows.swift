/// The candidate GPs of every patient of a batch, in flat arrays (CSR): 12 bytes a pair — the GP, a lower bound
/// of the distance and the distance itself once measured, both in whole millimetres.
///
/// Rows belong to places, not patients: patients at the same position with the same needs (a commune's point
/// stands for every patient located by commune only) share one row. Each row lists a GP once, in increasing
/// `binFloor` — by lower bound in bins of 2^binShift mm (131 m within 30 km: a counting sort, not a comparison
/// sort, per row), or exactly by (lower bound, GP) when binShift is 0 — so that a solver scanning it can stop at
/// the first entry whose bin is already too far, and measure a distance only when its lower bound does not settle
/// the question: in a national batch, most pairs are never measured (`measuredCount`).
///
/// ```swift
/// var rows = CandidateRows(problem)          // distances given: lower bound = distance, nothing to measure
/// rows.entries(of: 0).map { rows.gp[$0] }    // patient 0's GPs, nearest first
/// rows.millimetres(0, of: 0)                 // the distance of its first entry
/// ```
struct CandidateRows {
    static let unmeasured = UInt32.max

    /// The row of each patient.
    let rowOfPatient: [Int32]
    /// Row r holds the entries rowStart[r]..<rowStart[r + 1].
    let rowStart: [Int]
    let gp: [Int32]
    let lowerMillimetres: [UInt32]
    let binShift: UInt32
    /// The distance of each entry, or `unmeasured`.
    private var measured: [UInt32]
    /// No entry is farther: the scale of the costs (see `CheapestPlacement`).
    let longestMillimetres: Int64
    /// The distance in km of a GP from a row's place; nil when every lower bound is the distance itself.
    private let measure: ((_ row: Int, _ gp: Int) -> Double)?
    private(set) var measuredCount = 0

    init(rowOfPatient: [Int32], built: Builder, longestMillimetres: Int64, measure: ((_ row: Int, _ gp: Int) -> Double)?) {
        precondition(rowOfPatient.allSatisfy { $0 >= 0 && Int($0) < built.rowCount }, "patient row out of range")
        self.rowOfPatient = rowOfPatient
        rowStart = built.rowStart
        gp = built.gp
        lowerMillimetres = built.lower
        binShift = built.binShift
        measured = measure == nil ? built.lower : [UInt32](repeating: Self.unmeasured, count: built.gp.count)
        self.longestMillimetres = longestMillimetres
        self.measure = measure
    }

    var patientCount: Int { rowOfPatient.count }
    var pairCount: Int { gp.count }

    @inline(__always)
    func entries(of patient: Int) -> Range<Int> {
        let row = Int(rowOfPatient[patient])
        return rowStart[row]..<rowStart[row + 1]
    }

    /// A lower bound of the entries of its row from this one on.
    @inline(__always)
    func binFloor(_ entry: Int) -> Int64 { Int64((lowerMillimetres[entry] >> binShift) << binShift) }

    /// The distance of `entry`, an entry of `patient`'s row, measured now if it was not yet.
    @inline(__always)
    mutating func millimetres(_ entry: Int, of patient: Int) -> Int64 {
        let known = measured[entry]
        if known != Self.unmeasured { return Int64(known) }
        guard let measure else { preconditionFailure("an unmeasured entry without a way to measure it") }
        let value = Self.storable(BatchMatcher.millimetres(measure(Int(rowOfPatient[patient]), Int(gp[entry]))))
        measured[entry] = value
        measuredCount += 1
        return Int64(value)
    }

    /// Millimetres as stored: below `unmeasured`, which `BatchMatcher.maximumDistanceKm` guarantees.
    static func storable(_ millimetres: Int64) -> UInt32 {
        precondition(millimetres >= 0 && millimetres < Int64(unmeasured), "distance beyond BatchMatcher.maximumDistanceKm")
        return UInt32(millimetres)
    }
}

extension CandidateRows {
    /// The rows of a `MatchingProblem`: one per patient, every distance given (lower bound = distance).
    init(_ problem: MatchingProblem) {
        let patientCount = problem.patientPriorities.count, gpCount = problem.gpCapacities.count
        precondition(gpCount < Int(Int32.max), "too many GPs")
        var start = [Int](repeating: 0, count: patientCount + 1)
        for c in problem.candidates {
            precondition((0..<patientCount).contains(c.patient) && (0..<gpCount).contains(c.gp), "candidate index out of range")
            precondition(c.distanceKm >= 0 && c.distanceKm <= BatchMatcher.maximumDistanceKm, "candidate distance not in 0...maximumDistanceKm")
            start[c.patient + 1] += 1
        }
        for p in 0..<patientCount { start[p + 1] += start[p] }
        var byPatient = [Int32](repeating: 0, count: problem.candidates.count)
        var fill = start
        for (i, c) in problem.candidates.enumerated() { byPatient[fill[c.patient]] = Int32(i); fill[c.patient] += 1 }

        var builder = Builder(gpCount: gpCount)   // sorted exactly, a GP listed twice kept at its shortest
        var keys: [UInt64] = []
        var longest: Int64 = 0
        for p in 0..<patientCount {
            keys.removeAll(keepingCapacity: true)
            for i in byPatient[start[p]..<start[p + 1]] {
                let c = problem.candidates[Int(i)]
                let millimetres = Self.storable(BatchMatcher.millimetres(c.distanceKm))
                longest = max(longest, Int64(millimetres))
                keys.append(Builder.key(lower: millimetres, gp: c.gp))
            }
            builder.appendRow(&keys)
        }
        self.init(rowOfPatient: (0..<patientCount).map(Int32.init), built: builder, longestMillimetres: longest, measure: nil)
    }
}
