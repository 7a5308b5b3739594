import Foundation
import MaillageServer
import XCTest

/// The tokens file: roles, scopes, and refusals that name the line.
final class AccessTokensTests: XCTestCase {
    func testRolesScopesAndLabels() throws {
        let tokens = try AccessTokens(text: "# team\nabcdefgh-ars ars\n\n  coord-80-token  coordinator CPTS-80-002  # Amiens\n", source: "tokens.txt")
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens.caller(bearer: "abcdefgh-ars")?.role, .ars)
        let coordinator = try XCTUnwrap(tokens.caller(bearer: "coord-80-token"))
        XCTAssertEqual(coordinator.role, .coordinator(cpts: "CPTS-80-002"))
        XCTAssertTrue(coordinator.label.hasPrefix("coordinator:CPTS-80-002#"))
        XCTAssertFalse(coordinator.label.contains("coord-80-token"), "the label never carries the token")
        XCTAssertNil(tokens.caller(bearer: "coord-80-toke"))
    }

    func testEnvironmentEntriesAreSemicolonSeparatedAndMergedAfterTheFile() throws {
        let tokens = try AccessTokens.load(file: nil, environment: ["MAILLAGE_TOKENS": "token-one-1 ars;token-two-2 coordinator CPTS-59-001"])
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens.caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-59-001"))

        // With a file: its tokens and the environment's together, the environment winning for a token in both.
        let file = NSTemporaryDirectory() + "maillage-tokens-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "file-token-1 ars\ntoken-two-2 coordinator CPTS-80-002\n".write(toFile: file, atomically: true, encoding: .utf8)
        let merged = try AccessTokens.load(file: file, environment: ["MAILLAGE_TOKENS": "token-one-1 ars;token-two-2 coordinator CPTS-59-001"])
        XCTAssertEqual(merged.count, 3)
        XCTAssertEqual(merged.caller(bearer: "file-token-1")?.role, .ars)
        XCTAssertEqual(merged.caller(bearer: "token-one-1")?.role, .ars)
        XCTAssertEqual(merged.caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-59-001"), "merged after the file")
        XCTAssertEqual(try AccessTokens.load(file: file, environment: [:]).caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-80-002"))
    }

    func testBadLinesAreRefusedWithTheirLine() {
        let cases: [(String, Int, String)] = [
            ("good-token-1 ars\nshort ars", 2, "shorter than 8"),
            ("good-token-1 ars\ngood-token-1 ars", 2, "listed twice"),
            ("good-token-1 coordinator", 1, "exactly one CPTS"),
            ("good-token-1 admin", 1, "expected"),
        ]
        for (text, line, reason) in cases {
            XCTAssertThrowsError(try AccessTokens(text: text, source: "tokens.txt"), text) { error in
                let error = error as? AccessTokenError
                XCTAssertEqual(error?.line, line, text)
                XCTAssertTrue(error?.description.hasPrefix("tokens.txt:\(line): ") == true, text)
                XCTAssertTrue(error?.reason.contains(reason) == true, "\(text): \(error?.reason ?? "")")
            }
        }
        XCTAssertThrowsError(try AccessTokens.load(file: "/nonexistent/tokens.txt", environment: [:]))
    }
}
