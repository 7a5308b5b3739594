import ArgumentParser
import Storage
import Territory
import UseCases

/// `--status` and the loading of the layer and CPTS from the store, for every analysis command.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(help: "Statuses that count as covering, comma-separated (default: all): pre-projet,lettre-intention-validee,projet-sante-valide,aci-signe.")
    var status: String?

    func coveringStatuses() throws -> Set<CPTSStatus> {
        do { return try status.map(CPTSStatus.parseList) ?? Set(CPTSStatus.allCases) } catch { throw ValidationError("\(error)") }
    }

    /// The analysis over as much of the commune layer as the command needs (`.full`: every polygon).
    func loadAnalysis(communes scope: CommuneScope = .full) async throws -> TerritoryAnalysis {
        try await reportingEmpty { try await store.openStore().territoryAnalysis(coveringStatuses: try coveringStatuses(), communes: scope) }
    }

    /// The CPTS reports from the dissolves the store keeps for its import (dissolved and stored on a miss); without
    /// geometry, `analysis` may be read without polygons.
    func reports(of analysis: TerritoryAnalysis, withGeometry: Bool) async throws -> [CPTSReport] {
        try analysis.reports(dissolved: try await reportingEmpty { try await store.openStore().dissolvedPerimeters(withGeometry: withGeometry) })
    }

    /// The coverage figures at `level` (not `.cpts`) under `--status`, as the store keeps them (summed and stored on a miss).
    func storedCoverage(_ level: CoverageLevel) async throws -> [CoverageFigures] {
        let statuses = try coveringStatuses()
        return try await reportingEmpty { try await store.openStore().coverage(level, coveringStatuses: statuses) }
    }

    /// The overlapping CPTS pairs, as the store keeps them (found and stored on a miss).
    func storedOverlaps() async throws -> [CPTSOverlap] {
        try await reportingEmpty { try await store.openStore().overlaps() }
    }

    /// The store as the analysis use cases read it.
    func territory() async throws -> StoreTerritory { StoreTerritory(try await store.openStore()) }

    /// Runs a use case on the store: an empty store and the use case's refusals become usage errors.
    func answering<T>(_ body: (StoreTerritory) async throws -> T) async throws -> T {
        try await reportingEmpty { try await refusingAsUsage { try await body(try await territory()) } }
    }

    /// Runs a read of the store, an empty store becoming a usage error that names it.
    func reportingEmpty<T>(_ body: () async throws -> T) async throws -> T { try await store.reportingEmpty(body) }
}

/// Runs `body`, a use case's refusal (a parameter out of range, an unknown code) becoming a usage error.
func refusingAsUsage<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as UseCaseError {
        throw ValidationError(error.naming { "--" + $0.replacingOccurrences(of: "_", with: "-") }.description)
    }
}

/// `--format`: JSON by default; GeoJSON or CSV where the command offers them (`csv-excel` wherever `csv` is: `;`,
/// decimal comma, UTF-8 with a byte-order mark, CRLF, as a French Excel opens it).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, geojson, csv
    case csvExcel = "csv-excel"

    var isCSV: Bool { self == .csv || self == .csvExcel }
    /// How a table is printed in this format.
    var table: TableFormat { self == .csv ? .csv : self == .csvExcel ? .csvExcel : .json }
}

extension ParsableCommand {
    /// Refuses a format the command does not offer.
    func require(_ format: OutputFormat, in offered: [OutputFormat]) throws {
        let offered = offered.contains(.csv) ? offered + [.csvExcel] : offered
        guard offered.contains(format) else {
            throw ValidationError("--format \(format.rawValue) n'est pas proposé ici (utilisez \(offered.map(\.rawValue).joined(separator: " ou ")))")
        }
    }
}
