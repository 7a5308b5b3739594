import Territory

/// `OrientationIndicators`' answer: the period, the grouping, one row per CPTS, département or région.
public struct IndicatorsAnswer: Encodable, Sendable {
    public let from, to: String
    public let by: OrientationIndicators.Grouping
    public let rows: [IndicatorRow]

    enum CodingKeys: String, CodingKey { case from, to, by, rows }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(by.rawValue, forKey: .by)
        try c.encode(rows, forKey: .rows)
    }
}

/// One group's figures (JSON fields `registered, oriented, declined, waiting, purged, by_priority, by_profession,
/// distance_km_median, distance_km_p90, days_to_orientation_median`), and the same by month.
public struct IndicatorRow: Encodable, Sendable, CSVColumns {
    public static var csvColumns: [String] { columns(CodingKeys.self) }
    public let key: String
    public let name: String?
    public let figures: IndicatorFigures
    public let months: [Month]

    public struct Month: Encodable, Sendable {
        public let month: String
        public let figures: IndicatorFigures
        enum CodingKeys: String, CodingKey { case month, registered, oriented, declined, purged }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(month, forKey: .month)
            try c.encode(figures.registered, forKey: .registered)
            try c.encode(figures.oriented, forKey: .oriented)
            try c.encode(figures.declined, forKey: .declined)
            try c.encode(figures.purged, forKey: .purged)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, name, registered, oriented, declined, waiting, purged, byPriority = "by_priority", byProfession = "by_profession"
        case distanceKmMedian = "distance_km_median", distanceKmP90 = "distance_km_p90", daysToOrientationMedian = "days_to_orientation_median"
        case byMonth = "by_month"
    }

    struct Group: Encodable {
        let priorite: String?, profession: String?
        let counts: IndicatorFigures.Counts
        enum CodingKeys: String, CodingKey { case priorite, profession, registered, oriented, waiting }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(priorite, forKey: .priorite)
            try c.encodeIfPresent(profession, forKey: .profession)
            try c.encode(counts.registered, forKey: .registered)
            try c.encode(counts.oriented, forKey: .oriented)
            try c.encode(counts.waiting, forKey: .waiting)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let f = figures
        try c.encode(key, forKey: .key)
        try c.encode(name, forKey: .name)
        try c.encode(f.registered, forKey: .registered)
        try c.encode(f.oriented, forKey: .oriented)
        try c.encode(f.declined, forKey: .declined)
        try c.encode(f.waiting, forKey: .waiting)
        try c.encode(f.purged, forKey: .purged)
        try c.encode(PatientPriority.allCases.map { Group(priorite: $0.rawValue, profession: nil, counts: f.byPriority[$0] ?? .init()) }, forKey: .byPriority)
        let all = IndicatorFigures.Counts(registered: f.registered, oriented: f.oriented, waiting: f.waiting)
        try c.encode([Group(priorite: nil, profession: IndicatorFigures.profession, counts: all)], forKey: .byProfession)
        try c.encode(f.distanceKmMedian.map { Rounded.value($0) as Double }, forKey: .distanceKmMedian)
        try c.encode(f.distanceKmP90.map { Rounded.value($0) as Double }, forKey: .distanceKmP90)
        try c.encode(f.daysToOrientationMedian, forKey: .daysToOrientationMedian)
        try c.encode(months, forKey: .byMonth)
    }
}
