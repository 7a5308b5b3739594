import GeometryKit
import Territory

/// The CPTS roster of volunteer GPs, `;` separated:
/// `rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le`.
///
/// Each row is joined to the practitioners' activities by RPPS. A row is rejected (with line and
/// reason) when its RPPS is malformed, absent from the activities, or not a GP's, or when a yes/no,
/// count or date field cannot be read. An RPPS listed twice keeps its most recent entry
/// (`mis_a_jour_le`); the other is reported as superseded. Empty latitude/longitude place the GP at the commune point of their main site (`precision ==
/// .commune`); coordinates that are not numbers, out of range or in no commune of the territory are
/// reported and replaced the same way, so the volunteer is kept. Coordinates in a commune where the
/// GP has no site are kept and reported.
///
/// ```swift
/// let roster = try VolunteerRoster(path: "medecins-volontaires.csv", activities: extract.activities, communes: layer)
/// roster.volunteers.filter(\.isAvailable)
/// roster.counts.atCommunePoint   // GPs placed by commune
/// ```
public struct VolunteerRoster: Sendable {
    /// `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, RowCounts {
        public var rowsRead = 0
        public var imported = 0
        public var rejected = 0
        /// Rejections by cause (each also counted in `rejected`).
        public var wrongFieldCount = 0
        public var invalidRPPS = 0
        public var unknownRPPS = 0
        public var notGeneralPractitioner = 0
        public var invalidField = 0
        /// Older entries of an RPPS listed twice (the most recent `mis_a_jour_le` is kept).
        public var superseded = 0
        /// Imported volunteers placed at their commune's point, coordinates empty.
        public var atCommunePoint = 0
        /// Imported volunteers whose coordinates were unusable and replaced by the commune point (reported).
        public var coordinatesReplaced = 0
        /// Imported volunteers whose coordinates lie in a commune where the RPPS extract lists none of
        /// their sites: kept, reported (a mistyped digit, or a site the extract does not know yet).
        public var awayFromPractice = 0

        public init() {}
    }

    public static let columns = ["rpps", "accepte_nouveaux_patients", "places_restantes", "visites_domicile",
                                 "latitude", "longitude", "mis_a_jour_le"]

    public let volunteers: [Volunteer]
    /// The line each volunteer was read from, aligned with `volunteers`.
    public let lines: [Int]
    public let issues: [ImportIssue]
    public let counts: Counts

    public init(path: String, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        try self.init(table: DelimitedText(path: path, delimiter: ";"), activities: activities, communes: communes)
    }

    public init(text: String, file: String, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        try self.init(table: DelimitedText(text: text, file: file, delimiter: ";"), activities: activities, communes: communes)
    }

    init(table: DelimitedText, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        let c = try table.columns(Self.columns)
        let file = table.file
        let practitioners = Dictionary(Practitioner.grouping(activities).map { ($0.rpps, $0) }, uniquingKeysWith: { a, _ in a })
        var issues: [ImportIssue] = []
        var counts = Counts()
        var accepted: [(line: Int, volunteer: Volunteer, fallback: Bool, replaced: Bool, away: Bool)] = []
        var indexByRPPS: [String: Int] = [:]

        for row in table.rows {
            guard RowLedger.admit(row, headerCount: table.header.count, file: file, issues: &issues, counts: &counts) else { continue }
            func reject(_ reason: String, _ cause: WritableKeyPath<Counts, Int>) {
                RowLedger.reject(row, reason, cause, file: file, issues: &issues, counts: &counts)
            }
            let rpps = row[c[0]]
            guard HealthIdentifier.isValidRPPS(rpps) else { reject(RPPSExtract.rppsProblem(rpps, type: "8"), \.invalidRPPS); continue }
            guard let practitioner = practitioners[rpps] else {
                reject("RPPS \(rpps) has no located activity in the practitioner extract", \.unknownRPPS); continue
            }
            guard practitioner.isGeneralPractitioner else {
                let main = practitioner.mainActivity
                reject("RPPS \(rpps) is not a general practitioner (\(main.professionLabel) \(main.savoirFaireCode))", \.notGeneralPractitioner)
                continue
            }
            guard let accepts = FieldParsing.yesNo(row[c[1]]), let visits = FieldParsing.yesNo(row[c[3]]) else {
                reject("accepte_nouveaux_patients '\(row[c[1]])' / visites_domicile '\(row[c[3]])': expected oui or non", \.invalidField); continue
            }
            guard let places = FieldParsing.count(row[c[2]]) else {
                reject("places_restantes '\(row[c[2]])' is not a count", \.invalidField); continue
            }
            guard let updated = FieldParsing.isoDate(row[c[6]]) else {
                reject("mis_a_jour_le '\(row[c[6]])' is not a date YYYY-MM-DD", \.invalidField); continue
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
                issues.append(ImportIssue(file: file, line: row.line, reason: "RPPS \(rpps): \(reason); placed at the point of commune \(site.communeCode)"))
            case .valid(let point):
                if let commune = communes.communeContaining(point) {
                    place = (point, .address, commune.code)
                    if !practitioner.activities.contains(where: { $0.communeCode == commune.code }) {
                        away = true
                        issues.append(ImportIssue(file: file, line: row.line, reason: "RPPS \(rpps): latitude \(row[c[4]]), longitude \(row[c[5]]) "
                                                  + "lie in commune \(commune.code) \(commune.name), where none of the GP's sites is; kept"))
                    }
                } else {
                    replaced = true
                    issues.append(ImportIssue(file: file, line: row.line, reason: "RPPS \(rpps): latitude \(row[c[4]]), longitude \(row[c[5]]) "
                                              + "fall in no commune of the territory; placed at the point of commune \(site.communeCode)"))
                }
            }
            let volunteer = Volunteer(rpps: rpps, acceptsNewPatients: accepts, placesRemaining: places, homeVisits: visits,
                                      position: place.position, precision: place.precision, updatedOn: updated, communeCode: place.commune)
            let entry = (row.line, volunteer, place.precision == .commune && !replaced, replaced, away)
            if let index = indexByRPPS[rpps] {
                // ISO dates compare as strings; on a tie the later line wins.
                let older = accepted[index]
                let keepNew = updated >= older.volunteer.updatedOn
                let dropped = keepNew ? older.line : row.line
                let kept = keepNew ? row.line : older.line
                issues.append(ImportIssue(file: file, line: dropped, reason: "RPPS \(rpps) is listed again at line \(kept), kept as the most recent "
                                          + "(mis_a_jour_le, later line on a tie); this entry is superseded"))
                counts.superseded += 1
                counts.rejected += 1
                if keepNew { accepted[index] = entry }
            } else {
                indexByRPPS[rpps] = accepted.count
                accepted.append(entry)
            }
        }
        counts.imported = accepted.count
        counts.atCommunePoint = accepted.filter(\.fallback).count
        counts.coordinatesReplaced = accepted.filter(\.replaced).count
        counts.awayFromPractice = accepted.filter(\.away).count
        self.volunteers = accepted.map(\.volunteer)
        self.lines = accepted.map(\.line)
        self.issues = issues.sorted { $0.line < $1.line }
        self.counts = counts
    }
}
