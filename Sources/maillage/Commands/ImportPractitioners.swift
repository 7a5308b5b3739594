import ArgumentParser
import GeometryKit
import OpenData
import UseCases

/// What every practitioner-side import prints: the issues on stderr (and how many more there were), the summary on stdout.
enum PractitionerImport {
    static func print<Summary: Encodable>(_ outcome: ImportOutcome<Summary>) throws {
        for issue in outcome.issues.kept { Terminal.report("  \(issue)") }
        if outcome.issues.unlisted > 0 {
            Terminal.report("  … et \(outcome.issues.unlisted) autres problèmes, non listés (seuls les \(outcome.issues.limit) premiers le sont)")
        }
        try Terminal.printAnswer(outcome.summary)
    }
}

struct ImportRPPS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rpps",
        abstract: "Import the Annuaire santé extract (PS_LibreAcces_Personne_activite), replacing the practitioners.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Pipe-separated RPPS extract.") var file: String

    func run() async throws {
        let outcome = try await store.reportingEmpty {
            try await ImportPractitionerActivities(.file(file)).run(store: try await store.openStore()) { Terminal.progress("\($0) activités écrites") }
        }
        Terminal.endProgress()
        try PractitionerImport.print(outcome)
    }
}

struct ImportFINESS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finess",
        abstract: "Import the etalab FINESS extract: officines (categetab 620) become pharmacies, replacing the previous ones.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "FINESS etalab CSV (UTF-8 or Latin-1).") var file: String

    func run() async throws {
        try PractitionerImport.print(try await store.reportingEmpty { try await ImportPharmacies(.file(file)).run(store: try await store.openStore()) })
    }
}

struct ImportVolunteers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "volunteers",
        abstract: "Import the coordinators' roster of volunteer GPs, replacing the previous one.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Roster CSV (rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le).") var file: String

    func run() async throws {
        try PractitionerImport.print(try await store.reportingEmpty { try await ImportVolunteerRoster(.file(file)).run(store: try await store.openStore()) })
    }
}

struct ImportPatients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patients",
        abstract: "Add the waiting list of patients without a médecin traitant (pseudonymous references, no names).",
        discussion: """
            Each request belongs to a CPTS, and is known by (CPTS, reference): with --cpts, the rows of that CPTS's communes \
            go to it and the others are rejected with their line; without it, each request goes to the one CPTS claiming its \
            commune, or to none ("") when no CPTS or several claim it (`without_cpts`): the coordinators of the service do not \
            see those, `maillage match` does.
            """)
    @OptionGroup var store: StoreOptions
    @Option(help: "The CPTS whose waiting list this is.") var cpts: String?
    @Argument(help: "CSV (reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le).") var file: String

    func run() async throws {
        try PractitionerImport.print(try await store.reportingEmpty {
            try await refusingAsUsage {
                try await ImportWaitingList(.file(file), cpts: cpts).run(store: try await store.openStore(), by: .commandLine)
            }
        })
    }
}
