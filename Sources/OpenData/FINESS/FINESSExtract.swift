import GeometryKit
import Territory

/// The officines (pharmacies, `categetab` 620) of a FINESS etalab extract, `etalab-cs1100507-stock-*.csv`.
///
/// The file is `;` separated with no header: a first line `finess;etalab;<n>;<date>`, then one
/// `structureet` row per establishment (32 fields: nofinesset at 1, nofinessej 2, rs 3, commune 12,
/// departement 13, categetab 18), then `geolocalisation;nofinesset;x;y;source;date` rows whose source
/// names the CRS of x/y. It comes UTF-8 or Latin-1 (`TextDecoding` tells which).
///
/// Coordinates are transformed to WGS84 with PROJ. An officine without usable coordinates is placed
/// at its commune's point (`precision == .commune`) and counted; one whose position falls outside its
/// commune's polygon is kept and reported. Rows with a bad FINESS key or an unknown commune are
/// rejected, with file, line and reason.
///
/// ```swift
/// let extract = try FINESSExtract(path: "etalab-cs1100507-stock.csv", communes: layer)
/// extract.counts.imported             // 1 718 on the Hauts-de-France sample
/// extract.pharmacies[0].sourceCRS     // "EPSG:2154"
/// ```
public struct FINESSExtract: Sendable {
    /// `rowsRead == officines + otherCategories + malformed`; `officines + malformed == imported + rejected`.
    public struct Counts: Sendable, Hashable {
        /// `structureet` rows.
        public var rowsRead = 0
        /// `structureet` rows of category 620.
        public var officines = 0
        /// Establishments of other categories, skipped.
        public var otherCategories = 0
        public var imported = 0
        public var rejected = 0
        /// Rejections by cause (each also counted in `rejected`).
        public var malformed = 0
        public var invalidFINESS = 0
        public var duplicateFINESS = 0
        public var unknownCommune = 0
        public var communeWithoutPosition = 0
        /// Imported officines placed at their commune's point: no geolocalisation row, empty or unusable coordinates.
        public var withoutCoordinates = 0
        /// Imported officines whose file position lies outside their commune's polygon (kept, reported).
        public var outsideCommune = 0
        /// Imported officines whose commune code is unknown but whose coordinates fall in a commune of the layer.
        public var placedByCoordinates = 0
        public var communeCodesTranslated = 0
        public var geolocationRows = 0
        /// Rows that are neither `structureet` nor `geolocalisation`, reported.
        public var unknownRows = 0

        public init() {}
    }

    static let officineCategory = "620"
    static let structureFieldCounts = 31...33

    public let pharmacies: [Pharmacy]
    public let issues: [ImportIssue]
    public let counts: Counts
    public let encoding: TextEncoding
    /// The extract's date, from its first line ("2026-05-12").
    public let extractDate: String

    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:],
                transforms: WGS84Transforms = WGS84Transforms()) throws {
        try self.init(table: DelimitedText(path: path, delimiter: ";", hasHeader: false), communes: communes,
                      formerCodes: formerCodes, transforms: transforms)
    }

    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:],
                transforms: WGS84Transforms = WGS84Transforms()) throws {
        try self.init(table: DelimitedText(text: text, file: file, delimiter: ";", hasHeader: false), communes: communes,
                      formerCodes: formerCodes, transforms: transforms)
    }

    init(table: DelimitedText, communes: CommuneLayer, formerCodes: [String: String], transforms: WGS84Transforms) throws {
        let file = table.file
        guard let first = table.rows.first, first[0] == "finess" else {
            throw ImportError(file: file, line: table.rows.first?.line ?? 0,
                              reason: "not a FINESS etalab extract: the first line should start with 'finess;etalab'")
        }
        var issues: [ImportIssue] = []
        var counts = Counts()
        var officineRows: [DelimitedRow] = []
        var establishments: Set<String> = []
        var geolocations: [String: FINESSGeolocation] = [:]
        for row in table.rows.dropFirst() {
            switch row[0] {
            case "structureet":
                counts.rowsRead += 1
                guard Self.structureFieldCounts.contains(row.fields.count) else {
                    issues.append(ImportIssue(file: file, line: row.line, reason: "\(row.fields.count) fields, a structureet row has 32"))
                    counts.malformed += 1; counts.rejected += 1; continue
                }
                establishments.insert(row[1])
                if row[18] == Self.officineCategory { counts.officines += 1; officineRows.append(row) } else { counts.otherCategories += 1 }
            case "geolocalisation":
                counts.geolocationRows += 1
                guard row.fields.count >= 5 else {
                    issues.append(ImportIssue(file: file, line: row.line, reason: "\(row.fields.count) fields, a geolocalisation row has 6")); continue
                }
                if let earlier = geolocations[row[1]] {
                    issues.append(ImportIssue(file: file, line: row.line, reason: "second geolocalisation of FINESS \(row[1]) (first at line \(earlier.line)), ignored"))
                } else {
                    geolocations[row[1]] = FINESSGeolocation(line: row.line, x: row[2], y: row[3], source: row[4])
                }
            default:
                counts.unknownRows += 1
                issues.append(ImportIssue(file: file, line: row.line, reason: "unknown record type '\(row[0])'"))
            }
        }
        for (finess, geolocation) in geolocations where !establishments.contains(finess) {
            issues.append(ImportIssue(file: file, line: geolocation.line, reason: "geolocalisation of FINESS '\(finess)', which has no structureet row"))
        }

        var builder = PharmacyBuilder(file: file, lookup: CommuneLookup(communes: communes, formerCodes: formerCodes),
                                      transforms: transforms, geolocations: geolocations)
        var pharmacies: [Pharmacy] = []
        var seen: [String: Int] = [:]
        for row in officineRows {
            if let earlier = seen[row[1]] {
                issues.append(ImportIssue(file: file, line: row.line, reason: "FINESS \(row[1]) already read at line \(earlier)"))
                counts.duplicateFINESS += 1; counts.rejected += 1; continue
            }
            seen[row[1]] = row.line
            if let pharmacy = builder.pharmacy(row, counts: &counts) { pharmacies.append(pharmacy) }
        }
        issues += builder.issues
        counts.imported = pharmacies.count
        self.pharmacies = pharmacies
        self.issues = issues.sorted { $0.line < $1.line }
        self.counts = counts
        self.encoding = table.encoding
        self.extractDate = first[3]
    }
}
