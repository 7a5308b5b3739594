import GeometryKit
import Territory

/// The CPTS file of patients looking for a médecin traitant, `;` separated:
/// `reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le`. No names.
///
/// A row is rejected (with line and reason) for an empty or duplicate reference, an unknown commune,
/// a priority other than ALD, plus-de-70-ans, C2S or aucune, a yes/no or date field that cannot be
/// read. Empty coordinates place the patient at the commune's point (`precision == .commune`);
/// coordinates that are not numbers, out of range or in no commune are reported and replaced the
/// same way; a position in another commune than `code_commune` is reported and kept.
///
/// `read(_:communes:into:)` streams the file to a sink in batches; `init` collects a small one.
///
/// ```swift
/// let file = try PatientRequestFile(path: "patients-sans-medecin-traitant.csv", communes: layer)
/// file.requests.sorted { ($0.priority, $0.registeredOn) < ($1.priority, $1.registeredOn) }
/// file.issues.map(\.description)   // ["patients.csv:14: P14 : priorité 'urgent' : attendu ALD, …"]
/// ```
public struct PatientRequestFile: Sendable {
    /// `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, Encodable, RowCounts {
        public var rowsRead = 0
        public var imported = 0
        public var rejected = 0
        /// Rejections by cause (each also counted in `rejected`).
        public var wrongFieldCount = 0
        public var missingReference = 0
        public var duplicateReference = 0
        public var unknownCommune = 0
        public var unknownPriority = 0
        public var invalidField = 0
        /// A commune without polygon and no usable coordinates in the row: no position at all.
        public var communeWithoutPosition = 0
        /// Imported requests placed at their commune's point, coordinates empty.
        public var atCommunePoint = 0
        /// Imported requests whose coordinates were unusable and replaced by the commune point (reported).
        public var coordinatesReplaced = 0
        /// Imported requests whose position lies in another commune than the declared one (kept, reported).
        public var positionOutsideCommune = 0

        public init() {}
    }

    public typealias Report = ImportReport<Counts>

    /// A request and the line it was read from.
    public struct Entry: Sendable {
        public var request: PatientRequest
        public var line: Int
        public init(request: PatientRequest, line: Int) { self.request = request; self.line = line }
    }

    public static let columns = ["reference", "code_commune", "latitude", "longitude", "priorite", "besoin_visite_domicile", "inscrit_le"]

    public let requests: [PatientRequest]
    /// The line each request was read from, aligned with `requests`.
    public let lines: [Int]
    public let report: Report
    public var counts: Counts { report.counts }
    public var issues: [ImportIssue] { report.issues.kept }

    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(.file(path), communes: CommuneLookup(communes: communes, formerCodes: formerCodes))
    }

    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(.text(text, name: file), communes: CommuneLookup(communes: communes, formerCodes: formerCodes))
    }

    public init(_ source: DelimitedSource, communes: CommuneLookup) throws {
        var entries: [Entry] = []
        report = try Self.read(source, communes: communes) { entries += $0 }
        requests = entries.map(\.request)
        lines = entries.map(\.line)
    }

    /// Streams the file to `sink`, `batchSize` requests at a time in file order; a reference is sent once (a
    /// later row with the same reference is rejected).
    public static func read(_ source: DelimitedSource, communes: CommuneLookup, batchSize: Int = 10_000,
                            issueLimit: Int = ImportIssueLog.defaultLimit, into sink: ([Entry]) throws -> Void) throws -> Report {
        var reader = try source.reader(delimiter: ";")
        var parser = try PatientRowParser(header: reader.header(), communes: communes)
        var report = Report(issues: ImportIssueLog(limit: issueLimit))
        try RecordBatches.run(size: batchSize, sink: sink) { emit in
            while let row = try reader.next() {
                if let request = parser.request(row, report: &report) { try emit(Entry(request: request, line: row.line)) }
            }
        }
        return report
    }
}
