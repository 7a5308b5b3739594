/// Draws indices with probability proportional to integer weights (communes by population, say): cumulative sums
/// and a binary search, so a draw costs log(n). With `SeededRandom`, the same seed gives the same draws everywhere.
///
/// ```swift
/// let byPopulation = WeightedDraw(weights: communes.map { $0.population ?? 0 })
/// var random = SeededRandom(seed: 42)
/// let commune = communes[byPopulation.draw(using: &random)]
/// ```
public struct WeightedDraw: Sendable {
    private let cumulative: [Int]
    /// The sum of the weights.
    public var total: Int { cumulative.last ?? 0 }

    public init(weights: [Int]) {
        var sum = 0
        cumulative = weights.map { sum += $0; return sum }
    }

    /// The index whose share of [0, total) holds `ticket`: the first index whose cumulative weight exceeds it.
    public func index(ofTicket ticket: Int) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > ticket { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// A random index, weighted; the weights must not all be 0.
    public func draw(using random: inout SeededRandom) -> Int {
        index(ofTicket: Int.random(in: 0..<total, using: &random))
    }
}
