import ArgumentParser
import OpenData
import Territory

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
        let proposal = try CPTSPerimeterFile(path: file, isCurrentCommune: analysis.layer.contains(code:), formerCodes: try await store.formerCommuneCodes())
        guard proposal.perimeters.count == 1, let perimeter = proposal.perimeters.first else {
            throw ValidationError("\(file): expected exactly one CPTS, found \(proposal.perimeters.map(\.id))")
        }
        for issue in proposal.translations + proposal.issues { Terminal.report("  \(issue)") }
        let check = try analysis.check(perimeter)
        try Terminal.printAnswer(PerimeterCheckAnswer(check: check, unknownCodes: proposal.unknownCodes, translatedCodes: proposal.translatedCodes))
    }
}
