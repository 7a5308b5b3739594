/// The ACI size category of a CPTS (taille 1 to 4) and its fixed operating funding.
///
/// ```swift
/// SizeCategory(population: 80_000)   // .three
/// SizeCategory.three.fundingEuros     // 75_000
/// ```
public enum SizeCategory: Int, Sendable, CaseIterable {
    /// Under 40 000 inhabitants.
    case one = 1
    /// 40 000 to 79 999.
    case two = 2
    /// 80 000 to 175 000 (both included).
    case three = 3
    /// Over 175 000.
    case four = 4

    public init(population: Int) {
        switch population {
        case ..<40_000: self = .one
        case ..<80_000: self = .two
        case ...175_000: self = .three
        default: self = .four
        }
    }

    /// Fixed ACI operating funding, euros per year.
    public var fundingEuros: Int {
        switch self {
        case .one: return 50_000
        case .two: return 60_000
        case .three: return 75_000
        case .four: return 90_000
        }
    }
}
