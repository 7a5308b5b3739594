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
/// ```swift
/// let extract = try RPPSExtract(path: "PS_LibreAcces_Personne_activite.txt", communes: layer)
/// extract.counts.imported                          // 27 527 on the Hauts-de-France sample
/// extract.activities.filter(\.isGeneralPractitioner)
/// extract.issues.first?.description                // "…txt:12: RPPS '1038874472' is not 11 digits"
/// ```
public struct RPPSExtract: Sendable {
    /// What the import did with each data row: `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, RowCounts {
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

    /// Columns of the extract as published (without the empty field after the trailing `|`).
    public static let expectedColumnCount = 56
    static let columnNames = ["Type d'identifiant PP", "Identifiant PP", "Code profession", "Libellé profession",
                              "Code savoir-faire", "Libellé savoir-faire", "Code mode exercice", "Libellé mode exercice",
                              "Code commune (coord. structure)"]

    public let activities: [PractitionerActivity]
    public let issues: [ImportIssue]
    public let counts: Counts

    /// Reads and checks the extract. `formerCodes` (former → current commune code, from the commune
    /// import) lets rows written before a merge reach their commune.
    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(table: DelimitedText(path: path, delimiter: "|", trailingDelimiter: true), communes: communes, formerCodes: formerCodes)
    }

    /// Same, from text already in memory (`file` names it in the issues).
    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:]) throws {
        try self.init(table: DelimitedText(text: text, file: file, delimiter: "|", trailingDelimiter: true), communes: communes,
                      formerCodes: formerCodes)
    }

    init(table: DelimitedText, communes: CommuneLayer, formerCodes: [String: String]) throws {
        let c = try table.columns(Self.columnNames)
        let file = table.file
        var issues: [ImportIssue] = []
        if table.header.count != Self.expectedColumnCount {
            issues.append(ImportIssue(file: file, line: 1, reason: "the header has \(table.header.count) columns, the Annuaire santé extract "
                                      + "has \(Self.expectedColumnCount): columns are read by name, check the format"))
        }
        let lookup = CommuneLookup(communes: communes, formerCodes: formerCodes)
        var counts = Counts()
        var activities: [PractitionerActivity] = []
        activities.reserveCapacity(table.rows.count)

        for row in table.rows {
            guard RowLedger.admit(row, headerCount: table.header.count, file: file, issues: &issues, counts: &counts) else { continue }
            func reject(_ reason: String, _ cause: WritableKeyPath<Counts, Int>) {
                RowLedger.reject(row, reason, cause, file: file, issues: &issues, counts: &counts)
            }
            let rpps = row[c[1]]
            guard HealthIdentifier.isValidRPPS(rpps) else {
                reject(Self.rppsProblem(rpps, type: row[c[0]]), \.invalidRPPS); continue
            }
            let code = row[c[8]]
            guard !code.isEmpty else {
                reject("RPPS \(rpps): no commune code (coord. structure), the activity has no place to match from", \.withoutCommune); continue
            }
            guard let found = lookup.commune(code) else {
                reject("RPPS \(rpps): commune '\(code)' is not a commune of the territory", \.unknownCommune); continue
            }
            let commune = found.commune
            guard let point = commune.representativePoint else {
                reject("RPPS \(rpps): commune \(commune.code) has no polygon, hence no position", \.communeWithoutPosition); continue
            }
            if found.translated { counts.communeCodesTranslated += 1 }
            let activity = PractitionerActivity(
                rpps: rpps, professionCode: row[c[2]], professionLabel: row[c[3]], savoirFaireCode: row[c[4]],
                savoirFaireLabel: row[c[5]], modeCode: row[c[6]], modeLabel: row[c[7]], communeCode: commune.code,
                departementCode: commune.departement, position: point, precision: .commune)
            if activity.isGeneralPractitioner { counts.generalPractitionerActivities += 1 }
            activities.append(activity)
        }
        counts.imported = activities.count
        counts.practitioners = Set(activities.map(\.rpps)).count
        self.activities = activities
        self.issues = issues
        self.counts = counts
    }

    /// Why an identifier is not an RPPS number, in the words a coordinator can check.
    static func rppsProblem(_ rpps: String, type: String) -> String {
        if type == "0" { return "identifier '\(rpps)' is an ADELI number (type 0), not an RPPS number" }
        if rpps.isEmpty { return "no RPPS number" }
        if rpps.utf8.count != 11 || !rpps.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return "RPPS '\(rpps)' is not 11 digits"
        }
        return "RPPS '\(rpps)' has a wrong Luhn key"
    }
}
