import ChildProcess
import Foundation

/// The store of the soak: a copy of `--db` (the soak writes to it), or the national store built from `Data/` through the
/// shipped binary as `maillage-bench cli` builds it; read with the sqlite3 shell, read-only, outside the server.
struct SoakStore {
    let path: String

    /// A CPTS the soak's coordinators work for: its id and the communes its waiting list may name.
    struct Tenant {
        let cpts: String
        let communes: [String]
    }

    /// `--db`: copied into `directory`; else the national scenario imported there.
    /// What `ready` and `health-latency` serve: the binary (`--maillage`, else the shipped one) on a copy of `--db` (else
    /// the national scenario, built) in a scratch folder of its own, which the caller removes; `label` names the store.
    static func served(_ name: String, arguments: ArraySlice<String>, dataDirectory: String) throws
        -> (binary: String, store: SoakStore, directory: String, label: String) {
        let binary = try BenchmarkSupport.option("--maillage", in: arguments) ?? TilesBenchmark.shippedBinary()
        let directory = BenchmarkSupport.temporaryPath(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = BenchmarkSupport.option("--db", in: arguments)
        let store = try prepare(database: database, dataDirectory: dataDirectory, binary: binary, directory: directory)
        return (binary, store, directory, database ?? "the national scenario")
    }

    static func prepare(database: String?, dataDirectory: String, binary: String, directory: String) throws -> SoakStore {
        let path = directory + "/soak.sqlite"
        if let database {
            guard FileManager.default.fileExists(atPath: database) else { throw BenchmarkError("--db \(database): no such file") }
            // A checkpointed copy through sqlite3 (`.backup`), so that the WAL of a store another process has open comes along.
            try sqlite(database, ".backup '\(path)'", readOnly: true)
            return SoakStore(path: path)
        }
        let (scenario, seconds) = try BenchmarkSupport.time { try CLIScenario.write(dataDirectory: dataDirectory, into: directory) }
        say("national scenario written in \(String(format: "%.1f", seconds)) s; importing it with \(binary)")
        say(CLITable.header)
        try CLIBenchmark.importStore(ShippedMaillage(binary: binary, store: path), scenario: scenario, dataDirectory: dataDirectory)
        return SoakStore(path: path)
    }

    /// The `count` CPTS with the most volunteers practising in their communes (matches there place patients), and
    /// their communes that have a position (a waiting-list row names one).
    func tenants(count: Int) throws -> [Tenant] {
        let ids = try query("""
            SELECT cc.cpts_id FROM cpts_commune cc JOIN volunteer v ON v.commune_code = cc.commune_code
            GROUP BY cc.cpts_id ORDER BY COUNT(*) DESC, cc.cpts_id LIMIT \(count);
            """).map { $0[0] }
        guard ids.count == count else { throw BenchmarkError("\(path): only \(ids.count) CPTS with volunteers, \(count) needed") }
        return try ids.map { id in
            let communes = try query("""
                SELECT cc.commune_code FROM cpts_commune cc JOIN commune c ON c.code = cc.commune_code
                WHERE cc.cpts_id = '\(id)' AND c.point_lat IS NOT NULL ORDER BY 1;
                """).map { $0[0] }
            return Tenant(cpts: id, communes: communes)
        }
    }

    /// Representative points of communes (fixed order, every `stride`-th), for anonymous `nearest` queries.
    func queryPoints(limit: Int) throws -> [(lat: Double, lon: Double)] {
        try query("SELECT point_lat, point_lon FROM commune WHERE point_lat IS NOT NULL ORDER BY code;")
            .compactMap { row in Double(row[0]).flatMap { lat in Double(row[1]).map { (lat: lat, lon: $0) } } }
            .enumerated().filter { $0.offset % 17 == 0 }.prefix(limit).map(\.element)
    }

    /// Places left per GP.
    func placesRemaining() throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try query("SELECT rpps, places_remaining FROM volunteer;").map { ($0[0], Int($0[1]) ?? -1) })
    }

    func rows(_ sql: String) throws -> [[String]] { try query(sql) }

    private func query(_ sql: String) throws -> [[String]] {
        try Self.sqlite(path, sql, readOnly: true).split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    @discardableResult
    static func sqlite(_ path: String, _ command: String, readOnly: Bool) throws -> String {
        guard ChildProcess.isInstalled("sqlite3") else { throw BenchmarkError("sqlite3 is not installed (apt-get install sqlite3)") }
        let result = try ChildProcess.capture("/usr/bin/env", ["sqlite3"] + (readOnly ? ["-readonly"] : []) + ["-batch", path, command])
        guard result.status == 0 else { throw BenchmarkError("sqlite3 \(path) failed: \(result.standardError)") }
        return result.standardOutputText
    }
}

