import ArgumentParser
import GeometryKit
import Territory

extension CoverageLevel: ExpressibleByArgument {}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Population and communes covered by at least one CPTS, by CPTS, département, région or nation."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "cpts, departement, region or nation.") var by: CoverageLevel = .nation
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() throws {
        try require(format, in: [.json, .csv])
        let analysis = try analysis.loadAnalysis()
        let rows: [[(String, JSONValue)]]
        if by == .cpts {
            // Per CPTS: the full report (population, size category, area…) and whether its status covers.
            rows = try analysis.reports().map { report in
                TerritoryJSON.members(report) + [("counts_as_covering", .bool(analysis.coveringStatuses.contains(report.perimeter.status)))]
            }
        } else {
            rows = analysis.coverage(by).map { TerritoryJSON.members($0, level: by) }
        }
        if by == .nation && format == .json {
            Terminal.printJSON(rows[0])
        } else {
            Terminal.printRows(rows, csv: format == .csv)
        }
    }
}
