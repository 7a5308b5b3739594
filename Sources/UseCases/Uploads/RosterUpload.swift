import GeometryKit
import OpenData
import Storage
import Territory

/// A coordinator's roster CSV (`POST /api/v1/roster`): replaces the roster rows its CPTS owns. The file is read once;
/// rows of GPs practising outside the CPTS's communes, or whose row another CPTS owns, are refused with their line;
/// rows the operator imported become the CPTS's. GPs of communes shared with another CPTS are written by whichever of
/// their coordinators uploads last, and never removed by being left out (`OrientationRules.checkRosterOwnership`).
/// Audited in the transaction of the change, with how many shared GPs it wrote.
public struct RosterUpload: Sendable {
    public let text: String
    public let scope: CPTSScope

    public init(text: String, scope: CPTSScope) { self.text = text; self.scope = scope }

    /// The name the issues give the file.
    public var file: String { "roster (\(scope.cpts))" }

    public func run(store: any MaillageStore, communes layer: CommuneLayer, by requester: Requester) async throws -> RosterUploadAnswer {
        let rows = try UploadError.reading { try VolunteerRoster.rows(.text(text, name: file), communes: layer) }
        // The practices of the rows' GPs, by RPPS number: not every practitioner of the store.
        let roster = try VolunteerRoster(rows, activities: try await store.practitionerActivities(rpps: rows.rppsNumbers))
        var filter = RowFilter(items: roster.volunteers, lines: roster.lines, issues: roster.issues, file: file)
        try filter.keepInside(scope, commune: \.communeCode)
        let outside = filter.rejected
        let owners = try await store.rosterOwners(rpps: filter.items.map(\.rpps))
        try filter.keep { volunteer in
            OrientationRules.rosterRowOwner(of: volunteer, for: scope.cpts, owners: owners, shared: scope.sharedCommunes)
                .map { StorageError.rosterRowOwned(rpps: volunteer.rpps, owner: $0).description }
        }
        let summary = ImportSummary(counts: roster.counts, issues: filter.issues)
        let shared = filter.items.filter { scope.sharedCommunes.contains($0.communeCode) }.count
        try await store.replaceRoster(ofCPTS: scope.cpts, filter.items, sharedCommunes: scope.sharedCommunes,
                                      importSummary: try ImportSummary(counts: roster.counts, issues: filter.issues, extra: [("cpts", scope.cpts)]).text,
                                      audit: requester.event(.rosterUpload, cpts: scope.cpts, patients: 0,
                                                             outcome: "\(filter.items.count) volunteers, \(shared) shared with other CPTS"))
        return RosterUploadAnswer(summary: summary, importedInCPTS: filter.items.count, rejectedOutsideCPTS: outside,
                                  rejectedOwnedByOtherCPTS: filter.rejected, issueList: filter.issues)
    }
}

public struct RosterUploadAnswer: Encodable, Sendable {
    public var summary: ImportSummary<VolunteerRoster.Counts>
    public var importedInCPTS: Int
    public var rejectedOutsideCPTS: Int
    public var rejectedOwnedByOtherCPTS: Int
    public var issueList: [ImportIssue]

    enum CodingKeys: String, CodingKey {
        case importedInCPTS = "imported_in_cpts", rejectedOutsideCPTS = "rejected_outside_cpts"
        case rejectedOwnedByOtherCPTS = "rejected_owned_by_other_cpts", issueList = "issue_list"
    }

    /// The summary's members, then the upload's own, in one object.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(importedInCPTS, forKey: .importedInCPTS)
        try c.encode(rejectedOutsideCPTS, forKey: .rejectedOutsideCPTS)
        try c.encode(rejectedOwnedByOtherCPTS, forKey: .rejectedOwnedByOtherCPTS)
        try c.encode(issueList, forKey: .issueList)
    }
}

/// A file that cannot be read at all (no such header, not text): the upload's 400.
enum UploadError {
    static func reading<T>(_ read: () throws -> T) throws -> T {
        do { return try read() } catch let error as ImportError { throw UseCaseError.invalidFile(error.description) }
    }
}
