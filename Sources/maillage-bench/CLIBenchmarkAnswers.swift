import Foundation
import UseCases

/// A command's answer reduced to the figures PostGIS's query returns (counts, sums, and for the orientation
/// commands the identities found), so that the table shows both computed the same result.
struct CLIAnswer {
    var figures: [(label: String, value: Double)]
    /// RPPS numbers or references found, sorted (ties may come in another order).
    var identities: [String]? = nil

    /// `a|b|c` as psql prints a row, read against `labels`.
    init(postGIS row: String, labels: [String]) {
        let columns = row.split(separator: "|", omittingEmptySubsequences: false)
        figures = labels.enumerated().map { i, label in (label, i < columns.count ? Double(columns[i]) ?? .nan : .nan) }
    }

    /// The comma-separated identities of column `column` of a psql row, and their number as `label`.
    init(postGIS row: String, identitiesIn column: Int, label: String) {
        let columns = row.split(separator: "|", omittingEmptySubsequences: false)
        let found = column < columns.count ? columns[column].split(separator: ",").map(String.init) : []
        self.init(figures: [(label, Double(found.count))], identities: found)
    }

    init(figures: [(label: String, value: Double)], identities: [String]? = nil) {
        self.figures = figures
        self.identities = identities?.sorted()
    }

    /// A figure the answer lacked (NaN) shows as `?`.
    var text: String { figures.map { "\($0.value.isFinite ? String(Int($0.value.rounded())) : "?") \($0.label)" }.joined(separator: ", ") }

    /// Equal figures (areas within 0.01 %: the two geodesic area algorithms differ in the last digits) and identities.
    func agrees(with other: CLIAnswer) -> Bool {
        zip(figures, other.figures).allSatisfy { abs($0.value - $1.value) <= max(1, 1e-4 * abs($0.value)) }
            && identities == other.identities
    }

    /// "maillage's figures (same)" or "maillage's / PostGIS's".
    static func compared(_ maillage: CLIAnswer, _ postGIS: CLIAnswer?) -> String {
        guard let postGIS else { return maillage.text }
        if maillage.agrees(with: postGIS) { return maillage.text + " (same)" }
        let identities = maillage.identities != postGIS.identities ? " (other identities)" : ""
        return maillage.text + " / " + postGIS.text + identities
    }
}

/// The CLI's JSON answers read back.
enum CLIOutput {
    static func json(_ data: Data) throws -> Any {
        do { return try JSONSerialization.jsonObject(with: data) } catch {
            throw BenchmarkError("maillage printed no JSON: \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
    }

    static func rows(_ data: Data) throws -> [[String: Any]] {
        guard let rows = try json(data) as? [[String: Any]] else { throw BenchmarkError("expected a JSON array of objects") }
        return rows
    }

    static func object(_ data: Data) throws -> [String: Any] {
        guard let object = try json(data) as? [String: Any] else { throw BenchmarkError("expected a JSON object") }
        return object
    }

    static func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }

    static func sum(_ rows: [[String: Any]], _ key: String) -> Double { rows.reduce(0) { $0 + number($1[key]) } }

    /// The number of elements of the array `key`, summed over the rows.
    static func count(_ rows: [[String: Any]], _ key: String) -> Double { rows.reduce(0) { $0 + Double(($1[key] as? [Any])?.count ?? 0) } }

    /// `nearest`: the RPPS numbers of the volunteers found.
    static func nearest(_ data: Data) throws -> CLIAnswer {
        let volunteers = try object(data)["volunteers"] as? [[String: Any]] ?? []
        return CLIAnswer(figures: [("GPs", Double(volunteers.count))], identities: volunteers.compactMap { $0["rpps"] as? String })
    }

    /// `requests-near`: the references of the requests found.
    static func requestsNear(_ data: Data) throws -> CLIAnswer {
        let found = try rows(data)
        return CLIAnswer(figures: [("requests", Double(found.count))], identities: found.compactMap { $0["reference"] as? String })
    }

    /// PostGIS's row also counts the parts (polygons of each union), as the CLI does; not compared: the CLI's parts are
    /// groups of touching communes, where a point contact joins two polygons into one part.
    static let cptsLabels = ["CPTS", "inh.", "communes", "km²", "dép."]

    /// `cpts`: CPTS, population, communes, area, départements (summed over the CPTS).
    static func cptsReports(_ data: Data) throws -> CLIAnswer {
        let reports = try rows(data)
        return CLIAnswer(figures: [("CPTS", Double(reports.count)), ("inh.", sum(reports, "population")), ("communes", sum(reports, "communes")),
                                   ("km²", sum(reports, "area_km2")), ("dép.", count(reports, "departements"))])
    }

    static let whiteZoneLabels = ["zones", "inh.", "km²"]

    static func whiteZones(_ data: Data) throws -> CLIAnswer {
        let zones = try rows(data)
        return CLIAnswer(figures: [("zones", Double(zones.count)), ("inh.", sum(zones, "population")), ("km²", sum(zones, "area_km2"))])
    }

    static let overlapLabels = ["pairs", "communes", "inh."]

    static func overlaps(_ data: Data) throws -> CLIAnswer {
        let pairs = try rows(data)
        return CLIAnswer(figures: [("pairs", Double(pairs.count)), ("communes", sum(pairs, "communes")), ("inh.", sum(pairs, "population"))])
    }

    static let coverageLabels = ["rows", "inh.", "inh. covered", "communes", "covered"]

    /// `coverage --by nation` (one object) or `--by departement` (one row each): totals and covered, summed over the rows.
    static func coverage(_ data: Data) throws -> CLIAnswer {
        let parsed = try json(data)
        guard let all = parsed as? [[String: Any]] ?? (parsed as? [String: Any]).map({ [$0] }) else {
            throw BenchmarkError("expected a JSON object or array")
        }
        return CLIAnswer(figures: [("rows", Double(all.count)), ("inh.", sum(all, "population_total")), ("inh. covered", sum(all, "population_covered")),
                                   ("communes", sum(all, "communes_total")), ("covered", sum(all, "communes_covered"))])
    }

    /// An import's JSON summary: the named counts.
    static func imported(_ data: Data, _ keys: [String]) throws -> CLIAnswer {
        let summary = try object(data)
        return CLIAnswer(figures: keys.map { ($0.replacingOccurrences(of: "_", with: " "), number(summary[$0])) })
    }
}
