import Foundation

/// How recent a roster entry is on a given day. CPTS confirm their volunteer lists about every six months: an entry
/// not confirmed since (`mis_a_jour_le` before today less `staleMonths` calendar months) is `stale`, shown as such and
/// listed for a call back; older than `excludeMonths` months it is `excluded`, left out of nearest and match, since its
/// places are no longer believed.
///
/// A month back from the 31st lands on the month's last day (2026-08-31 less 6 months is 2026-02-28); an entry updated
/// exactly on the cut-off day is still fresh.
///
/// ```swift
/// let freshness = RosterFreshness(today: "2026-12-07", age: .standard)!
/// freshness.staleBefore          // "2026-06-07"
/// freshness.state(of: "2026-06-06")   // .stale
/// ```
public struct RosterFreshness: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case fresh, stale, excluded
    }

    /// The day the ages are counted from, `AAAA-MM-JJ`.
    public let today: String
    public let age: RosterAge
    /// Entries updated before this day are stale.
    public let staleBefore: String
    /// Entries updated before this day are left out of nearest and match.
    public let excludedBefore: String

    /// Nil when `today` is not a day `AAAA-MM-JJ`.
    public init?(today: String, age: RosterAge) {
        guard let stale = CalendarDay.day(today, lessMonths: age.staleMonths), let excluded = CalendarDay.day(today, lessMonths: age.excludeMonths) else {
            return nil
        }
        self.today = today; self.age = age; staleBefore = stale; excludedBefore = excluded
    }

    /// On the current day (UTC, as the audit's timestamps).
    public static func asOfToday(_ age: RosterAge, now: Date = Date()) -> RosterFreshness {
        RosterFreshness(today: CalendarDay.of(now), age: age)!
    }

    /// Dates compare as text: both are `AAAA-MM-JJ`.
    public func state(of updatedOn: String) -> State {
        updatedOn < excludedBefore ? .excluded : updatedOn < staleBefore ? .stale : .fresh
    }

    public func isStale(_ volunteer: Volunteer) -> Bool { state(of: volunteer.updatedOn) != .fresh }
    public func isExcluded(_ volunteer: Volunteer) -> Bool { volunteer.updatedOn < excludedBefore }

    /// Whole calendar months from `updatedOn` to today (0 for a day in the future or unreadable).
    public func monthsSince(_ updatedOn: String) -> Int { max(0, CalendarDay.months(from: updatedOn, to: today) ?? 0) }
}

/// The two ages of `RosterFreshness`, in months: stale after `staleMonths`, left out after `excludeMonths`.
public struct RosterAge: Sendable, Hashable {
    /// Six months as the CPTS update their lists; a year before an entry no longer counts.
    public static let standard = RosterAge(staleMonths: 6, excludeMonths: 12)

    public var staleMonths: Int
    public var excludeMonths: Int

    public init(staleMonths: Int, excludeMonths: Int) { self.staleMonths = staleMonths; self.excludeMonths = excludeMonths }
}
