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
/// `read(_:communes:into:)` streams the file: the officines are kept (their position comes with the
/// `geolocalisation` rows at the end of the file), not the other establishments' rows, and the pharmacies reach
/// the sink in batches.
///
/// ```swift
/// let extract = try FINESSExtract(path: "etalab-cs1100507-stock.csv", communes: layer)
/// extract.counts.imported             // 1 718 on the Hauts-de-France sample
/// extract.pharmacies[0].sourceCRS     // "EPSG:2154"
/// ```
public struct FINESSExtract: Sendable {
    /// `rowsRead == officines + facilities + otherCategories + wrongFieldCount`; `officines + wrongFieldCount == imported + rejected`.
    public struct Counts: Sendable, Hashable, Encodable, RowCounts {
        /// `structureet` rows.
        public var rowsRead = 0
        /// `structureet` rows of category 620.
        public var officines = 0
        /// `structureet` rows of the categories a diagnostic counts (`FacilityKind`: hospitals, centres and maisons de
        /// santé, EHPAD), kept apart from the officines (`Report.facilities`), and how many of them were placed.
        public var facilities = 0
        public var facilitiesImported = 0
        /// Establishments of other categories, skipped.
        public var otherCategories = 0
        public var imported = 0
        public var rejected = 0
        /// Rejections by cause (each also counted in `rejected`).
        /// `structureet` rows without the 31 to 33 fields of the format.
        public var wrongFieldCount = 0
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

    /// The counts and issues of a read, the file's encoding and date; the pharmacies went to the sink.
    public struct Report: Sendable {
        public var counts = Counts()
        /// In line order.
        public var issues: ImportIssueLog
        public var encoding = TextEncoding.utf8
        /// The extract's date, from its first line ("2026-05-12").
        public var extractDate = ""
        /// The establishments of the diagnostic's categories, placed as officines are (their rejections reported, not
        /// counted with the officines').
        public var facilities: [HealthFacility] = []
    }

    static let officineCategory = "620"
    static let structureFieldCounts = 31...33

    public let pharmacies: [Pharmacy]
    /// The establishments a diagnostic counts (`FacilityKind`), placed.
    public var facilities: [HealthFacility] { report.facilities }
    public let report: Report
    public var counts: Counts { report.counts }
    public var issues: [ImportIssue] { report.issues.kept }
    public var encoding: TextEncoding { report.encoding }
    public var extractDate: String { report.extractDate }

    public init(path: String, communes: CommuneLayer, formerCodes: [String: String] = [:],
                transforms: WGS84Transforms = WGS84Transforms()) throws {
        try self.init(.file(path), communes: CommuneLookup(communes: communes, formerCodes: formerCodes), transforms: transforms)
    }

    public init(text: String, file: String, communes: CommuneLayer, formerCodes: [String: String] = [:],
                transforms: WGS84Transforms = WGS84Transforms()) throws {
        try self.init(.text(text, name: file), communes: CommuneLookup(communes: communes, formerCodes: formerCodes), transforms: transforms)
    }

    public init(_ source: DelimitedSource, communes: CommuneLookup, transforms: WGS84Transforms = WGS84Transforms()) throws {
        var pharmacies: [Pharmacy] = []
        report = try Self.read(source, communes: communes, transforms: transforms) { pharmacies += $0 }
        self.pharmacies = pharmacies
    }

    /// Streams the extract to `sink`, `batchSize` pharmacies at a time in file order, once the whole file is read.
    public static func read(_ source: DelimitedSource, communes: CommuneLookup, transforms: WGS84Transforms = WGS84Transforms(),
                            batchSize: Int = 10_000, issueLimit: Int = ImportIssueLog.defaultLimit,
                            into sink: ([Pharmacy]) throws -> Void) throws -> Report {
        var reader = try source.reader(delimiter: ";")
        let file = reader.file
        let first = try reader.next()
        guard let first, first[0] == "finess" else {
            throw ImportError(file: file, line: first?.line ?? 0, reason: "pas un extrait FINESS etalab : la première ligne devrait commencer par 'finess;etalab'")
        }
        var report = Report(issues: ImportIssueLog(limit: issueLimit), extractDate: first[3])
        var rows = FINESSRows(file: file)
        while let row = try reader.next() { rows.read(row, report: &report) }
        report.encoding = reader.encoding
        rows.reportGeolocationsWithoutEstablishment(&report.issues)

        let builder = PharmacyBuilder(file: file, lookup: communes, transforms: transforms, geolocations: rows.geolocations)
        try RecordBatches.run(size: batchSize, sink: sink) { emit in
            for row in rows.officines {
                if let pharmacy = builder.pharmacy(row, report: &report) { try emit(pharmacy) }
            }
        }
        for row in rows.facilities {
            // Placed as an officine is, on a report of its own: the officines' counts stay theirs.
            var own = Report(issues: ImportIssueLog(limit: issueLimit))
            if let placed = builder.pharmacy(row, report: &own) {
                report.facilities.append(HealthFacility(finess: placed.finess, name: placed.name, category: row[18], categoryLabel: row[19],
                                                        communeCode: placed.communeCode, position: placed.position, precision: placed.precision))
                report.counts.facilitiesImported += 1
            }
            for issue in own.issues.kept { report.issues.append(issue) }
        }
        report.issues.sortByLine()
        return report
    }
}
