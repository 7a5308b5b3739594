import Foundation
import XCTest

/// What a user sees when a command is refused or a file is bad: a non-zero exit, the reason on stderr, nothing
/// half-written. Negative numbers are read as values by every numeric option, so that the validation (not the
/// parser) answers. Commands that write run on a scratch copy of the sample store, through `--db`.
final class ErrorCaseTests: XCTestCase {
    /// `--k -1` reaches the validation (the value is read, not taken for a flag) and is refused with its reason.
    func testNearestRefusesNegativeK() throws {
        for arguments in [["--k", "-1"], ["--k=-1"]] {
            let result = try SampleStore.run(["nearest", "--commune", "80021"] + arguments)
            XCTAssertEqual(result.status, 64, result.transcript)   // EX_USAGE, swift-argument-parser's validation exit code
            XCTAssertTrue(result.stderr.contains("--k doit être entre 1 et 100"), result.transcript)
            XCTAssertEqual(result.stdoutText, "")
        }
    }

    /// Every other numeric option takes a negative value as its value and refuses it in its own words (and `match`
    /// a distance beyond the bound it shares with `nearest`).
    func testNegativeValuesReachValidation() throws {
        let out = try SampleStore.temporaryFile("never-written.geojson")
        let cases: [(arguments: [String], message: String)] = [
            (["nearest", "--commune", "80021", "--max-km", "-3"], "--max-km doit être entre 0.001 et 1000"),
            (["match", "--max-km", "-1"], "--max-km doit être entre 0.001 et 1000"),
            (["match", "--max-km", "5000"], "--max-km doit être entre 0.001 et 1000"),
            (["requests-near", "--rpps", "10731857727", "--km", "-2.5"], "--km doit être entre 0.001 et 200"),
            (["export", "cpts", "--out", out, "--simplify", "-5"], "--simplify doit être entre 0 et 10000"),
            (["serve", "--port", "-1"], "--port doit être entre 0 et 65535"),
            (["serve", "--max-body-bytes", "-5"], "--max-body-bytes doit être positif"),
            (["purge", "--pending-older-than", "-2"], "--pending-older-than doit être d'au moins 1 mois"),
            (["purge"], "donner --assigned-before DATE, --pending-older-than MOIS, ou les deux"),
            (["purge", "--assigned-before", "1st of May"], "--assigned-before : 1st of May : date attendue AAAA-MM-JJ"),
            (["audit", "--since", "yesterday"], "--since : yesterday : date attendue AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SSZ"),
            (["audit", "--format", "geojson"], "--format geojson n'est pas proposé ici"),
            (["nearest", "--commune", "80021", "--stale-after", "0"], "--stale-after doit être entre 1 et 120"),
            (["match", "--stale-after", "12", "--exclude-after", "6"], "--exclude-after doit être au moins --stale-after (12 mois)"),
            (["roster", "stale", "--as-of", "2026-02-30"], "--as-of : '2026-02-30' n'est pas une date AAAA-MM-JJ ou JJ/MM/AAAA"),
        ]
        for (arguments, message) in cases {
            let result = try SampleStore.run(arguments)
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stderr.contains(message), result.transcript)
            XCTAssertFalse(result.stderr.contains("Missing value"), result.transcript)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "a refused export writes nothing")
    }

    /// A `postgres://` URL that cannot serve: the reason, the URL without its password, nothing created in a system schema.
    func testPostGISLocationsAreRefusedWithoutTheirPassword() throws {
        let cases: [(url: String, message: String)] = [
            ("postgres://maillage:s3cret@127.0.0.1:1/maillage?schema=information_schema",
             "schéma « information_schema » : réservé à PostgreSQL ou à PostGIS"),
            ("postgres://maillage:s3cret@127.0.0.1:1/maillage?schema=" + String(repeating: "r", count: 80), "80 octets, PostgreSQL n’en garde que 63"),
            ("postgres://maillage:s3cret@127.0.0.1:1/maillage?sslmode=disable", "postgres://maillage:***@127.0.0.1:1/maillage?sslmode=disable"),
            ("postgres://maillage:s3cret@127.0.0.1:1/maillage", "127.0.0.1:1"),   // nothing listens on port 1
        ]
        for (url, message) in cases {
            let result = try MaillageProcess.run(["coverage", "--db", url])
            XCTAssertNotEqual(result.status, 0, result.transcript)
            XCTAssertTrue(result.stderr.contains(message), result.transcript)
            XCTAssertFalse((result.stderr + result.stdoutText).contains("s3cret"), result.transcript)
        }
    }

    /// A CPTS file with bad rows: each rejected row is reported on stderr with file:line and reason, the good rows
    /// are imported (here: two CPTS, P-80 with its one good commune).
    func testImportCPTSReportsRejectedRows() async throws {
        let db = try await SampleStore.scratchCopy()
        let file = try SampleStore.temporaryFile("perimetres.csv", contents: """
            cpts_id;cpts_nom;statut;code_commune;nom_commune
            P-80;Projet;pre-projet;80021;Amiens
            P-80;Projet;en-reve;80001;Abbeville
            P-80;Projet;pre-projet;99999;Nulle part
            Q-59;Lille;aci-signe;59350;Lille

            """)
        let result = try MaillageProcess.run(["import", "cpts", "--db", db, file])
        struct Summary: Decodable { var cpts: Int, rowsRead: Int, rowsImported: Int, rowsRejected: Int, unknownCodes: [String] }
        let summary = try result.decode(Summary.self)
        XCTAssertEqual(summary.cpts, 2)
        XCTAssertEqual(summary.rowsRead, 4)
        XCTAssertEqual(summary.rowsImported, 2)
        XCTAssertEqual(summary.rowsRejected, 2)
        XCTAssertEqual(summary.unknownCodes, ["99999"])
        XCTAssertTrue(result.stderr.contains("\(file):3: statut 'en-reve' inconnu"), result.transcript)
        XCTAssertTrue(result.stderr.contains("\(file):4: code commune '99999' inconnu"), result.transcript)
        let listing = try MaillageProcess.run(["cpts", "--db", db, "--format", "csv"]).succeeded()
        let rows = listing.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.map { String($0[0]) }.sorted(), ["P-80", "Q-59"])
        XCTAssertEqual(rows.first { $0[0] == "P-80" }.map { String($0[6]) }, "1", "P-80 keeps its one good commune")
    }

    /// A missing file: non-zero exit, the path in the message, and the store unchanged.
    func testMissingFile() async throws {
        let db = try await SampleStore.scratchCopy()
        let missing = SampleStore.directory + "/no-such-folder/cpts-perimetres.csv"
        let result = try MaillageProcess.run(["import", "cpts", "--db", db, missing])
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains(missing), result.transcript)
        XCTAssertEqual(result.stdoutText, "")
        let nation = try MaillageProcess.run(["coverage", "--db", db]).decode(CoverageRow.self)
        XCTAssertEqual(nation.communesCovered, try SampleData.coveredCommunes().count, "the previous CPTS are kept")

        let communes = try MaillageProcess.run(["import", "communes", "--db", db, "--geometry", SampleData.communes, "--cog", missing,
                                                "--movements", SampleData.movements, "--population", SampleData.population])
        XCTAssertNotEqual(communes.status, 0, communes.transcript)
        XCTAssertTrue(communes.stderr.contains(missing), communes.transcript)
    }

    /// An unknown commune code: refused, with the code and the store in the message.
    func testUnknownCommune() throws {
        let result = try SampleStore.run(["communes", "show", "99999"])
        XCTAssertNotEqual(result.status, 0, result.transcript)
        XCTAssertTrue(result.stderr.contains("aucune commune de code '99999'"), result.transcript)
    }
}
