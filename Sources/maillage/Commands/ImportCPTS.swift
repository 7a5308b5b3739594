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
        let store = try await store.openStore()
        let layerCodes = Set(try await store.communeLayer(geometry: false).communes.map(\.code))
        guard !layerCodes.isEmpty else { throw ValidationError("no commune in the store: run `maillage import communes` first") }
        let perimeters = try CPTSPerimeterFile(path: file, isCurrentCommune: layerCodes.contains, formerCodes: try await store.formerCommuneCodes())
        for notice in perimeters.translations { Terminal.report("  translated: \(notice)") }
        for issue in perimeters.issues { Terminal.report("  rejected: \(issue)") }
        let summary: [(String, JSONValue)] = [
            ("cpts", .int(perimeters.perimeters.count)), ("rows_read", .int(perimeters.rowsRead)),
            ("rows_imported", .int(perimeters.rowsRead - perimeters.issues.count)), ("rows_rejected", .int(perimeters.issues.count)),
            ("codes_translated", .int(perimeters.translations.count)), ("unknown_codes", .array(perimeters.unknownCodes.map { .string($0) })),
        ]
        try await store.replaceCPTS(perimeters.perimeters, importSummary: JSONWriter.string(object: summary))
        try await store.refreshDerivedTerritory()   // the dissolves and white zones of the new perimeters, stored once
        Terminal.report("imported \(perimeters.perimeters.count) CPTS from \(perimeters.rowsRead) rows (\(perimeters.issues.count) rejected, \(perimeters.translations.count) codes translated)")
        Terminal.printJSON(summary)
    }
}