/// What the soak checks in the store after the run, with its own queries (`sqlite3`), not through the store's code:
/// `patient_request` keyed by (cpts_id, reference), `volunteer.places_remaining`.
struct StoreInvariants {
    /// GP places before the run, and how many patients each GP had then.
    struct Baseline {
        var places: [String: Int]
        var assigned: [String: Int]
    }

    struct Outcome {
        var lines: [String]
        var failed: Bool
    }

    static func baseline(_ store: SoakStore) throws -> Baseline {
        let assigned = try store.rows("SELECT assigned_rpps, COUNT(*) FROM patient_request WHERE assigned_rpps IS NOT NULL GROUP BY 1;")
        return Baseline(places: try store.placesRemaining(),
                        assigned: Dictionary(uniqueKeysWithValues: assigned.map { ($0[0], Int($0[1]) ?? 0) }))
    }

    /// `committed`: (cpts, reference, rpps) of every assignment a `match?commit=true` answer carried; `uploaded`: (cpts,
    /// reference) of every row of an upload answered 200.
    static func check(_ store: SoakStore, baseline: Baseline, committed: [(cpts: String, reference: String, rpps: String)],
                      uploaded: [(cpts: String, reference: String)]) throws -> Outcome {
        var lines: [String] = [], failed = false
        func verdict(_ ok: Bool, _ text: String) {
            lines.append((ok ? "ok    " : "FAILED") + " " + text)
            if !ok { failed = true }
        }
        // Every row of the table, keyed as the server keys it.
        let requests = try store.rows("SELECT cpts_id, reference, COALESCE(assigned_rpps, '') FROM patient_request;")
        var rowsByKey: [String: [String]] = [:]
        func key(_ cpts: String, _ reference: String) -> String { cpts + "|" + reference }
        for row in requests { rowsByKey[key(row[0], row[1]), default: []].append(row[2]) }

        // 1. Committed assignments: each present exactly once, with the GP the answer gave.
        var seen: [String: Int] = [:]
        for assignment in committed { seen[key(assignment.cpts, assignment.reference), default: 0] += 1 }
        let answeredTwice = seen.values.filter { $0 > 1 }.count
        var missing = 0, wrongGP = 0
        for assignment in committed {
            guard let rows = rowsByKey[key(assignment.cpts, assignment.reference)], rows.count == 1 else { missing += 1; continue }
            if rows[0] != assignment.rpps { wrongGP += 1 }
        }
        verdict(missing == 0 && wrongGP == 0 && answeredTwice == 0,
                "committed assignments seen by the bench: \(committed.count); not exactly once in the store: \(missing); "
                + "with another GP: \(wrongGP); patients assigned by two answers: \(answeredTwice)")

        // 2. No GP above capacity: new patients per GP ≤ its places before, and places left = places before − new patients.
        let places = try store.placesRemaining()
        var assignedNow: [String: Int] = [:]
        for rows in rowsByKey.values { for rpps in rows where !rpps.isEmpty { assignedNow[rpps, default: 0] += 1 } }
        var over = 0, negative = 0, unbalanced = 0, gpsUsed = 0
        for (rpps, before) in baseline.places {
            let added = (assignedNow[rpps] ?? 0) - (baseline.assigned[rpps] ?? 0)
            let left = places[rpps] ?? before
            if added > 0 { gpsUsed += 1 }
            if added > before { over += 1 }
            if left < 0 { negative += 1 }
            if left != before - added { unbalanced += 1 }
        }
        let strangers = assignedNow.keys.filter { baseline.places[$0] == nil }.count
        verdict(over == 0 && negative == 0 && unbalanced == 0 && strangers == 0,
                "GPs given patients: \(gpsUsed) of \(baseline.places.count); above their places: \(over); places_remaining < 0: \(negative); "
                + "places_remaining ≠ places before − patients added: \(unbalanced); patients of an unknown GP: \(strangers)")

        // 3. No upload lost: every reference of an upload answered 200 is in the store (pending or assigned).
        let lost = uploaded.filter { rowsByKey[key($0.cpts, $0.reference)] == nil }.count
        verdict(lost == 0, "uploaded requests answered 200: \(uploaded.count); missing from the store: \(lost)")
        return Outcome(lines: lines, failed: failed)
    }
}
