/// The step weights of an enhanced two-step floating catchment area (E2SFCA): W(d) for a distance d in km, the
/// weight of the first step whose bound d does not exceed, 0 beyond the last step or the catchment radius.
///
/// ```swift
/// let weights = CatchmentWeights.standard          // 1 up to 10 km, 0.5 up to 20 km, 0.2 up to 30 km
/// weights.weight(km: 12)                           // 0.5
/// try CatchmentWeights(parsing: "10:1,20:0.68,30:0.22", radiusKm: 30)   // Luo & Qi's original weights
/// ```
public struct CatchmentWeights: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        /// The step covers distances up to this bound (km), included.
        public var upToKm: Double
        public var weight: Double

        public init(upToKm: Double, weight: Double) { self.upToKm = upToKm; self.weight = weight }
    }

    /// Steps by increasing bound, cut at the catchment radius.
    public let steps: [Step]
    /// Distances beyond this (km) are out of the catchment.
    public let radiusKm: Double

    public static let standard = try! CatchmentWeights(steps: [Step(upToKm: 10, weight: 1), Step(upToKm: 20, weight: 0.5), Step(upToKm: 30, weight: 0.2)],
                                                       radiusKm: 30)

    /// - Throws: `AccessibilityError` when a bound or weight is not a positive number, or bounds repeat.
    public init(steps: [Step], radiusKm: Double) throws {
        guard radiusKm > 0, radiusKm.isFinite else { throw AccessibilityError.badRadius(radiusKm) }
        guard !steps.isEmpty else { throw AccessibilityError.badWeights("no step") }
        for step in steps where !(step.upToKm > 0 && step.upToKm.isFinite && step.weight >= 0 && step.weight.isFinite) {
            throw AccessibilityError.badWeights("step \(step.upToKm):\(step.weight) needs a positive bound and a weight ≥ 0")
        }
        let sorted = steps.sorted { $0.upToKm < $1.upToKm }
        guard Set(sorted.map(\.upToKm)).count == sorted.count else { throw AccessibilityError.badWeights("a bound is given twice") }
        // A step reaching past the radius is cut there: the radius is the catchment.
        var cut = sorted.filter { $0.upToKm < radiusKm }
        if let reaching = sorted.first(where: { $0.upToKm >= radiusKm }) { cut.append(Step(upToKm: radiusKm, weight: reaching.weight)) }
        self.steps = cut
        self.radiusKm = radiusKm
    }

    /// `BOUND:WEIGHT,…` in km, e.g. `10:1,20:0.5,30:0.2` (the `--weights` option).
    public init(parsing text: String, radiusKm: Double) throws {
        let steps = try text.split(separator: ",").map { part -> Step in
            let pieces = part.split(separator: ":")
            guard pieces.count == 2, let bound = Double(pieces[0].trimmingCharacters(in: .whitespaces)),
                  let weight = Double(pieces[1].trimmingCharacters(in: .whitespaces)) else {
                throw AccessibilityError.badWeights("'\(part)' is not BOUND_KM:WEIGHT")
            }
            return Step(upToKm: bound, weight: weight)
        }
        try self.init(steps: steps, radiusKm: radiusKm)
    }

    /// The band of a distance: the index of its step, or `steps.count` beyond the catchment. Two distances in
    /// the same band have the same weight.
    public func band(km: Double) -> Int {
        steps.firstIndex { km <= $0.upToKm } ?? steps.count
    }

    public func weight(km: Double) -> Double {
        let band = band(km: km)
        return band < steps.count ? steps[band].weight : 0
    }

    /// The text form, `10:1,20:0.5,30:0.2`.
    public var description: String {
        steps.map { "\(TextNumber.short($0.upToKm)):\(TextNumber.short($0.weight))" }.joined(separator: ",")
    }
}

/// Why an accessibility computation cannot run.
public enum AccessibilityError: Error, Equatable, CustomStringConvertible {
    case badRadius(Double)
    case badWeights(String)

    public var description: String {
        switch self {
        case .badRadius(let radius): return "the catchment radius must be a positive number of km (got \(radius))"
        case .badWeights(let reason): return "bad catchment weights: \(reason) (expected e.g. 10:1,20:0.5,30:0.2)"
        }
    }
}

/// Numbers written back without a useless `.0` (`10`, `0.5`).
enum TextNumber {
    static func short(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
