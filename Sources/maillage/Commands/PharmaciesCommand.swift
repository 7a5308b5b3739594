import ArgumentParser
import GeometryKit
import Territory
import UseCases

struct PharmaciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pharmacies",
        abstract: "Pharmacies (FINESS officines) against the population quota.",
        subcommands: [PharmacyQuotaCommand.self]
    )
}

struct PharmacyQuotaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quota",
        abstract: "Licences allowed per commune (CSP L.5125-4) next to the officines FINESS places there.",
        discussion: """
        0 licence below 2 500 inhabitants, else 1 + ⌊(population − 2 500) / 4 500⌋ (3 500 in Moselle, Bas-Rhin,
        Haut-Rhin). difference = allowed − officines: openings possible when positive, officines above the quota when
        negative. The figures of the whole list go to stderr.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "Only the communes of this département (code).") var departement: String?
    @Option(help: "json or csv.") var format: OutputFormat = .json

    func run() async throws {
        try require(format, in: [.json, .csv])
        let answer = try await analysis.answering { try await PharmacyQuotaQuestion(departement: departement).answer(from: $0) }
        Terminal.report("quota des officines : " + (try JSONValueEncoder.string(answer.summary)))
        if format.isCSV { try Terminal.printRows(answer.communes, format: format.table) } else { try Terminal.printAnswer(answer) }
    }
}
