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
/// `read(_:activities:communes:into:)` streams the roster: the activities are asked for a batch of rows'
/// RPPS numbers at a time, never all of them. From a store, asked asynchronously: `rows(_:communes:)` reads the
/// file once, the store is asked for its `rppsNumbers`, then `read(_:activities:into:)` joins them.
///
/// ```swift
/// let roster = try VolunteerRoster(path: "medecins-volontaires.csv", activities: extract.activities, communes: layer)
/// roster.volunteers.filter(\.isAvailable)
/// roster.counts.atCommunePoint   // GPs placed by commune
/// ```
public struct VolunteerRoster: Sendable {
    /// `rowsRead == imported + rejected`.
    public struct Counts: Sendable, Hashable, Encodable, RowCounts {
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

    public typealias Report = ImportReport<Counts>

    /// A volunteer and the line it was read from.
    public struct Entry: Sendable {
        public var volunteer: Volunteer
        public var line: Int
    }

    /// The most places a row may announce: far above a GP's list (a médecin traitant follows about a thousand
    /// patients), far below any store's integer limit.
    public static let maximumPlaces = 9_999

    public static let columns = ["rpps", "accepte_nouveaux_patients", "places_restantes", "visites_domicile",
                                 "latitude", "longitude", "mis_a_jour_le"]
    /// Roster rows whose RPPS numbers are looked up together.
    static let lookupBatch = 500

    public let volunteers: [Volunteer]
    /// The line each volunteer was read from, aligned with `volunteers`.
    public let lines: [Int]
    public let report: Report
    public var counts: Counts { report.counts }
    public var issues: [ImportIssue] { report.issues.kept }

    public init(path: String, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        try self.init(.file(path), activities: activities, communes: communes)
    }

    public init(text: String, file: String, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        try self.init(.text(text, name: file), activities: activities, communes: communes)
    }

    /// Reads against activities already in memory (a test, a benchmark, those of `rppsNumbers` read from a store).
    public init(_ source: DelimitedSource, activities: [PractitionerActivity], communes: CommuneLayer) throws {
        try self.init(source, activities: Self.lookup(activities), communes: communes)
    }

    /// The `activities` argument of `read` over activities in memory.
    public static func lookup(_ activities: [PractitionerActivity]) -> ([String]) -> [PractitionerActivity] {
        let byRPPS = Dictionary(grouping: activities, by: \.rpps)
        return { numbers in numbers.flatMap { byRPPS[$0] ?? [] } }
    }

    /// A roster read once, its rows kept until the activities of their GPs are known: a store is asked for those
    /// asynchronously, between the read and the join (an upload, an import into a store). A roster is small: a few
    /// thousand rows at most.
    public struct Rows: Sendable {
        fileprivate let parser: VolunteerRowParser
        fileprivate let rows: [DelimitedRow]
        /// The well-formed RPPS numbers of the rows, each once: what the store is asked for.
        public var rppsNumbers: [String] { parser.rppsNumbers(of: rows) }
    }

    /// Reads the roster's rows; a file without the roster's header is refused here.
    public static func rows(_ source: DelimitedSource, communes: CommuneLayer) throws -> Rows {
        var reader = try source.reader(delimiter: ";")
        let parser = try VolunteerRowParser(header: reader.header(), communes: communes)
        var rows: [DelimitedRow] = []
        while let row = try reader.next() { rows.append(row) }
        return Rows(parser: parser, rows: rows)
    }

    /// Joins rows read once to the activities of their GPs, streaming the entries to `sink` as `read` does.
    public static func read(_ rows: Rows, activities: [PractitionerActivity], batchSize: Int = 10_000,
                            issueLimit: Int = ImportIssueLog.defaultLimit, into sink: ([Entry]) throws -> Void) throws -> Report {
        var parser = rows.parser
        var report = Report(issues: ImportIssueLog(limit: issueLimit))
        let practitioners = byRPPS(activities)
        try RecordBatches.run(size: batchSize, sink: sink) { emit in
            for row in rows.rows {
                if let entry = parser.entry(row, practitioners: practitioners, report: &report) { try emit(entry) }
            }
        }
        parser.finish(&report.counts)
        report.issues.sortByLine()
        return report
    }

    /// The roster of rows read once, against the activities the store gave for their `rppsNumbers`.
    public init(_ rows: Rows, activities: [PractitionerActivity]) throws {
        var kept = KeptEntries()
        report = try Self.read(rows, activities: activities) { kept.add($0) }
        (volunteers, lines) = (kept.entries.map(\.volunteer), kept.entries.map(\.line))
    }

    /// The entries as the store keeps them: a superseding entry takes the place of the one it replaces, as the upsert does.
    private struct KeptEntries {
        var entries: [Entry] = []
        var position: [String: Int] = [:]

        mutating func add(_ batch: [Entry]) {
            for entry in batch {
                if let index = position[entry.volunteer.rpps] { entries[index] = entry } else {
                    position[entry.volunteer.rpps] = entries.count
                    entries.append(entry)
                }
            }
        }
    }

    private static func byRPPS(_ activities: [PractitionerActivity]) -> [String: Practitioner] {
        Dictionary(Practitioner.grouping(activities).map { ($0.rpps, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public init(_ source: DelimitedSource, activities: ([String]) throws -> [PractitionerActivity], communes: CommuneLayer) throws {
        var kept = KeptEntries()
        report = try Self.read(source, activities: activities, communes: communes) { kept.add($0) }
        (volunteers, lines) = (kept.entries.map(\.volunteer), kept.entries.map(\.line))
    }

    /// Streams the roster to `sink`, `batchSize` entries at a time in file order. `activities` gives the
    /// activities (in file order) of a set of RPPS numbers. An RPPS listed again with a more recent date is
    /// sent again: the sink replaces the entry it had for that RPPS.
    public static func read(_ source: DelimitedSource, activities: ([String]) throws -> [PractitionerActivity], communes: CommuneLayer,
                            batchSize: Int = 10_000, issueLimit: Int = ImportIssueLog.defaultLimit,
                            into sink: ([Entry]) throws -> Void) throws -> Report {
        var reader = try source.reader(delimiter: ";")
        var parser = try VolunteerRowParser(header: reader.header(), communes: communes)
        var report = Report(issues: ImportIssueLog(limit: issueLimit))
        try RecordBatches.run(size: batchSize, sink: sink) { emit in
            var rows: [DelimitedRow] = []
            func flush() throws {
                guard !rows.isEmpty else { return }
                let practitioners = byRPPS(try activities(parser.rppsNumbers(of: rows)))
                for row in rows {
                    if let entry = parser.entry(row, practitioners: practitioners, report: &report) { try emit(entry) }
                }
                rows.removeAll(keepingCapacity: true)
            }
            while let row = try reader.next() {
                rows.append(row)
                if rows.count == lookupBatch { try flush() }
            }
            try flush()
        }
        parser.finish(&report.counts)
        report.issues.sortByLine()
        return report
    }
}
