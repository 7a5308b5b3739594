import Storage
import Territory

/// The figures of one row or one month (`OrientationIndicators`): counts, by priority and profession, distances and delays.
public struct IndicatorFigures: Sendable, Equatable {
    public var registered = 0, oriented = 0, declined = 0, waiting = 0, purged = 0
    public var byPriority: [PatientPriority: Counts] = [:]
    public var distanceKmMedian: Double?
    public var distanceKmP90: Double?
    public var daysToOrientationMedian: Double?

    public struct Counts: Sendable, Equatable {
        public var registered: Int, oriented: Int, waiting: Int
        public init(registered: Int = 0, oriented: Int = 0, waiting: Int = 0) { self.registered = registered; self.oriented = oriented; self.waiting = waiting }
    }

    /// The orientation of every request is a médecin traitant's today: the waiting lists are of GPs only.
    public static let profession = "10-generaliste"

    init(_ requests: [HistoricRequest], declines: [RequestDecline], from: String, to: String) {
        /// A timestamp's day within the period (`to` included whole).
        func inPeriod(_ stamp: String?) -> Bool { stamp.map { $0 >= from && String($0.prefix(10)) <= to } ?? false }
        func byEnd(_ stamp: String?) -> Bool { stamp.map { String($0.prefix(10)) <= to } ?? false }
        var distances: [Double] = [], delays: [Double] = []
        for request in requests {
            var counts = byPriority[request.priority] ?? Counts()
            if request.registeredOn >= from && request.registeredOn <= to { registered += 1; counts.registered += 1 }
            if inPeriod(request.assignedAt) {
                oriented += 1; counts.oriented += 1
                if let km = request.distanceKm { distances.append(km) }
                if let days = CalendarDay.days(from: request.registeredOn, to: String(request.assignedAt!.prefix(10))) { delays.append(Double(days)) }
            }
            if inPeriod(request.purgedAt) { purged += 1 }
            if request.registeredOn <= to && !byEnd(request.assignedAt) && !byEnd(request.purgedAt) { waiting += 1; counts.waiting += 1 }
            byPriority[request.priority] = counts
        }
        declined = declines.filter { inPeriod($0.declinedAt) }.count
        distanceKmMedian = Self.median(distances)
        distanceKmP90 = Self.nearestRank(distances, 0.9)
        daysToOrientationMedian = Self.median(delays)
    }

    /// The middle value; the mean of the two middle ones for an even count; nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(), middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The smallest value with at least `fraction` of the values no larger (nearest rank); nil for none.
    static func nearestRank(_ values: [Double], _ fraction: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)]
    }
}
