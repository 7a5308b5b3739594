import Foundation
import Storage
import StoragePostGIS
import StoreTestSupport

/// The sample imported once per test run into a temporary store, by the CLI itself (the sequence of Tools/demo.sh,
/// with Guadeloupe added): a SQLite file, or in the PostGIS pass (`MAILLAGE_TEST_DB`) a schema of its own. Every test
/// class reads it, the import tests check the summaries printed on the way. Commands that write (a CPTS import with
/// bad rows…) run on a copy (`scratchCopy`), so that the shared store stays the sample whatever order the tests run in.
struct SampleStore: Sendable {
    /// The folder of this run's stores, removed when the test process exits.
    static let directory = NSTemporaryDirectory() + "maillage-cli-tests-\(getpid())"

    var path: String
    var communes: CommandResult
    var cpts: CommandResult
    var rpps: CommandResult
    var finess: CommandResult
    var volunteers: CommandResult
    var patients: CommandResult

    static let shared: Result<SampleStore, Error> = Result {
        _ = try MaillageProcess.binary.get()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: SampleStore.directory) }
        let db = try ScratchStore.location(named: "cli_sample", in: directory)
        let communes = try MaillageProcess.run(["import", "communes", "--geometry", SampleData.communes, "--cog", SampleData.cog,
                                                "--movements", SampleData.movements, "--population", SampleData.population,
                                                "--epci", SampleData.epci, "--cog-departements", SampleData.cogDepartements, "--departements", (SampleData.hautsDeFrance + [SampleData.guadeloupe]).joined(separator: ",")],
                                               db: db)
        guard communes.status == 0 else { throw CLITestError("the commune import failed, nothing else can run: \(communes.transcript)") }
        return SampleStore(path: db, communes: communes,
                           cpts: try MaillageProcess.run(["import", "cpts", SampleData.perimeters], db: db),
                           rpps: try MaillageProcess.run(["import", "rpps", SampleData.rpps], db: db),
                           finess: try MaillageProcess.run(["import", "finess", SampleData.finess], db: db),
                           volunteers: try MaillageProcess.run(["import", "volunteers", SampleData.roster], db: db),
                           patients: try MaillageProcess.run(["import", "patients", SampleData.patients], db: db))
    }

    /// Runs a command on the shared store (through `MAILLAGE_DB`, as README's users set it).
    static func run(_ arguments: [String]) throws -> CommandResult {
        try MaillageProcess.run(arguments, db: try shared.get().path)
    }

    /// A private copy of the imported store, for a test that writes: a copy of the file, or of the PostGIS schema.
    static func scratchCopy() async throws -> String {
        let source = try shared.get().path
        if PostGISLocation.isURL(source) {
            let copy = try await PostGISStore(url: source).copy(toSchema: ScratchStore.schema(named: "cli_copy"))
            return copy.location.urlString
        }
        let copy = directory + "/scratch-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: source + suffix) {
            try FileManager.default.copyItem(atPath: source + suffix, toPath: copy + suffix)
        }
        return copy
    }

    /// A file in this run's folder, for what a test writes (a perimeter CSV, an export).
    static func temporaryFile(_ name: String, contents: String? = nil) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/\(UUID().uuidString)-\(name)"
        if let contents { try contents.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }
}
