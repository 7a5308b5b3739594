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
/// ```swift
/// let file = try PatientRequestFile(path: "patients-sans-medecin-traitant.csv", communes: layer)
/// file.requests.sorted { ($0.priority, $0.registeredOn) < ($1.priority, $1.registeredOn) }
/// file.issues.map(\.description)   // ["patients.csv:14: priority 'urgent' is not one of ALD, …"]
/// ```
public struct PatientRequestFile: Sendable {
    /// `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, RowCounts {
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

    public static let columns = ["reference", "code_commune", "latitude", "longitude", "priorite", "besoin_visite_domicile", "inscrit_le"]

    public let requests: [PatientRequest]
    /// The line each request was read from, aligned with `requests`.
    public let lines: [Int]
    public let issues: [ImportIssue]
    public let counts: Counts

    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(table: DelimitedText(path: path, delimiter: ";"), communes: communes, formerCodes: formerCodes)
    }

    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(table: DelimitedText(text: text, file: file, delimiter: ";"), communes: communes, formerCodes: formerCodes)
    }

    init(table: DelimitedText, communes: CommuneLayer, formerCodes: [String: String]) throws {
        let c = try table.columns(Self.columns)
        let file = table.file
        let lookup = CommuneLookup(communes: communes, formerCodes: formerCodes)
        var issues: [ImportIssue] = []
        var counts = Counts()
        var requests: [PatientRequest] = []
        var lines: [Int] = []
        var lineOfReference: [String: Int] = [:]

        for row in table.rows {
            guard RowLedger.admit(row, headerCount: table.header.count, file: file, issues: &issues, counts: &counts) else { continue }
            func reject(_ reason: String, _ cause: WritableKeyPath<Counts, Int>) {
                RowLedger.reject(row, reason, cause, file: file, issues: &issues, counts: &counts)
            }
            let reference = row[c[0]]
            guard !reference.isEmpty else { reject("no reference", \.missingReference); continue }
            if let first = lineOfReference[reference] {
                reject("reference \(reference) already used at line \(first)", \.duplicateReference); continue
            }
            lineOfReference[reference] = row.line
            guard let found = lookup.commune(row[c[1]]) else {
                reject("\(reference): commune '\(row[c[1]])' is not a commune of the territory", \.unknownCommune); continue
            }
            guard let priority = PatientPriority.allCases.first(where: { $0.rawValue.lowercased() == row[c[4]].lowercased() }) else {
                reject("\(reference): priority '\(row[c[4]])' is not one of ALD, plus-de-70-ans, C2S, aucune", \.unknownPriority); continue
            }
            guard let homeVisit = FieldParsing.yesNo(row[c[5]]) else {
                reject("\(reference): besoin_visite_domicile '\(row[c[5]])': expected oui or non", \.invalidField); continue
            }
            guard let registered = FieldParsing.isoDate(row[c[6]]) else {
                reject("\(reference): inscrit_le '\(row[c[6]])' is not a date YYYY-MM-DD", \.invalidField); continue
            }
            let commune = found.commune
            var position = commune.representativePoint
            var precision = LocationPrecision.commune
            var placement: WritableKeyPath<Counts, Int>? = \.atCommunePoint   // the count this row adds to once imported
            switch FieldParsing.coordinate(latitude: row[c[2]], longitude: row[c[3]]) {
            case .absent:
                break
            case .invalid(let reason):
                placement = \.coordinatesReplaced
                issues.append(ImportIssue(file: file, line: row.line, reason: "\(reference): \(reason); placed at the point of commune \(commune.code)"))
            case .valid(let point):
                if commune.geometry?.covers(Geometry(point: point)) == true {
                    position = point; precision = .address; placement = nil
                } else if let other = communes.communeContaining(point) {
                    position = point; precision = .address; placement = \.positionOutsideCommune
                    issues.append(ImportIssue(file: file, line: row.line, reason: "\(reference): latitude \(row[c[2]]), longitude \(row[c[3]]) "
                                              + "lie in commune \(other.code) \(other.name), not in \(commune.code) \(commune.name); kept"))
                } else {
                    placement = \.coordinatesReplaced
                    issues.append(ImportIssue(file: file, line: row.line, reason: "\(reference): latitude \(row[c[2]]), longitude \(row[c[3]]) "
                                              + "fall in no commune of the territory; placed at the point of commune \(commune.code)"))
                }
            }
            guard let position else {
                reject("\(reference): commune \(commune.code) has no polygon and the row no usable coordinates: no position", \.communeWithoutPosition)
                continue
            }
            if let placement { counts[keyPath: placement] += 1 }
            lines.append(row.line)
            requests.append(PatientRequest(reference: reference, communeCode: commune.code, position: position, precision: precision,
                                           priority: priority, needsHomeVisit: homeVisit, registeredOn: registered))
        }
        counts.imported = requests.count
        self.requests = requests
        self.lines = lines
        self.issues = issues
        self.counts = counts
    }
}
