import ArgumentParser
import GeometryKit
import Territory

struct CommunesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "Look at the commune layer.",
        subcommands: [Show.self, Stats.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One commune as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "INSEE code, e.g. 59350.") var code: String

        func run() async throws {
            let store = try await store.openStore()
            guard let commune = try await store.commune(code: code) else {
                throw ValidationError("aucune commune de code '\(code)' dans \(self.store.shownLocation)")
            }
            let claiming = try await store.cpts(claimingAnyOf: [code]).filter { $0.communeCodes.contains(code) }.map(\.id).sorted()
            try Terminal.printAnswer(CommuneEntry(commune: commune, cpts: claiming))
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts of the commune layer as JSON.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try Terminal.printAnswer(try await store.openStore().communeStats())
        }
    }
}
