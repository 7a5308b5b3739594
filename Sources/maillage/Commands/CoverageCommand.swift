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
        let question = Coverage(level: by, coveringStatuses: try analysis.coveringStatuses())
        let answer = try await analysis.answering { try await question.answer(from: $0) }
        if format.isCSV { try Terminal.printRows(answer.rows, format: format.table) } else { try Terminal.printAnswer(answer) }
    }
}

struct CPTSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpts",
        abstract: "Every CPTS with its population, size category, funding, area, départements, contiguity and overlaps."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let question = CPTSList(coveringStatuses: try analysis.coveringStatuses())
        try Terminal.printRows(try await analysis.answering { try await question.answer(from: $0) }, format: format.table)
    }
}
