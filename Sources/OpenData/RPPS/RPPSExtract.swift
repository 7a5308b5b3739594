import GeometryKit
import Territory

/// The Annuaire santé extract of practitioners' activities, `PS_LibreAcces_Personne_activite*.txt`:
/// `|` separated, a header row, every line ending with `|`, UTF-8.
///
/// Each row is one activity (site) of one practitioner. Columns are found by header name; the commune
/// is "Code commune (coord. structure)" (column 37). The extract carries no coordinates: an activity is
/// placed at its commune's representative point (`precision == .commune`).
///
/// Rows are rejected, each with its line and reason, when the field count differs from the header's,
/// when the RPPS is not 11 digits with a valid Luhn key, when the commune code is empty (no practice
/// address: nothing to place, so nothing to match), or when the commune is not in the layer. A
/// municipal arrondissement ("75112") or, given `formerCodes`, a code since merged is carried to its
/// current commune.
///
/// `read(_:communes:into:)` streams a national extract (2.3 M rows) to a sink in batches, keeping one
/// batch; `init` collects the activities of a small one.
///
/// ```swift
/// let extract = try RPPSExtract(path: "PS_LibreAcces_Personne_activite.txt", communes: layer)
/// extract.counts.imported                          // 27 527 on the Hauts-de-France sample
/// extract.activities.filter(\.isGeneralPractitioner)
/// extract.issues.first?.description                // "…txt:12: le RPPS '1038874472' n'a pas 11 chiffres"
///
/// let report = try RPPSExtract.read(.file(path), communes: lookup) { batch in try writer.insert(batch) }
/// ```
public struct RPPSExtract: Sendable {
    /// What the import did with each data row: `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, Encodable, RowCounts {
        public var rowsRead = 0
        public var imported = 0
        public var rejected = 0
        /// Rejections by cause (each also counted in `rejected`).
        public var wrongFieldCount = 0
        public var invalidRPPS = 0
        public var withoutCommune = 0
        public var unknownCommune = 0
        public var communeWithoutPosition = 0
        /// Imported rows whose code was an arrondissement or a former code, carried to the current commune.
        public var communeCodesTranslated = 0
        /// Distinct RPPS numbers among the imported activities.
        public var practitioners = 0
        public var generalPractitionerActivities = 0

        public init() {}
    }

    public typealias Report = ImportReport<Counts>

    /// Columns of the extract as published (without the empty field after the trailing `|`).
    public static let expectedColumnCount = 56
    static let columnNames = ["Type d'identifiant PP", "Identifiant PP", "Code profession", "Libellé profession",
                              "Code savoir-faire", "Libellé savoir-faire", "Code mode exercice", "Libellé mode exercice",
                              "Code commune (coord. structure)"]
    /// The public directory's name and practice address, kept for coordinators (optional: a reduced extract imports without).
    static let directoryColumnNames = ["Prénom d'exercice", "Nom d'exercice", "Numéro Voie (coord. structure)",
                                       "Indice répétition voie (coord. structure)", "Libellé type de voie (coord. structure)",
                                       "Libellé Voie (coord. structure)", "Code postal (coord. structure)",
                                       "Libellé commune (coord. structure)"]

    public let activities: [PractitionerActivity]
    public let report: Report
    public var counts: Counts { report.counts }
    public var issues: [ImportIssue] { report.issues.kept }

    /// Reads and checks the extract. `formerCodes` (former → current commune code, from the commune
    /// import) lets rows written before a merge reach their commune.
    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(.file(path), communes: CommuneLookup(communes: communes, formerCodes: formerCodes))
    }

    /// Same, from text already in memory (`file` names it in the issues).
    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(.text(text, name: file), communes: CommuneLookup(communes: communes, formerCodes: formerCodes))
    }

    public init(_ source: DelimitedSource, communes: CommuneLookup) throws {
        var activities: [PractitionerActivity] = []
        report = try Self.read(source, communes: communes) { activities += $0 }
        self.activities = activities
    }

    /// Streams the extract: each row is checked and placed, and the activities reach `sink` `batchSize` at a
    /// time, in file order; no earlier row is kept. Throws (the sink has then seen part of the file) when the
    /// file cannot be read or lacks a column.
    public static func read(_ source: DelimitedSource, communes: CommuneLookup, batchSize: Int = 10_000,
                            issueLimit: Int = ImportIssueLog.defaultLimit,
                            into sink: ([PractitionerActivity]) throws -> Void) throws -> Report {
        var reader = try source.reader(delimiter: "|", trailingDelimiter: true)
        let header = try reader.header()
        var parser = try RPPSRowParser(header: header, communes: communes)
        var report = Report(issues: ImportIssueLog(limit: issueLimit))
        if header.count != expectedColumnCount {
            report.issues.append(ImportIssue(file: header.file, line: header.line, reason: "l'en-tête a \(header.count) colonnes, l'extrait "
                                             + "Annuaire santé en a \(expectedColumnCount) : les colonnes sont lues par leur nom, vérifiez le format"))
        }
        try RecordBatches.run(size: batchSize, sink: sink) { emit in
            while let row = try reader.next() {
                if let activity = parser.activity(row, report: &report) { try emit(activity) }
            }
        }
        report.counts.practitioners = parser.distinctPractitioners
        return report
    }

    /// Why an identifier is not an RPPS number, in the words a coordinator can check.
    static func rppsProblem(_ rpps: String, type: String) -> String {
        if type == "0" { return "l'identifiant '\(rpps)' est un numéro ADELI (type 0), pas un numéro RPPS" }
        if rpps.isEmpty { return "pas de numéro RPPS" }
        if rpps.utf8.count != 11 || !rpps.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return "le RPPS '\(rpps)' n'a pas 11 chiffres"
        }
        return "le RPPS '\(rpps)' a une clé de Luhn erronée"
    }
}
