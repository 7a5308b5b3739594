import ArgumentParser

/// `maillage`: the command line of Maillage. Thin: it parses, calls the modules, prints.
@main
struct Maillage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage",
        abstract: "Geospatial matching and cartography for the French CPTS.",
        subcommands: [ImportCommand.self, CommunesCommand.self, CoverageCommand.self, OverlapsCommand.self, WhiteZonesCommand.self,
                      CheckPerimeterCommand.self, ExportCommand.self, NearestCommand.self, RequestsNearCommand.self,
                      MatchCommand.self, ServeCommand.self]
    )
}
