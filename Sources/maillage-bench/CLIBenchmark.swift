import Foundation
import GeometryKit
import Territory
import UseCases

/// `maillage-bench cli`: the shipped `maillage` run as a process on a national store it builds from `Data/` (every
/// commune, the release test tier's CPTS scenario, ~330 000 RPPS activities, 14 300 volunteers, 20 000 waiting
/// patients, all imported through the binary), each command timed as a user meets it — a fresh process per run, best
/// of 3 — with its peak RSS, next to PostGIS answering the same question on the same data, and the targets of issue 11.
/// It reports; it does not fail on a missed target.
enum CLIBenchmark {
    /// A patient's address west of Greenwich (Bordeaux), for `nearest --lat --lon`.
    static let address = (latitude: 44.837789, longitude: -0.57918)
    /// The commune of `nearest --commune` (Lille), and where the GP of `requests-near` practises.
    static let commune = "59350"
    /// A scratch cluster of its own (not the other benchmarks' default), for the whole run.
    static let postGISCluster = (directory: "/tmp/maillage-postgis-cli", port: 54331)

    /// `kept`: a folder where the national store and the files it was imported from stay after the run (to profile a
    /// command on them); a scratch folder removed at the end otherwise.
    static func run(dataDirectory: String, keeping kept: String? = nil) throws {
        let shipped = try TilesBenchmark.shippedBinary()
        let directory = kept ?? BenchmarkSupport.temporaryPath("cli")
        if let kept, FileManager.default.fileExists(atPath: kept) { throw BenchmarkError("--keep \(kept): the folder exists; name a new one") }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let (scenario, scenarioSeconds) = try BenchmarkSupport.time { try CLIScenario.write(dataDirectory: dataDirectory, into: directory) }
        say("national scenario: \(scenario.layer.communes.count) communes, \(scenario.perimeters.count) CPTS, \(scenario.volunteers.count) volunteers, "
            + "\(scenario.patients.count) waiting patients; files written in \(String(format: "%.1f", scenarioSeconds)) s")
        let maillage = ShippedMaillage(binary: shipped, store: directory + "/national.sqlite")

        say(CLITable.header)
        try importStore(maillage, scenario: scenario, dataDirectory: dataDirectory)
        let shell = PostGISShell.start(cluster: postGISCluster)
        defer { shell?.stop() }
        let postGIS = try shell.map { shell -> CLIPostGIS in
            let (loaded, seconds) = try BenchmarkSupport.time { try CLIPostGIS(loading: scenario, into: shell) }
            say(String(format: "(PostGIS: the same communes, CPTS, volunteers and patients loaded and indexed in %.1f s)", seconds))
            return loaded
        }
        for question in questions(scenario) { try ask(question, maillage, postGIS: postGIS) }
        try matchAndServe(maillage)
        try largeImport(maillage, scenario: scenario, postGIS: postGIS)
        say("(maillage s: best of 3 fresh processes, imports run once; peak MB: /usr/bin/time's maximum RSS, for serve its VmRSS once /health "
            + "answers; PostGIS s: psql's \\timing, warm once, best of 3, for \\copy the psql process's wall time; ratio: PostGIS s / maillage s)")
    }

