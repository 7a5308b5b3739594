import ArgumentParser
import GeometryKit
import OpenData
import Territory
import UseCases

struct ImportCPTS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpts",
        abstract: "Import CPTS perimeters (cpts_id;cpts_nom;statut;code_commune;nom_commune), replacing the previous ones."
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "Perimeter CSV file.") var file: String

    func run() async throws {
        let (summary, perimeters) = try await store.reportingEmpty { try await ImportCPTSPerimeters(file: file).run(store: try await store.openStore()) }
        for notice in perimeters.translations { Terminal.report("  traduction : \(notice)") }
        for issue in perimeters.issues { Terminal.report("  rejet : \(issue)") }
        Terminal.report("\(summary.cpts) CPTS importées depuis \(summary.rowsRead) lignes (\(summary.rowsRejected) rejetées, \(summary.codesTranslated) codes traduits)")
        try Terminal.printAnswer(summary)
    }
}
