import ArgumentParser
import GeometryKit
import Territory
import UseCases

extension CoverageLevel: ExpressibleByArgument {}

struct CoverageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Population and communes covered by at least one CPTS, by CPTS, département, région or nation."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "cpts, departement, region or nation.") var by: CoverageLevel = .nation
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let rows: [[(String, JSONValue)]]
        if by == .cpts {
            // Per CPTS: the full report (population, size category, area…) from the attributes and the dissolves the
            // store keeps per import, and whether its status covers.
            let loaded = try await self.analysis.loadAnalysis(communes: .attributes)
            rows = try await self.analysis.reports(of: loaded, withGeometry: false).map { report in
                TerritoryJSON.members(report) + [("counts_as_covering", .bool(loaded.coveringStatuses.contains(report.perimeter.status)))]
            }
        } else {
            // Sums over the communes, kept by the store per import and status set.
            rows = try await self.analysis.storedCoverage(by).map { TerritoryJSON.members($0, level: by) }
        }
        if by == .nation && format == .json {
            Terminal.printJSON(rows[0])
        } else {
            Terminal.printRows(rows, csv: format == .csv)
        }
    }
}
