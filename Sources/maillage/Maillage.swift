import ArgumentParser
import MaillageServer

/// `maillage`: the command line of Maillage. Thin: it parses, calls the modules, prints.
@main
struct Maillage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage",
        abstract: "Geospatial matching and cartography for the French CPTS.",
        subcommands: [ImportCommand.self, CommunesCommand.self, CPTSCommand.self, CoverageCommand.self, OverlapsCommand.self, WhiteZonesCommand.self,
                      CheckPerimeterCommand.self, DiagnosticCommand.self, ExportCommand.self, NearestCommand.self, RequestsNearCommand.self,
                      MatchCommand.self, AccessibilityCommand.self, PharmaciesCommand.self, TilesCommand.self, MapCommand.self, ServeCommand.self,
                      AuditCommand.self, PurgeCommand.self, TokenCommand.self, WaitingListCommand.self, AssignmentsCommand.self, RosterCommand.self,
                      IndicatorsCommand.self]
    )

    static func main() async {
        // Before any task exists (this line runs on the main thread): the service answers on NIO's threads.
        let words = CommandLine.arguments.dropFirst().prefix { !$0.hasPrefix("-") }.prefix(2)
        if words.first == "serve" {
            MaillageService.runTasksOnEventLoops()
        } else {
            ElapsedProgress.shared.start(label: (["maillage"] + words).joined(separator: " "))
        }
        await main(nil)
        ElapsedProgress.shared.stop()
    }
}
