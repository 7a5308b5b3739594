import Foundation
import OpenData
import Territory

/// The day roster entries' ages are counted from and the two ages, as the CLI's and `serve`'s options give them
/// (`--as-of`, `--stale-after`, `--exclude-after`): the current day unless one is fixed, to reproduce an answer.
public struct RosterClock: Sendable {
    public static let staleMonths = Bounded("stale-after", 1...120)
    public static let excludeMonths = Bounded("exclude-after", 1...240)

    public let age: RosterAge
    /// `AAAA-MM-JJ`; nil: the current day (UTC) at each question.
    public let fixedDay: String?

    /// The ages in months, checked (`exclude-after` no shorter than `stale-after`); `asOf` `AAAA-MM-JJ` or `JJ/MM/AAAA`.
    public init(staleMonths: Int = RosterAge.standard.staleMonths, excludeMonths: Int = RosterAge.standard.excludeMonths,
                asOf: String? = nil) throws {
        let stale = try Self.staleMonths.check(staleMonths), excluded = try Self.excludeMonths.check(excludeMonths)
        guard excluded >= stale else {
            throw UseCaseError.outOfRange(parameter: "exclude-after", allowed: "au moins --stale-after (\(stale) mois)")
        }
        age = RosterAge(staleMonths: stale, excludeMonths: excluded)
        fixedDay = try asOf.map { text in
            guard let day = CalendarDate.iso(text) else {
                throw UseCaseError.invalid(parameter: "as-of", reason: "'\(text)' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA")
            }
            return day
        }
    }

    /// The standard ages on the current day.
    public static let standard = try! RosterClock()

    /// The freshness of the moment.
    public func now() -> RosterFreshness {
        fixedDay.flatMap { RosterFreshness(today: $0, age: age) } ?? .asOfToday(age)
    }
}
