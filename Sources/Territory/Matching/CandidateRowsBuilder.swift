extension CandidateRows {
    /// Rows appended one after the other, then handed to `CandidateRows`; builders of consecutive row ranges
    /// (built in parallel) are concatenated with `init(concatenating:)`.
    ///
    /// ```swift
    /// var builder = CandidateRows.Builder(gpCount: 3)
    /// var keys = [CandidateRows.Builder.key(lower: 900, gp: 2), CandidateRows.Builder.key(lower: 300, gp: 0)]
    /// builder.appendRow(&keys)   // row 0: GP 0 at 300 mm, then GP 2 at 900 mm
    /// ```
    struct Builder {
        private(set) var rowStart: [Int] = [0]
        private(set) var gp: [Int32] = []
        private(set) var lower: [UInt32] = []
        let binShift: UInt32
        /// Row stamp of each GP: one entry per GP in a row is kept (exact order) or checked (binned).
        private var lastRowOfGP: [Int32]
        /// Scratch space of the counting sort, kept from row to row.
        private var binStart: [Int] = []
        private var ordered: [UInt64] = []

        /// `binShift` 0: rows sorted exactly by (lower bound, GP), a GP listed twice kept at its shortest. Above:
        /// rows ordered by bins of 2^binShift mm (a counting sort, several times faster than sorting), in the order
        /// given within a bin; a GP must then be listed once.
        init(gpCount: Int, binShift: UInt32 = 0) {
            self.binShift = binShift
            lastRowOfGP = [Int32](repeating: -1, count: gpCount)
        }

        /// The bin width that cuts distances up to `longest` millimetres into at most 256 bins.
        static func binShift(forLongest longest: Int64) -> UInt32 {
            var shift: UInt32 = 0
            while longest >> shift >= 256 { shift += 1 }
            return shift
        }

        /// A candidate of a row being built, as one integer so that rows sort fast: (lower bound, GP).
        static func key(lower: UInt32, gp: Int) -> UInt64 { UInt64(lower) << 32 | UInt64(UInt32(gp)) }
        private static func gp(of key: UInt64) -> Int32 { Int32(truncatingIfNeeded: key & 0xFFFF_FFFF) }
        private static func lower(of key: UInt64) -> UInt32 { UInt32(key >> 32) }

        var rowCount: Int { rowStart.count - 1 }

        /// Appends `keys` (from `key(lower:gp:)`) as the next row; `keys` is left for the caller to reuse.
        mutating func appendRow(_ keys: inout [UInt64]) {
            if binShift == 0 {
                keys.sort()
                let row = Int32(rowCount)
                for key in keys where lastRowOfGP[Int(Self.gp(of: key))] != row {
                    lastRowOfGP[Int(Self.gp(of: key))] = row
                    gp.append(Self.gp(of: key))
                    lower.append(Self.lower(of: key))
                }
            } else {
                let row = Int32(rowCount)
                for key in keys {
                    let g = Int(Self.gp(of: key))
                    precondition(lastRowOfGP[g] != row, "a GP listed twice in a binned row")
                    lastRowOfGP[g] = row
                }
                orderByBin(keys)
                gp.append(contentsOf: ordered.lazy.map(Self.gp(of:)))
                lower.append(contentsOf: ordered.lazy.map(Self.lower(of:)))
            }
            rowStart.append(gp.count)
        }

        /// Counting sort of `keys` by bin into `ordered`, stable.
        private mutating func orderByBin(_ keys: [UInt64]) {
            let shift = UInt64(binShift) + 32
            let bins = keys.reduce(0) { max($0, Int($1 >> shift) + 1) }
            if binStart.count < bins + 1 { binStart = [Int](repeating: 0, count: bins + 1) }
            for b in 0...bins { binStart[b] = 0 }
            for key in keys { binStart[Int(key >> shift) + 1] += 1 }
            for b in 0..<bins { binStart[b + 1] += binStart[b] }
            ordered.removeAll(keepingCapacity: true)
            ordered.append(contentsOf: repeatElement(0, count: keys.count))
            for key in keys {
                let b = Int(key >> shift)
                ordered[binStart[b]] = key
                binStart[b] += 1
            }
        }

        mutating func reserveCapacity(rows: Int, pairs: Int) {
            rowStart.reserveCapacity(rows + 1)
            gp.reserveCapacity(pairs)
            lower.reserveCapacity(pairs)
        }

        /// The rows of `parts` (built with the same `binShift`) one after the other, each part emptied once
        /// copied.
        init(concatenating parts: inout [Builder]) {
            let shift = parts.first?.binShift ?? 0
            precondition(parts.allSatisfy { $0.binShift == shift }, "parts binned alike")
            binShift = shift
            lastRowOfGP = []
            reserveCapacity(rows: parts.reduce(0) { $0 + $1.rowCount }, pairs: parts.reduce(0) { $0 + $1.gp.count })
            for i in parts.indices {
                let offset = gp.count
                rowStart.append(contentsOf: parts[i].rowStart.dropFirst().lazy.map { $0 + offset })
                gp.append(contentsOf: parts[i].gp)
                lower.append(contentsOf: parts[i].lower)
                parts[i] = Builder(gpCount: 0, binShift: binShift)
            }
        }
    }
}
