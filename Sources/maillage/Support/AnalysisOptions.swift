import ArgumentParser
import Storage
import Territory

/// `--status` and the loading of the layer and CPTS from the store, for every analysis command.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(help: "Statuses that count as covering, comma-separated (default: all): pre-projet,lettre-intention-validee,projet-sante-valide,aci-signe.")
    var status: String?

    func coveringStatuses() throws -> Set<CPTSStatus> {
        do { return try status.map(CPTSStatus.parseList) ?? Set(CPTSStatus.allCases) } catch { throw ValidationError("\(error)") }
    }

    func loadAnalysis() throws -> TerritoryAnalysis {
        do {
            return try store.openStore().territoryAnalysis(coveringStatuses: try coveringStatuses())
        } catch StorageError.empty(let message) {
            throw ValidationError("\(store.resolvedPath): \(message)")
        }
    }
}

/// `--format`: JSON by default; GeoJSON or CSV where the command offers them.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, geojson, csv
}

extension ParsableCommand {
    /// Refuses a format the command does not offer.
    func require(_ format: OutputFormat, in offered: [OutputFormat]) throws {
        guard offered.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not offered here (use \(offered.map(\.rawValue).joined(separator: " or ")))")
        }
    }
}
