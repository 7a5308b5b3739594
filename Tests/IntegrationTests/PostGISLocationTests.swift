@testable import StoragePostGIS
import XCTest

/// `--db postgres://…` as read before any connection: schemas Maillage may create its tables in, and messages that
/// never repeat a password.
final class PostGISLocationTests: XCTestCase {
    func testSystemSchemasAndNamesPostgreSQLWouldCutAreRefused() {
        let refusals: [(String, PostGISLocationError)] = [
            ("information_schema", .systemSchema("information_schema")),
            ("pg_catalog", .systemSchema("pg_catalog")),
            ("pg_temp_3", .systemSchema("pg_temp_3")),
            ("topology", .systemSchema("topology")),
            ("tiger", .systemSchema("tiger")),
            (String(repeating: "a", count: 64), .schemaTooLong(String(repeating: "a", count: 64))),
            ("Region", .badSchema("Region")),
            ("a;drop", .badSchema("a;drop")),
            ("9a", .badSchema("9a")),
        ]
        for (schema, expected) in refusals {
            XCTAssertThrowsError(try PostGISLocation(url: "postgres://maillage@127.0.0.1/maillage?schema=\(schema)"), schema) { error in
                XCTAssertEqual(error as? PostGISLocationError, expected, schema)
            }
        }
        let longest = String(repeating: "b", count: 63)
        XCTAssertEqual(try PostGISLocation(url: "postgres://maillage@127.0.0.1/maillage?schema=\(longest)").schema, longest)
        XCTAssertEqual(try PostGISLocation(url: "postgres://maillage@127.0.0.1/maillage?schema=hauts_de_france").schema, "hauts_de_france")
        XCTAssertEqual(PostGISLocationError.schemaTooLong(longest + "b").description,
                       "schéma « \(longest)b » : 64 octets, PostgreSQL n’en garde que 63")
    }

    func testNoMessageRepeatsThePassword() {
        let urls = [
            "postgres://maillage:s3cr%C3%A9t@127.0.0.1:5432/maillage?schema=information_schema",
            "postgres://maillage:s3cr%C3%A9t@127.0.0.1:5432/maillage?sslmode=require",
            "postgres://maillage:s3cr%C3%A9t@127.0.0.1:5432/",
            "postgres://maillage:s3cr%C3%A9t@/maillage",
            "postgres://maillage:s3cr%C3%A9t@127.0.0.1:port/maillage",
        ]
        for url in urls {
            XCTAssertThrowsError(try PostGISLocation(url: url), url) { error in
                let message = String(describing: error)
                XCTAssertFalse(message.contains("s3cr"), message)
                if !url.contains("schema=") { XCTAssertTrue(message.contains("maillage:***@"), message) }
            }
        }
        XCTAssertEqual(PostGISLocation.redacted("postgres://u:p@ss:w@h:1/d?schema=s"), "postgres://u:***@h:1/d?schema=s")
        XCTAssertEqual(PostGISLocation.redacted("postgres://u@h/d"), "postgres://u@h/d")
        XCTAssertEqual(PostGISLocation.redacted("postgres://h/d?x=a:b@c"), "postgres://h/d?x=a:b@c")
        XCTAssertEqual(try PostGISLocation(url: "postgres://u:secret@h:1/d").description, "postgres://u@h:1/d")
    }
}
