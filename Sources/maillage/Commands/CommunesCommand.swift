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
            guard let commune = try await store.openStore().commune(code: code) else {
                throw ValidationError("no commune with code '\(code)' in \(store.shownLocation)")
            }
            Terminal.printJSON(CommuneJSON.members(commune))
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts of the commune layer as JSON.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let stats = try await store.openStore().communeStats()
            Terminal.printJSON([("communes", .int(stats.communes)), ("population_total", .int(stats.populationTotal)),
                                ("communes_without_geometry", .int(stats.communesWithoutGeometry))])
        }
    }
}

enum CommuneJSON {
    static func members(_ c: Commune) -> [(String, JSONValue)] {
        [("code", .string(c.code)), ("name", .string(c.name)), ("departement", .string(c.departement)),
         ("region", .string(c.region)), ("epci", c.epci.map { .string($0) } ?? .null), ("population", .int(c.population)),
         ("area_km2", .rounded(c.areaKm2)),
         ("representative_point", c.representativePoint.map { .object(["lon": .rounded($0.longitude, 6), "lat": .rounded($0.latitude, 6)]) } ?? .null)]
    }
}
