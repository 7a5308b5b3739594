import ArgumentParser
import Cartography
import Foundation
import OpenData
import Territory
import UseCases

struct DiagnosticCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnostic",
        abstract: "The territorial diagnostic of a CPTS or of a proposed perimeter: every profession, accessibility, officines, flags, neighbours.",
        discussion: """
        Practitioners: distinct RPPS numbers with at least one activity in the perimeter's communes, per 10 000
        inhabitants, beside the same density over its département(s), région(s) and the nation; GPs (profession 10,
        SM54/SM53/SM26) as 10-generaliste apart from other doctors (10). Flags: population-under-15000, epci-split,
        enclosed-white-zone, several-parts, overlap, isolated-commune. `--format csv` prints the professions' table.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "A CPTS of the store.") var cpts: String?
    @Flag(help: "With --cpts: its perimeter with the communes `white-zones proposals` gives it.") var proposed = false
    @Argument(help: "Or a proposed perimeter, same CSV layout as `import cpts`, one CPTS.") var file: String?
    @Option(help: "json or csv.") var format: OutputFormat = .json
    @Option(help: "Also print it on one A4 page in French, to this PDF file.") var out: String?

    func validate() throws {
        guard (cpts == nil) != (file == nil) else { throw ValidationError("donnez soit --cpts ID, soit un fichier de périmètre") }
        if proposed, cpts == nil { throw ValidationError("--proposed s'applique à une CPTS de la base (--cpts ID)") }
        if let out, !out.lowercased().hasSuffix(".pdf") { throw ValidationError("--out \(out) : un fichier .pdf attendu") }
    }

    func run() async throws {
        try require(format, in: [.json, .csv])
        let question: Diagnostic
        if let cpts {
            question = try await refusingAsUsage { try Diagnostic(cpts: cpts, proposed: proposed) }
        } else {
            let store = try await analysis.store.openStore()
            let layer = try await analysis.reportingEmpty { try await store.requireCommuneLayer(.attributes) }
            let proposal = try CPTSPerimeterFile(path: file!, communes: CommuneLookup(communes: layer, formerCodes: try await store.formerCommuneCodes()))
            for issue in proposal.translations + proposal.issues { Terminal.report("  \(issue)") }
            question = Diagnostic(proposal: try await refusingAsUsage { try CheckPerimeter(file: proposal, name: file!) })
        }
        let answer = try await analysis.answering { try await question.answer(from: $0) }
        Terminal.printText(try question.text(of: answer, format: format.table))
        if let out {
            // The map is drawn from the communes' polygons.
            let store = try await analysis.store.openStore()
            let analysis = try await self.analysis.reportingEmpty { try await store.territoryAnalysis(communes: .full) }
            let pdf = try question.pdf(of: answer, analysis: analysis, date: ReportMap.today())
            do { try Data(pdf).write(to: URL(fileURLWithPath: out)) } catch { throw ValidationError("--out \(out) : \(error.localizedDescription)") }
            Terminal.report("diagnostic imprimé dans \(out) (\(pdf.count / 1024) Ko)")
        }
    }
}
