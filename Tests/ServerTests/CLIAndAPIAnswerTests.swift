import ChildProcess
import Foundation
import GeometryKit
import HummingbirdTesting
import Storage
import StoragePostGIS
import StorageSQLite
import XCTest

/// One question, one answer: the built `maillage`, run on the store a live service serves, prints for each question
/// exactly the bytes the service sends (both go through the same use case and the same `Encodable` answer) — coverage
/// by CPTS and by département, white zones (whole, cut at a département), overlaps, nearest (by commune, by position,
/// with filters), accessibility (communes of a département, by CPTS with other weights, by département) and the CPTS list.
final class CLIAndAPIAnswerTests: XCTestCase {
    static let questions: [(cli: [String], api: String)] = [
        (["coverage", "--by", "cpts"], "/api/v1/coverage?by=cpts"),
        (["coverage", "--by", "departement", "--status", "aci-signe"], "/api/v1/coverage?by=departement&status=aci-signe"),
        (["coverage"], "/api/v1/coverage"),
        (["white-zones"], "/api/v1/white-zones"),
        (["white-zones", "--national"], "/api/v1/white-zones?national=true"),
        (["white-zones", "--departement", "80", "--status", "aci-signe"], "/api/v1/white-zones?departement=80&status=aci-signe"),
        (["overlaps"], "/api/v1/overlaps"),
        // The roster's ages counted from the day the tests' services count them from (`SampleService.rosterClock`).
        (["nearest", "--commune", "80021", "--as-of", "2026-12-07"], "/api/v1/nearest?commune=80021"),
        (["nearest", "--lat", "50.6292", "--lon", "3.0573", "--k", "12", "--home-visits", "--max-km", "25", "--as-of", "2026-12-07"],
         "/api/v1/nearest?lat=50.6292&lon=3.0573&k=12&home_visits=true&max_km=25"),
        (["nearest", "--commune", "59350", "--same-cpts", "--as-of", "2026-12-07"], "/api/v1/nearest?commune=59350&same_cpts=true"),
        (["accessibility", "--departement", "80"], "/api/v1/accessibility?departement=80"),
        (["accessibility", "--by", "cpts", "--radius-km", "20", "--weights", "10:1,20:0.5"],
         "/api/v1/accessibility?by=cpts&radius_km=20&weights=10:1,20:0.5"),
        (["accessibility", "--by", "departement"], "/api/v1/accessibility?by=departement"),
        (["cpts", "--status", "aci-signe"], "/api/v1/cpts?status=aci-signe"),
        (["diagnostic", "--cpts", "CPTS-80-002"], "/api/v1/cpts/CPTS-80-002/diagnostic"),
        (["white-zones", "proposals"], "/api/v1/white-zones/proposals"),
        (["diagnostic", "--cpts", "CPTS-02-007", "--proposed"], "/api/v1/cpts/CPTS-02-007/diagnostic?proposed=true"),
        (["white-zones", "proposals", "--region", "Hauts-de-France", "--status", "aci-signe"],
         "/api/v1/white-zones/proposals?region=32&status=aci-signe"),
    ]

    func testTheCLIPrintsWhatTheServiceSends() async throws {
        guard let maillage = ChildProcess.builtProduct("maillage").path else {
            throw XCTSkip("no maillage executable beside the tests: `swift build --product maillage` first")
        }
        let store = try await SampleService.freshStore()
        let location = (store as? PostGISStore)?.location.urlString ?? (store as! SQLiteStore).path
        try await SampleService.withServer(store: store) { client, _ in
            for (arguments, path) in Self.questions {
                let printed = try ChildProcess.capture(maillage, arguments + ["--db", location])
                XCTAssertEqual(printed.status, 0, "maillage \(arguments.joined(separator: " ")): \(printed.standardError)")
                let sent = try await client.get(path)
                XCTAssertEqual(sent.status, .ok, "\(path): \(sent.text)")
                let cli = printed.standardOutputText.trimmingCharacters(in: .newlines)
                XCTAssertEqual(cli, sent.text, "maillage \(arguments.joined(separator: " ")) and GET \(path)")
                // Not an empty agreement: each answer holds data.
                XCTAssertGreaterThan(cli.count, 50, path)
                XCTAssertEqual(try JSONParser.parse(Array(cli.utf8)), try sent.json(), path)
            }
        }
    }
}
