import Foundation

/// Days as the files and the store write them, `AAAA-MM-JJ`, counted on the Gregorian calendar in UTC (as the audit's
/// timestamps): the months back of a roster's freshness and of the patient-data purge.
public enum CalendarDay {
    /// `day` less `months` calendar months, clamped to the month's last day (2026-08-31 less 6 months is 2026-02-28);
    /// nil when `day` is not a real day `AAAA-MM-JJ`.
    public static func day(_ day: String, lessMonths months: Int) -> String? {
        guard let date = date(day), let earlier = calendar.date(byAdding: .month, value: -months, to: date) else { return nil }
        return of(earlier)
    }

    /// Whole calendar months from one day to another (negative backwards); nil when either is not a day.
    public static func months(from: String, to: String) -> Int? {
        guard let from = date(from), let to = date(to) else { return nil }
        return calendar.dateComponents([.month], from: from, to: to).month
    }

    /// Whole days from one day to another (negative backwards); nil when either is not a day.
    public static func days(from: String, to: String) -> Int? {
        guard let from = date(from), let to = date(to) else { return nil }
        return calendar.dateComponents([.day], from: from, to: to).day
    }

    /// The month after `AAAA-MM`.
    public static func month(after month: String) -> String {
        let (year, number) = (Int(month.prefix(4)) ?? 0, Int(month.suffix(2)) ?? 0)
        return number >= 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, number + 1)
    }

    /// The last day of the month `AAAA-MM`.
    public static func lastDay(ofMonth month: String) -> String {
        let first = date(self.month(after: month) + "-01")!
        return of(calendar.date(byAdding: .day, value: -1, to: first)!)
    }

    /// The day of an instant.
    public static func of(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Midnight UTC of a real day `AAAA-MM-JJ` (2026-02-30 is refused, not rolled over).
    static func date(_ day: String) -> Date? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false)
        guard day.utf8.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              let date = calendar.date(from: DateComponents(year: y, month: m, day: d)),
              calendar.component(.day, from: date) == d, calendar.component(.month, from: date) == m else { return nil }
        return date
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
