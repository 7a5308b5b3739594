import GeometryKit
import OpenData
import Storage
import Territory

/// A coordinator's waiting-list CSV (`POST /api/v1/waiting-list`): adds or updates the requests of its CPTS, known by
/// (CPTS, reference); rows of patients living outside its communes are refused with their line. Audited in the
/// transaction of the merge.
public struct WaitingListUpload: Sendable {
    public let text: String
    public let scope: CPTSScope

    public init(text: String, scope: CPTSScope) { self.text = text; self.scope = scope }

    public var file: String { "waiting list (\(scope.cpts))" }

    public func run(store: any MaillageStore, communes lookup: CommuneLookup, by requester: Requester) async throws -> WaitingListUploadAnswer {
        let list = try UploadError.reading { try PatientRequestFile(.text(text, name: file), communes: lookup) }
        var filter = RowFilter(items: list.requests, lines: list.lines, issues: list.issues, file: file)
        try filter.keepInside(scope, commune: \.communeCode)
        let requests = filter.items.map { request -> PatientRequest in
            var request = request
            request.cpts = scope.cpts
            return request
        }
        let summary = ImportSummary(counts: list.counts, issues: filter.issues)
        let merge = try await store.mergePatientRequests(requests, importSummary: try ImportSummary(
            counts: list.counts, issues: filter.issues, extra: [("cpts", scope.cpts)]).text) { merge in
            requester.event(.waitingListUpload, cpts: scope.cpts, patients: requests.count, outcome: merge.outcome)
        }
        return WaitingListUploadAnswer(summary: summary, merge: merge, rejectedOutsideCPTS: filter.rejected, issueList: filter.issues)
    }
}

extension PatientMerge {
    /// The audit trail's outcome of a merge.
    public var outcome: String { "\(inserted) inserted, \(updated) updated, \(alreadyAssigned) already assigned" }
}

public struct WaitingListUploadAnswer: Encodable, Sendable {
    public var summary: ImportSummary<PatientRequestFile.Counts>
    public var merge: PatientMerge
    public var rejectedOutsideCPTS: Int
    public var issueList: [ImportIssue]

    enum CodingKeys: String, CodingKey {
        case inserted, updated, alreadyAssignedKept = "already_assigned_kept", rejectedOutsideCPTS = "rejected_outside_cpts"
        case issueList = "issue_list"
    }

    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(merge.inserted, forKey: .inserted)
        try c.encode(merge.updated, forKey: .updated)
        try c.encode(merge.alreadyAssigned, forKey: .alreadyAssignedKept)
        try c.encode(rejectedOutsideCPTS, forKey: .rejectedOutsideCPTS)
        try c.encode(issueList, forKey: .issueList)
    }
}
