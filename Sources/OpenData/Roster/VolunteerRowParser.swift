import GeometryKit
import Territory

/// Turns one roster row into a volunteer, or a reject with its line and reason; remembers, per RPPS, which
/// entry is the most recent so far (a handful of fields per volunteer, not the rows).
struct VolunteerRowParser {
    private let file: String
    private let headerCount: Int
    private let c: [Int]
    private let communes: CommuneLayer
    /// The entry kept so far for each RPPS, and how it was placed (for the counts of the kept entries).
    private var kept: [String: (line: Int, updatedOn: String, atCommunePoint: Bool, replaced: Bool, away: Bool)] = [:]

    init(header: DelimitedHeader, communes: CommuneLayer) throws {
        file = header.file
        headerCount = header.count
        c = try header.columns(VolunteerRoster.columns)
        self.communes = communes
    }

    /// The well-formed RPPS numbers of `rows`, each once, to look their activities up at once.
    func rppsNumbers(of rows: [DelimitedRow]) -> [String] {
        var seen: Set<String> = []
        return rows.filter { $0.fieldCount == headerCount }.map { $0[c[0]] }.filter { HealthIdentifier.isValidRPPS($0) && seen.insert($0).inserted }
    }

    /// The volunteer of `row` when it is kept (new, or more recent than the entry read before for its RPPS).
    mutating func entry(_ row: DelimitedRow, practitioners: [String: Practitioner],
                        report: inout VolunteerRoster.Report) -> VolunteerRoster.Entry? {
        guard RowLedger.admit(row, headerCount: headerCount, file: file, issues: &report.issues, counts: &report.counts) else { return nil }
        func reject(_ reason: String, _ cause: WritableKeyPath<VolunteerRoster.Counts, Int>) -> VolunteerRoster.Entry? {
            RowLedger.reject(row, reason, cause, file: file, issues: &report.issues, counts: &report.counts)
            return nil
        }
        func issue(_ reason: String) { report.issues.append(ImportIssue(file: file, line: row.line, reason: reason)) }
        let rpps = row[c[0]]
        guard HealthIdentifier.isValidRPPS(rpps) else { return reject(RPPSExtract.rppsProblem(rpps, type: "8"), \.invalidRPPS) }
        guard let practitioner = practitioners[rpps] else {
            return reject("RPPS \(rpps) : aucune activité localisée dans l'extrait RPPS", \.unknownRPPS)
        }
        guard practitioner.isGeneralPractitioner else {
            let main = practitioner.mainActivity
            return reject("RPPS \(rpps) : pas médecin généraliste (\(main.professionLabel) \(main.savoirFaireCode))", \.notGeneralPractitioner)
        }
        guard let accepts = FieldParsing.yesNo(row[c[1]]), let visits = FieldParsing.yesNo(row[c[3]]) else {
            return reject("accepte_nouveaux_patients '\(row[c[1]])' / visites_domicile '\(row[c[3]])' : attendu oui ou non", \.invalidField)
        }
        guard let places = FieldParsing.count(row[c[2]], atMost: VolunteerRoster.maximumPlaces) else {
            return reject("places_restantes '\(row[c[2]])' n'est pas un nombre entier de 0 à \(VolunteerRoster.maximumPlaces)", \.invalidField)
        }
        guard let updated = FieldParsing.date(row[c[6]]) else {
            return reject("mis_a_jour_le '\(row[c[6]])' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA", \.invalidField)
        }

        // Where: the roster's coordinates when usable, else the commune point of the GP's main site.
        let site = practitioner.mainActivity
        var place = (position: site.position, precision: LocationPrecision.commune, commune: site.communeCode)
        var replaced = false
        var away = false
        switch FieldParsing.coordinate(latitude: row[c[4]], longitude: row[c[5]]) {
        case .absent:
            break
        case .invalid(let reason):
            replaced = true
            issue("RPPS \(rpps) : \(reason) ; placé au point de la commune \(site.communeCode)")
        case .valid(let point):
            if let commune = communes.communeContaining(point) {
                place = (point, .address, commune.code)
                if !practitioner.activities.contains(where: { $0.communeCode == commune.code }) {
                    away = true
                    issue("RPPS \(rpps) : latitude \(row[c[4]]), longitude \(row[c[5]]) tombent dans la commune \(commune.code) \(commune.name), "
                          + "où le médecin n'a aucun site ; position gardée")
                }
            } else {
                replaced = true
                issue("RPPS \(rpps) : latitude \(row[c[4]]), longitude \(row[c[5]]) ne tombent dans aucune commune du territoire ; "
                      + "placé au point de la commune \(site.communeCode)")
            }
        }
        let placement = (line: row.line, updatedOn: updated, atCommunePoint: place.precision == .commune && !replaced, replaced: replaced, away: away)
        if let older = kept[rpps] {
            // ISO dates compare as strings; on a tie the later line wins.
            let keepNew = updated >= older.updatedOn
            let (dropped, winner) = keepNew ? (older.line, row.line) : (row.line, older.line)
            report.issues.append(ImportIssue(file: file, line: dropped, reason: "RPPS \(rpps) de nouveau ligne \(winner), gardée comme la plus "
                                             + "récente (mis_a_jour_le, la dernière ligne à égalité) ; cette entrée est remplacée"))
            report.counts.superseded += 1
            report.counts.rejected += 1
            guard keepNew else { return nil }
        }
        kept[rpps] = placement
        let volunteer = Volunteer(rpps: rpps, acceptsNewPatients: accepts, placesRemaining: places, homeVisits: visits,
                                  position: place.position, precision: place.precision, updatedOn: updated, communeCode: place.commune)
        return VolunteerRoster.Entry(volunteer: volunteer, line: row.line)
    }

    /// The counts of the entries kept in the end.
    func finish(_ counts: inout VolunteerRoster.Counts) {
        counts.imported = kept.count
        counts.atCommunePoint = kept.values.filter(\.atCommunePoint).count
        counts.coordinatesReplaced = kept.values.filter(\.replaced).count
        counts.awayFromPractice = kept.values.filter(\.away).count
    }
}
