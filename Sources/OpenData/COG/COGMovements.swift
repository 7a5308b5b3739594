/// The COG movements file (`mouvements-communes.csv`): every merge, split and code change since 1943.
///
/// Used to carry data published under a former code (an older polygon, a population row, a CPTS list
/// written before a merge) to the commune that holds that territory today.
///
/// ```swift
/// let movements = try COGMovements(path: "cog/mouvements-communes.csv")
/// movements.currentCode(of: "25134", current: cog.communes.keys)   // "25185" (merged in 2022)
/// ```
public struct COGMovements: Sendable {
    /// A commune leaving its code: merged into another (MOD 31–34) or renumbered (MOD 41, 50).
    public struct Departure: Sendable, Hashable {
        public var modification: Int
        public var date: String
        public var to: String
    }

    /// The modification codes that move a commune's territory to another code.
    public static let departureModifications: Set<Int> = [31, 32, 33, 34, 41, 50]

    /// Departures by former code, in date order.
    public let departures: [String: [Departure]]

    public init(path: String) throws {
        var reader = try DelimitedRowReader(path: path, delimiter: ",")
        let c = try reader.header().columns(["MOD", "DATE_EFF", "TYPECOM_AV", "COM_AV", "TYPECOM_AP", "COM_AP"])
        var departures: [String: [Departure]] = [:]
        while let row = try reader.next() {
            guard let modification = Int(row[c[0]]), COGMovements.departureModifications.contains(modification),
                  row[c[2]] == "COM", row[c[4]] == "COM", row[c[3]] != row[c[5]] else { continue }
            departures[row[c[3]], default: []].append(Departure(modification: modification, date: row[c[1]], to: row[c[5]]))
        }
        self.departures = departures.mapValues { $0.sorted { $0.date < $1.date } }
    }

    public init(departures: [String: [Departure]]) {
        self.departures = departures.mapValues { $0.sorted { $0.date < $1.date } }
    }

    /// The current commune that holds the territory of `code`, following merges and code changes across
    /// the years; nil when the chain does not end on a current commune.
    ///
    /// The code was a commune when its data was published, so its chain starts at its *last* departure
    /// (a commune merged, restored and merged again left for good the last time); each later step is the
    /// first departure of the receiving commune after that date.
    public func currentCode(of code: String, isCurrent: (String) -> Bool) -> String? {
        if isCurrent(code) { return code }
        guard var step = departures[code]?.last else { return nil }
        var visited: Set<String> = [code]
        while !isCurrent(step.to) {
            guard visited.insert(step.to).inserted,
                  let next = departures[step.to]?.first(where: { $0.date >= step.date }) else { return nil }
            step = next
        }
        return step.to
    }
}
