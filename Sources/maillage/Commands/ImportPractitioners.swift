import ArgumentParser
import GeometryKit
import OpenData
import Storage
import Territory
import UseCases

/// Shared by the practitioner-side imports: the stored communes as the importers look them up, and the report
/// of what was read.
///
/// Each import streams its file into the store's transaction a batch at a time: nothing of the file is kept
/// but the issues (the first `ImportIssueLog.defaultLimit`, every one counted).
enum PractitionerImport {
    /// The communes by code (with former codes); their polygons only when rows carry coordinates to place
    /// (`polygons`): RPPS activities sit at their commune's point, and 34 875 polygons take most of the memory.
    static func lookup(_ store: any MaillageStore, polygons: Bool) async throws -> CommuneLookup {
        do {
            return CommuneLookup(communes: try await store.requireCommuneLayer(polygons ? .full : .attributes), formerCodes: try await store.formerCommuneCodes())
        } catch StorageError.empty(let message) {
            throw ValidationError(message)
        }
    }

    /// Prints the issues kept on stderr, and how many more there were.
    static func printIssues(_ issues: ImportIssueLog) {
        for issue in issues.kept { Terminal.report("  \(issue)") }
        if issues.unlisted > 0 { Terminal.report("  … and \(issues.unlisted) more issues, not listed (the first \(issues.limit) are)") }
    }

    /// A sink that shows how many records went to the store (on a terminal).
    static func counting<Record>(_ noun: String, _ write: @escaping ([Record]) throws -> Void) -> ([Record]) throws -> Void {
        var written = 0
        return { batch in
            try write(batch)
            written += batch.count
            Terminal.progress("\(written) \(noun) written")
        }
    }
}

struct ImportRPPS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rpps",
        abstract: "Import the Annuaire santé extract (PS_LibreAcces_Personne_activite), replacing the practitioners.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Pipe-separated RPPS extract.") var file: String

    func run() async throws {
        let store = try await store.openStore()
        let lookup = try await PractitionerImport.lookup(store, polygons: false)
        let source = DelimitedSource.file(file)
        var summary: [(String, JSONValue)] = [], issues = ImportIssueLog()
        try await store.replacePractitionerActivities { write in
            // The extract is read and checked on one core while SQLite writes on the other.
            let report = try withoutActuallyEscaping(write) { write in
                try BatchPipeline.run(produce: { emit in try RPPSExtract.read(source, communes: lookup, into: emit) },
                                      consume: PractitionerImport.counting("activities", write))
            }
            (summary, issues) = (try ImportSummary.members(counts: report.counts, issues: report.issues), report.issues)
            return JSONWriter.string(object: summary)
        }
        Terminal.endProgress()
        PractitionerImport.printIssues(issues)
        Terminal.printJSON(summary)
    }
}

struct ImportFINESS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finess",
        abstract: "Import the etalab FINESS extract: officines (categetab 620) become pharmacies, replacing the previous ones.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "FINESS etalab CSV (UTF-8 or Latin-1).") var file: String

    func run() async throws {
        let store = try await store.openStore()
        let lookup = try await PractitionerImport.lookup(store, polygons: true)
        var summary: [(String, JSONValue)] = [], issues = ImportIssueLog()
        try await store.replacePharmacies { write in
            let report = try FINESSExtract.read(.file(file), communes: lookup, into: write)
            summary = try ImportSummary.members(counts: report.counts, issues: report.issues)
                + [("encoding", .string(report.encoding.rawValue)), ("extract_date", .string(report.extractDate))]
            issues = report.issues
            return JSONWriter.string(object: summary)
        }
        PractitionerImport.printIssues(issues)
        Terminal.printJSON(summary)
    }
}

struct ImportVolunteers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "volunteers",
        abstract: "Import the coordinators' roster of volunteer GPs, replacing the previous one.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Roster CSV (rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le).") var file: String

    func run() async throws {
        let store = try await store.openStore()
        let layer = try await PractitionerImport.lookup(store, polygons: true).communes
        // The practices of the roster's GPs, read by RPPS number before the transaction (the store is async, the
        // roster's read asks synchronously): the roster is read once to list them, never every practitioner.
        let source = DelimitedSource.file(file)
        let activities = VolunteerRoster.lookup(try await store.practitionerActivities(rpps: try VolunteerRoster.rppsNumbers(source, communes: layer)))
        var summary: [(String, JSONValue)] = [], issues = ImportIssueLog()
        try await store.replaceVolunteers { write in
            let report = try VolunteerRoster.read(source, activities: activities, communes: layer) {
                try write($0.map(\.volunteer))
            }
            (summary, issues) = (try ImportSummary.members(counts: report.counts, issues: report.issues), report.issues)
            return JSONWriter.string(object: summary)
        }
        PractitionerImport.printIssues(issues)
        Terminal.printJSON(summary)
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
        let store = try await store.openStore()
        let lookup = try await PractitionerImport.lookup(store, polygons: true)
        let owner = try PatientOwnership(cpts: cpts, analysis: TerritoryAnalysis(layer: lookup.communes, perimeters: try await store.allCPTS()))
        var summary: [(String, JSONValue)] = [], issues = ImportIssueLog()
        let merge = try await store.mergePatientRequests({ write in
            var report = try PatientRequestFile.read(.file(file), communes: lookup) { entries in
                try write(entries.compactMap { owner.assign($0, file: file) })
            }
            for issue in owner.rejected { report.issues.append(issue) }
            (summary, issues) = (try ImportSummary.members(counts: report.counts, issues: report.issues), report.issues)
            summary += [("rejected_outside_cpts", .number(Double(owner.rejected.count))), ("without_cpts", .number(Double(owner.withoutCPTS)))]
            return JSONWriter.string(object: summary)
        }, audit: { merge in
            AuditEvent(who: "cli", role: "operator", action: .waitingListUpload, cpts: cpts, patients: merge.inserted + merge.updated,
                       outcome: "\(merge.inserted) inserted, \(merge.updated) updated, \(merge.alreadyAssigned) already assigned")
        })
        summary += [("inserted", .number(Double(merge.inserted))), ("updated", .number(Double(merge.updated))),
                    ("already_assigned_kept", .number(Double(merge.alreadyAssigned)))]
        PractitionerImport.printIssues(issues)
        Terminal.printJSON(summary)
    }
}