    /// The national store, built through the binary's importers from the published files; each import timed once.
    @discardableResult
    static func importStore(_ maillage: ShippedMaillage, scenario: CLIScenario, dataDirectory: String) throws -> [(String, Double)] {
        let files = scenario.files
        let streaming = CLIGoal.peak(atMost: 300)
        let steps: [(arguments: [String], counts: [String], goal: CLIGoal)] = [
            (["import", "communes", "--geometry", dataDirectory + "/communes", "--cog", dataDirectory + "/cog/communes-2026.csv.gz",
              "--movements", dataDirectory + "/cog/mouvements-communes.csv.gz", "--population", dataDirectory + "/population/donnees_communes.csv.gz",
              "--epci", dataDirectory + "/epci/epci-communes-2025.csv.gz"], ["communes_imported"], .none),
            (["import", "cpts", files.perimeters], ["cpts", "rows_rejected"], .none),
            (["import", "rpps", files.rpps], ["imported", "rejected"], streaming),
            (["import", "finess", dataDirectory + "/sample-hauts-de-france/etalab-cs1100507-stock.csv.gz"], ["imported", "rejected"], streaming),
            (["import", "volunteers", files.roster], ["imported", "rejected"], streaming),
            (["import", "patients", files.patients], ["imported", "rejected"], streaming),
        ]
        return try steps.map { step in
            let run = try maillage.once(step.arguments)
            let label = step.arguments.prefix(2).joined(separator: " ") + (step.arguments[1] == "finess" ? " (sample)" : "")
            say(CLITable.line(CLIMeasure(command: label, seconds: run.seconds, megabytes: run.peakMB, postGISSeconds: nil,
                                         answer: try CLIOutput.imported(run.standardOutput, step.counts).text, goal: step.goal)))
            return (label, run.seconds)
        }
    }

    /// A command of the shipped binary and PostGIS's query for the same question.
    struct Question {
        let arguments: [String]
        let read: (Data) throws -> CLIAnswer
        let postGIS: (CLIPostGIS) throws -> (result: String, seconds: Double)
        let postGISAnswer: (String) -> CLIAnswer
        let goal: CLIGoal
    }

    /// The issue's queries: orientation (≤ 0.1 s, ≤ 100 MB), CPTS unions and white zones (≤ PostGIS / 10), the
    /// aggregates (≤ 0.1 s).
    static func questions(_ scenario: CLIScenario) -> [Question] {
        let orientation = CLIGoal.atMost(seconds: 0.1, megabytes: 100)
        let tenTimesPostGIS = CLIGoal.postGISRatio(atLeast: 10, text: "≤ PostGIS / 10")
        let fast = CLIGoal.atMost(seconds: 0.1)
        let gps: (String) -> CLIAnswer = { CLIAnswer(postGIS: $0, identitiesIn: 0, label: "GPs") }
        func figures(_ labels: [String]) -> (String) -> CLIAnswer { { CLIAnswer(postGIS: $0, labels: labels) } }
        let (lat, lon) = (String(address.latitude), String(address.longitude))
        let rpps = gpNear(commune, in: scenario)
        return [
            Question(arguments: ["nearest", "--commune", commune, "--k", "5"], read: CLIOutput.nearest,
                     postGIS: { try $0.nearest(commune: commune, k: 5) }, postGISAnswer: gps, goal: orientation),
            Question(arguments: ["nearest", "--lat", lat, "--lon", lon, "--k", "5"], read: CLIOutput.nearest,
                     postGIS: { try $0.nearest(latitude: address.latitude, longitude: address.longitude, k: 5) }, postGISAnswer: gps, goal: orientation),
            Question(arguments: ["requests-near", "--rpps", rpps, "--km", "10"], read: CLIOutput.requestsNear,
                     postGIS: { try $0.requestsNear(rpps: rpps, km: 10) },
                     postGISAnswer: { CLIAnswer(postGIS: $0, identitiesIn: 1, label: "requests") }, goal: orientation),
            // Every CPTS with its dissolved figures: `maillage cpts` (`coverage --by cpts` gives the coverage figures per CPTS).
            Question(arguments: ["cpts"], read: CLIOutput.cptsReports, postGIS: { try $0.cptsReports() },
                     postGISAnswer: figures(CLIOutput.cptsLabels), goal: tenTimesPostGIS),
            Question(arguments: ["white-zones"], read: CLIOutput.whiteZones, postGIS: { try $0.whiteZones() },
                     postGISAnswer: figures(CLIOutput.whiteZoneLabels), goal: tenTimesPostGIS),
            Question(arguments: ["overlaps"], read: CLIOutput.overlaps, postGIS: { try $0.overlaps() },
                     postGISAnswer: figures(CLIOutput.overlapLabels), goal: fast),
            Question(arguments: ["coverage", "--by", "nation"], read: CLIOutput.coverage, postGIS: { try $0.coverage(groupedBy: nil) },
                     postGISAnswer: figures(CLIOutput.coverageLabels), goal: fast),
            Question(arguments: ["coverage", "--by", "departement"], read: CLIOutput.coverage, postGIS: { try $0.coverage(groupedBy: "departement") },
                     postGISAnswer: figures(CLIOutput.coverageLabels), goal: fast),
        ]
    }

