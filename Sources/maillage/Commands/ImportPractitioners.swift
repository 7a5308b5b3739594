import ArgumentParser
import GeometryKit
import OpenData
import Storage
import Territory

/// Shared by the practitioner-side imports: the stored layer, and the report of what was read.
enum PractitionerImport {
    static func layer(_ store: any MaillageStore) throws -> CommuneLayer {
        do { return try store.requireCommuneLayer() } catch StorageError.empty(let message) { throw ValidationError(message) }
    }

    /// Prints the rejected rows on stderr and returns the counts as JSON members.
    static func summary(counts: Any, issues: [ImportIssue]) -> [(String, JSONValue)] {
        for issue in issues { Terminal.report("  \(issue)") }
        return ImportSummary.members(counts: counts, issues: issues)
    }
}

struct ImportRPPS: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rpps",
        abstract: "Import the Annuaire santé extract (PS_LibreAcces_Personne_activite), replacing the practitioners.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Pipe-separated RPPS extract.") var file: String

    func run() throws {
        let store = try store.openStore()
        let extract = try RPPSExtract(path: file, communes: try PractitionerImport.layer(store), formerCodes: try store.formerCommuneCodes())
        let summary = PractitionerImport.summary(counts: extract.counts, issues: extract.issues)
        try store.replacePractitionerActivities(extract.activities, importSummary: JSONWriter.string(object: summary))
        Terminal.printJSON(summary)
    }
}

struct ImportFINESS: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finess",
        abstract: "Import the etalab FINESS extract: officines (categetab 620) become pharmacies, replacing the previous ones.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "FINESS etalab CSV (UTF-8 or Latin-1).") var file: String

    func run() throws {
        let store = try store.openStore()
        let extract = try FINESSExtract(path: file, communes: try PractitionerImport.layer(store), formerCodes: try store.formerCommuneCodes())
        var summary = PractitionerImport.summary(counts: extract.counts, issues: extract.issues)
        summary += [("encoding", .string(extract.encoding.rawValue)), ("extract_date", .string(extract.extractDate))]
        try store.replacePharmacies(extract.pharmacies, importSummary: JSONWriter.string(object: summary))
        Terminal.printJSON(summary)
    }
}

struct ImportVolunteers: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "volunteers",
        abstract: "Import the coordinators' roster of volunteer GPs, replacing the previous one.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Roster CSV (rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le).") var file: String

    func run() throws {
        let store = try store.openStore()
        let roster = try VolunteerRoster(path: file, activities: try store.practitionerActivities(), communes: try PractitionerImport.layer(store))
        let summary = PractitionerImport.summary(counts: roster.counts, issues: roster.issues)
        try store.replaceVolunteers(roster.volunteers, importSummary: JSONWriter.string(object: summary))
        Terminal.printJSON(summary)
    }
}

struct ImportPatients: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patients",
        abstract: "Add the waiting list of patients without a médecin traitant (pseudonymous references, no names).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "CSV (reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le).") var file: String

    func run() throws {
        let store = try store.openStore()
        let requests = try PatientRequestFile(path: file, communes: try PractitionerImport.layer(store), formerCodes: try store.formerCommuneCodes())
        var summary = PractitionerImport.summary(counts: requests.counts, issues: requests.issues)
        let merge = try store.mergePatientRequests(requests.requests, importSummary: JSONWriter.string(object: summary))
        summary += [("inserted", .number(Double(merge.inserted))), ("updated", .number(Double(merge.updated))),
                    ("already_assigned_kept", .number(Double(merge.alreadyAssigned)))]
        Terminal.printJSON(summary)
    }
}
