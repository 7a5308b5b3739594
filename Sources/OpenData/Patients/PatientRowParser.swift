import GeometryKit
import Territory

/// Turns one row of a waiting list into a patient request, or a reject with its line and reason.
struct PatientRowParser {
    private let file: String
    private let headerCount: Int
    private let c: [Int]
    private let lookup: CommuneLookup
    /// The line of each reference read so far (the file's references, not its rows).
    private var lineOfReference: [String: Int] = [:]

    init(header: DelimitedHeader, communes: CommuneLookup) throws {
        file = header.file
        headerCount = header.count
        c = try header.columns(PatientRequestFile.columns)
        lookup = communes
    }

    mutating func request(_ row: DelimitedRow, report: inout PatientRequestFile.Report) -> PatientRequest? {
        guard RowLedger.admit(row, headerCount: headerCount, file: file, issues: &report.issues, counts: &report.counts) else { return nil }
        func reject(_ reason: String, _ cause: WritableKeyPath<PatientRequestFile.Counts, Int>) -> PatientRequest? {
            RowLedger.reject(row, reason, cause, file: file, issues: &report.issues, counts: &report.counts)
            return nil
        }
        func issue(_ reason: String) { report.issues.append(ImportIssue(file: file, line: row.line, reason: reason)) }
        let reference = row[c[0]]
        guard !reference.isEmpty else { return reject("pas de référence", \.missingReference) }
        if let problem = FieldParsing.referenceProblem(reference) { return reject(problem, \.invalidField) }
        if let first = lineOfReference[reference] { return reject("référence \(reference) déjà employée ligne \(first)", \.duplicateReference) }
        lineOfReference[reference] = row.line
        guard let found = lookup.commune(row[c[1]]) else {
            return reject("\(reference) : commune '\(row[c[1]])' inconnue du territoire", \.unknownCommune)
        }
        guard let priority = PatientPriority.allCases.first(where: { $0.rawValue.lowercased() == row[c[4]].lowercased() }) else {
            return reject("\(reference) : priorité '\(row[c[4]])' : attendu ALD, plus-de-70-ans, C2S ou aucune", \.unknownPriority)
        }
        guard let homeVisit = FieldParsing.yesNo(row[c[5]]) else {
            return reject("\(reference) : besoin_visite_domicile '\(row[c[5]])' : attendu oui ou non", \.invalidField)
        }
        guard let registered = FieldParsing.date(row[c[6]]) else {
            return reject("\(reference) : inscrit_le '\(row[c[6]])' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA", \.invalidField)
        }
        let commune = found.commune
        var position = commune.representativePoint
        var precision = LocationPrecision.commune
        var placement: WritableKeyPath<PatientRequestFile.Counts, Int>? = \.atCommunePoint   // the count this row adds to once imported
        switch FieldParsing.coordinate(latitude: row[c[2]], longitude: row[c[3]]) {
        case .absent:
            break
        case .invalid(let reason):
            placement = \.coordinatesReplaced
            issue("\(reference) : \(reason) ; placé au point de la commune \(commune.code)")
        case .valid(let point):
            if commune.geometry?.covers(Geometry(point: point)) == true {
                position = point; precision = .address; placement = nil
            } else if let other = lookup.communes.communeContaining(point) {
                position = point; precision = .address; placement = \.positionOutsideCommune
                issue("\(reference) : latitude \(row[c[2]]), longitude \(row[c[3]]) tombent dans la commune \(other.code) \(other.name), "
                      + "pas dans \(commune.code) \(commune.name) ; position gardée")
            } else {
                placement = \.coordinatesReplaced
                issue("\(reference) : latitude \(row[c[2]]), longitude \(row[c[3]]) ne tombent dans aucune commune du territoire ; "
                      + "placé au point de la commune \(commune.code)")
            }
        }
        guard let position else {
            return reject("\(reference) : la commune \(commune.code) n'a pas de polygone et la ligne pas de coordonnées utilisables : aucune position", \.communeWithoutPosition)
        }
        if let placement { report.counts[keyPath: placement] += 1 }
        report.counts.imported += 1
        return PatientRequest(reference: reference, communeCode: commune.code, position: position, precision: precision,
                              priority: priority, needsHomeVisit: homeVisit, registeredOn: registered)
    }
}
