import Foundation
import Territory

/// Turns one row of the Annuaire santé extract into a located activity, or a reject with its line and reason.
struct RPPSRowParser {
    private let file: String
    private let headerCount: Int
    private let c: [Int]
    /// `RPPSExtract.directoryColumnNames`, each nil when absent.
    private let directory: [Int?]
    private let lookup: CommuneLookup
    /// RPPS numbers (11 digits: they fit a UInt64) of the activities imported so far: the practitioners count
    /// is exact with 8 bytes per practitioner, not a String per row.
    private var practitioners = DistinctNumbers()
    /// The label columns, whose few values repeat over millions of rows.
    private var professionLabels = FieldInterner(), savoirFaireLabels = FieldInterner(), modeLabels = FieldInterner()

    init(header: DelimitedHeader, communes: CommuneLookup) throws {
        file = header.file
        headerCount = header.count
        c = try header.columns(RPPSExtract.columnNames)
        directory = header.optionalColumns(RPPSExtract.directoryColumnNames)
        lookup = communes
    }

    var distinctPractitioners: Int { practitioners.count }

    mutating func activity(_ row: DelimitedRow, report: inout RPPSExtract.Report) -> PractitionerActivity? {
        guard RowLedger.admit(row, headerCount: headerCount, file: file, issues: &report.issues, counts: &report.counts) else { return nil }
        func reject(_ reason: String, _ cause: WritableKeyPath<RPPSExtract.Counts, Int>) -> PractitionerActivity? {
            RowLedger.reject(row, reason, cause, file: file, issues: &report.issues, counts: &report.counts)
            return nil
        }
        let rpps = row[c[1]]
        guard HealthIdentifier.isValidRPPS(rpps) else { return reject(RPPSExtract.rppsProblem(rpps, type: row[c[0]]), \.invalidRPPS) }
        let code = row[c[8]]
        guard !code.isEmpty else {
            return reject("RPPS \(rpps) : aucun code commune (coord. structure), l'activité ne peut être située pour l'appariement", \.withoutCommune)
        }
        guard let found = lookup.commune(code) else {
            return reject("RPPS \(rpps) : commune '\(code)' inconnue du territoire", \.unknownCommune)
        }
        let commune = found.commune
        guard let point = commune.representativePoint else {
            return reject("RPPS \(rpps) : la commune \(commune.code) n'a pas de polygone : aucune position", \.communeWithoutPosition)
        }
        if found.translated { report.counts.communeCodesTranslated += 1 }
        let activity = PractitionerActivity(
            rpps: rpps, professionCode: row[c[2]], professionLabel: professionLabels.string(row, c[3]), savoirFaireCode: row[c[4]],
            savoirFaireLabel: savoirFaireLabels.string(row, c[5]), modeCode: row[c[6]], modeLabel: modeLabels.string(row, c[7]),
            communeCode: commune.code,
            departementCode: commune.departement, position: point, precision: .commune,
            name: words(row, 0...1), practiceAddress: address(row))
        if activity.isGeneralPractitioner { report.counts.generalPractitionerActivities += 1 }
        report.counts.imported += 1
        practitioners.insert(UInt64(rpps)!)
        return activity
    }

    /// The directory fields at `indices`, trimmed, the empty ones skipped, joined by spaces.
    private func words(_ row: DelimitedRow, _ indices: ClosedRange<Int>) -> String {
        indices.compactMap { directory[$0].map { row[$0].trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// "86 BOULEVARD GAMBETTA, 02000 ACY": number, repetition index, street type and name; then postcode and town.
    private func address(_ row: DelimitedRow) -> String {
        let street = words(row, 2...5), town = words(row, 6...7)
        return [street, town].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
