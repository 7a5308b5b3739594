import ArgumentParser
import OpenData
import Territory
import UseCases

struct CheckPerimeterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-perimeter",
        abstract: "The ARS what-if: population, size category, overlaps, contiguity and white-zone gain of a proposed perimeter, not stored."
    )

    @OptionGroup var analysis: AnalysisOptions
    @Argument(help: "Proposed perimeter, same CSV layout as `import cpts`, one CPTS.") var file: String

    func run() async throws {
        let analysis = try await analysis.loadAnalysis()
        let store = try await self.analysis.store.openStore()
        let lookup = CommuneLookup(communes: analysis.layer, formerCodes: try await store.formerCommuneCodes())
        let proposal = try CPTSPerimeterFile(path: file, communes: lookup)
        for issue in proposal.translations + proposal.issues { Terminal.report("  \(issue)") }
        let check = try await refusingAsUsage { try CheckPerimeter(file: proposal, name: file) }
        try Terminal.printAnswer(try check.answer(analysis: analysis))
    }
}