    static func ask(_ question: Question, _ maillage: ShippedMaillage, postGIS: CLIPostGIS?) throws {
        let run = try maillage.best(question.arguments)
        let answer = try postGIS.map(question.postGIS)
        say(CLITable.line(CLIMeasure(command: question.arguments.joined(separator: " "), seconds: run.seconds, megabytes: run.peakMB,
                                     postGISSeconds: answer?.seconds,
                                     answer: CLIAnswer.compared(try question.read(run.standardOutput), answer.map { question.postGISAnswer($0.result) }),
                                     goal: question.goal)))
    }

    /// The volunteer practising nearest to `code`'s representative point: in a city, with waiting patients around.
    static func gpNear(_ code: String, in scenario: CLIScenario) -> String {
        let point = scenario.layer.commune(code)?.representativePoint ?? scenario.volunteers[0].position
        return scenario.volunteers.min { Geodesic.distance($0.position, point) < Geodesic.distance($1.position, point) }!.rpps
    }

    /// No PostGIS equivalent: the matching is an optimisation, not a query; `serve` is a process start.
    static func matchAndServe(_ maillage: ShippedMaillage) throws {
        let match = try maillage.best(["match", "--max-km", "30"])
        let matched = try CLIOutput.object(match.standardOutput)
        let answer = CLIAnswer(figures: [("placed", Double((matched["assignments"] as? [Any])?.count ?? 0)),
                                         ("km in all", CLIOutput.number(matched["total_distance_km"]))])
        say(CLITable.line(CLIMeasure(command: "match --max-km 30", seconds: match.seconds, megabytes: match.peakMB, postGISSeconds: nil,
                                     answer: answer.text, goal: .atMost(seconds: 2, megabytes: 500))))
        let serve = try maillage.serveUntilHealthy()
        say(CLITable.line(CLIMeasure(command: "serve until /health answers (RSS then)", seconds: serve.seconds, megabytes: serve.rssMB,
                                     postGISSeconds: nil, answer: "200", goal: .atMost(seconds: 2, megabytes: 300))))
    }

    /// `import rpps` of a 2.3 M-row extract into a scratch copy of the store, next to PostgreSQL's `\copy` of the same file.
    static func largeImport(_ maillage: ShippedMaillage, scenario: CLIScenario, postGIS: CLIPostGIS?) throws {
        let scratch = scenario.files.directory + "/scratch.sqlite"
        defer { BenchmarkSupport.removeDatabase(scratch) }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: maillage.store + suffix) {
            try FileManager.default.copyItem(atPath: maillage.store + suffix, toPath: scratch + suffix)
        }
        let rows = scenario.largeRPPSRows
        let copy = try postGIS?.copyLines(of: scenario.files.largeRPPS)
        let run = try maillage.once(["import", "rpps", scenario.files.largeRPPS], store: scratch)
        let imported = try CLIOutput.imported(run.standardOutput, ["rows_read"])
        let copied = copy.map { " / \\copy \($0.lines) lines (header included)" } ?? ""
        say(CLITable.line(CLIMeasure(command: "import rpps (\(String(format: "%.2f", Double(rows) / 1e6)) M rows, \(megabytes(scenario.files.largeRPPS)) MB)",
                                     seconds: run.seconds, megabytes: run.peakMB, postGISSeconds: copy?.seconds,
                                     answer: imported.text + copied, goal: .postGISRatio(atLeast: 0.5, text: "≤ 2× \\copy", megabytes: 300))))
    }

    static func megabytes(_ path: String) -> Int {
        Int(((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_000_000)
    }
}

extension CLIGoal {
    /// No target in the issue (building the store): measured, not judged.
    static var none: CLIGoal { CLIGoal(text: "–") { _ in nil } }
}
