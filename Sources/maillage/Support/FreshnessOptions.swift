import ArgumentParser
import Territory
import UseCases

/// How old a roster entry may be (`RosterClock`): the same options for every command that reads the roster, and `serve`.
struct FreshnessOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Months after which a roster entry not updated (mis_a_jour_le) is stale: shown as such, listed by `roster stale`.")
    var staleAfter = RosterAge.standard.staleMonths
    @Option(parsing: .unconditional, help: "Months after which a roster entry not updated is left out of nearest and match (counted in the answer).")
    var excludeAfter = RosterAge.standard.excludeMonths
    @Option(help: "The day ages are counted from, AAAA-MM-JJ (default: today, UTC): to reproduce an earlier answer.")
    var asOf: String?

    func validate() throws { _ = try clock() }

    func clock() throws -> RosterClock {
        do { return try RosterClock(staleMonths: staleAfter, excludeMonths: excludeAfter, asOf: asOf) }
        catch let error as UseCaseError { throw ValidationError(error.naming { "--\($0)" }.description) }
    }
}
