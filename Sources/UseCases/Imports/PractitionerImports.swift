import GeometryKit
import OpenData
import Storage
import Territory

/// `maillage import rpps`: the Annuaire santé extract replaces the practitioners' activities. The file streams into
/// the store's transaction a batch at a time, read and checked on one core while the store writes on the other:
/// nothing of it is kept but the issues.
public struct ImportPractitionerActivities: Sendable {
    public let source: DelimitedSource
    public init(_ source: DelimitedSource) { self.source = source }

    public func run(store: any MaillageStore, progress: @escaping ImportProgress = { _ in }) async throws
        -> ImportOutcome<ImportSummary<RPPSExtract.Counts>> {
        let lookup = try await CommuneLookup.stored(in: store, polygons: false)
        let source = self.source
        var report: RPPSExtract.Report?
        try await store.replacePractitionerActivities { write in
            let read = try withoutActuallyEscaping(write) { write in
                try BatchPipeline.run(produce: { emit in try RPPSExtract.read(source, communes: lookup, into: emit) },
                                      consume: counting(progress, write))
            }
            report = read
            return try ImportSummary(counts: read.counts, issues: read.issues).text
        }
        let read = report!   // the store ran `produce` or threw
        return ImportOutcome(summary: ImportSummary(counts: read.counts, issues: read.issues), issues: read.issues)
    }
}

/// `maillage import finess`: the officines (category 620) of the etalab FINESS extract replace the pharmacies, then the
/// establishments a diagnostic counts (`FacilityKind`) replace the health facilities, in a second transaction.
public struct ImportPharmacies: Sendable {
    public let source: DelimitedSource
    public init(_ source: DelimitedSource) { self.source = source }

    public func run(store: any MaillageStore) async throws -> ImportOutcome<ImportSummary<FINESSExtract.Counts>> {
        let lookup = try await CommuneLookup.stored(in: store, polygons: true)
        let source = self.source
        var summary: ImportSummary<FINESSExtract.Counts>?, issues = ImportIssueLog(), facilities: [HealthFacility] = []
        try await store.replacePharmacies { write in
            let report = try FINESSExtract.read(source, communes: lookup, into: write)
            let read = ImportSummary(counts: report.counts, issues: report.issues,
                                     extra: [("encoding", report.encoding.rawValue), ("extract_date", report.extractDate)])
            (summary, issues, facilities) = (read, report.issues, report.facilities)
            return try read.text
        }
        try await store.replaceHealthFacilities(facilities)
        return ImportOutcome(summary: summary!, issues: issues)
    }
}

/// `maillage import volunteers`: the operator's roster of volunteer GPs replaces the roster. The file is read once, its
/// GPs' activities asked of the store by RPPS number (never every practitioner), then joined to the rows in the
/// store's transaction.
public struct ImportVolunteerRoster: Sendable {
    public let source: DelimitedSource
    public init(_ source: DelimitedSource) { self.source = source }

    public func run(store: any MaillageStore) async throws -> ImportOutcome<ImportSummary<VolunteerRoster.Counts>> {
        let layer = try await CommuneLookup.stored(in: store, polygons: true).communes
        let rows = try VolunteerRoster.rows(source, communes: layer)
        let activities = try await store.practitionerActivities(rpps: rows.rppsNumbers)
        var report: VolunteerRoster.Report?
        try await store.replaceVolunteers { write in
            let read = try VolunteerRoster.read(rows, activities: activities) { try write($0.map(\.volunteer)) }
            report = read
            return try ImportSummary(counts: read.counts, issues: read.issues).text
        }
        let read = report!
        return ImportOutcome(summary: ImportSummary(counts: read.counts, issues: read.issues), issues: read.issues)
    }
}

/// `maillage import patients`: adds the waiting list of patients without a médecin traitant (pseudonymous references,
/// no names). With a CPTS, the rows of its communes go to it and the others are rejected with their line; without,
/// each request goes to the one CPTS claiming its commune, or to none. Audited in the merge's transaction.
public struct ImportWaitingList: Sendable {
    public let source: DelimitedSource
    public let cpts: String?
    public init(_ source: DelimitedSource, cpts: String?) { self.source = source; self.cpts = cpts }

    public func run(store: any MaillageStore, by requester: Requester) async throws -> ImportOutcome<WaitingListImportSummary> {
        let lookup = try await CommuneLookup.stored(in: store, polygons: true)
        let analysis = TerritoryAnalysis(layer: lookup.communes, perimeters: try await store.allCPTS())
        if let cpts { _ = try CPTSScope(cpts: cpts, in: analysis) }
        let owner = try PatientOwnership(cpts: cpts, analysis: analysis)
        let (source, cpts, file) = (self.source, self.cpts, self.source.name)
        var summary: ImportSummary<PatientRequestFile.Counts>?, issues = ImportIssueLog()
        let merge = try await store.mergePatientRequests({ write in
            var report = try PatientRequestFile.read(source, communes: lookup) { entries in
                try write(entries.compactMap { owner.assign($0, file: file) })
            }
            for issue in owner.rejected { report.issues.append(issue) }
            let read = ImportSummary(counts: report.counts, issues: report.issues)
            (summary, issues) = (read, report.issues)
            return try WaitingListImportSummary(read: read, rejectedOutsideCPTS: owner.rejected.count, withoutCPTS: owner.withoutCPTS).text
        }, audit: { merge in
            requester.event(.waitingListUpload, cpts: cpts, patients: merge.inserted + merge.updated, outcome: merge.outcome)
        })
        return ImportOutcome(summary: WaitingListImportSummary(read: summary!, rejectedOutsideCPTS: owner.rejected.count,
                                                               withoutCPTS: owner.withoutCPTS, merge: merge), issues: issues)
    }
}

/// An operator's waiting-list import: what was read, which CPTS the requests went to, what the merge did.
public struct WaitingListImportSummary: Encodable, Sendable {
    public var read: ImportSummary<PatientRequestFile.Counts>
    public var rejectedOutsideCPTS: Int
    public var withoutCPTS: Int
    /// Nil in the store's import log, written inside the merge.
    public var merge: PatientMerge?

    enum CodingKeys: String, CodingKey {
        case rejectedOutsideCPTS = "rejected_outside_cpts", withoutCPTS = "without_cpts", inserted, updated
        case alreadyAssignedKept = "already_assigned_kept"
    }

    public func encode(to encoder: any Encoder) throws {
        try read.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rejectedOutsideCPTS, forKey: .rejectedOutsideCPTS)
        try c.encode(withoutCPTS, forKey: .withoutCPTS)
        if let merge {
            try c.encode(merge.inserted, forKey: .inserted)
            try c.encode(merge.updated, forKey: .updated)
            try c.encode(merge.alreadyAssigned, forKey: .alreadyAssignedKept)
        }
    }

    var text: String { get throws { try JSONValueEncoder.string(self) } }
}
