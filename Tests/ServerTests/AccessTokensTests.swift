import UseCases
import Foundation
import MaillageServer
import XCTest

/// The tokens file: SHA-256 lines, roles, scopes, and refusals that name the line and the cause.
final class AccessTokensTests: XCTestCase {
    func testLinesHoldTheSHA256OfTheToken() throws {
        let line = AccessTokens.line(token: "abcdefgh-ars", role: .ars)
        XCTAssertEqual(line, "sha256:" + Self.sha256sum("abcdefgh-ars") + " ars")
        XCTAssertFalse(line.contains("abcdefgh-ars"))
        XCTAssertEqual(AccessTokens.line(token: "t", role: .coordinator(cpts: "CPTS-80-002")), "sha256:" + Self.sha256sum("t") + " coordinator CPTS-80-002")
    }

    func testRolesScopesAndLabels() throws {
        let text = "# team\n\(AccessTokens.line(token: "abcdefgh-ars", role: .ars))\n\n  "
            + AccessTokens.line(token: "coord-80-token", role: .coordinator(cpts: "CPTS-80-002")) + "  # Amiens\n"
        let tokens = try AccessTokens(text: text, source: "tokens.txt")
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens.caller(bearer: "abcdefgh-ars")?.role, .ars)
        let coordinator = try XCTUnwrap(tokens.caller(bearer: "coord-80-token"))
        XCTAssertEqual(coordinator.role, .coordinator(cpts: "CPTS-80-002"))
        XCTAssertEqual(coordinator.label, "coordinator:CPTS-80-002#" + Self.sha256sum("coord-80-token").prefix(8))
        XCTAssertNil(tokens.caller(bearer: "coord-80-toke"))
        XCTAssertNil(tokens.caller(bearer: "sha256:" + Self.sha256sum("coord-80-token")), "the digest itself is no token")
        // Upper-case hex is the same digest.
        XCTAssertEqual(try AccessTokens(text: "sha256:" + Self.sha256sum("abcdefgh-ars").uppercased() + " ars", source: "t").caller(bearer: "abcdefgh-ars")?.role, .ars)
        // A practitioner: his RPPS number on the line and in the label.
        let line = AccessTokens.line(token: "prat-token", role: .practitioner(rpps: "10967210880"))
        XCTAssertEqual(line, "sha256:" + Self.sha256sum("prat-token") + " practitioner 10967210880")
        let practitioner = try XCTUnwrap(try AccessTokens(text: line, source: "t").caller(bearer: "prat-token"))
        XCTAssertEqual(practitioner.role, .practitioner(rpps: "10967210880"))
        XCTAssertEqual(practitioner.label, "practitioner:10967210880#" + Self.sha256sum("prat-token").prefix(8))
        XCTAssertEqual(practitioner.requester.role, "practitioner")
        XCTAssertNil(practitioner.requester.cpts)
    }

    func testGeneratedTokensAre256RandomBits() {
        let tokens = (0..<100).map { _ in AccessTokens.generateToken() }
        XCTAssertEqual(Set(tokens).count, 100)
        for token in tokens { XCTAssertTrue(token.count == 64 && token.allSatisfy(\.isHexDigit), token) }
    }

    func testEnvironmentEntriesAreSemicolonSeparatedAndMergedAfterTheFile() throws {
        let environment = AccessTokens.line(token: "token-one-1", role: .ars) + ";" + AccessTokens.line(token: "token-two-2", role: .coordinator(cpts: "CPTS-59-001"))
        let tokens = try AccessTokens.load(file: nil, environment: ["MAILLAGE_TOKENS": environment])
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens.caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-59-001"))

        // With a file: its tokens and the environment's together, the environment winning for a token in both.
        let file = NSTemporaryDirectory() + "maillage-tokens-\(UUID().uuidString).txt"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try (AccessTokens.line(token: "file-token-1", role: .ars) + "\n" + AccessTokens.line(token: "token-two-2", role: .coordinator(cpts: "CPTS-80-002")) + "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let merged = try AccessTokens.load(file: file, environment: ["MAILLAGE_TOKENS": environment])
        XCTAssertEqual(merged.count, 3)
        XCTAssertEqual(merged.caller(bearer: "file-token-1")?.role, .ars)
        XCTAssertEqual(merged.caller(bearer: "token-one-1")?.role, .ars)
        XCTAssertEqual(merged.caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-59-001"), "merged after the file")
        XCTAssertEqual(try AccessTokens.load(file: file, environment: [:]).caller(bearer: "token-two-2")?.role, .coordinator(cpts: "CPTS-80-002"))
    }

    func testBadLinesAreRefusedWithTheirLineAndCause() {
        let good = "sha256:" + Self.sha256sum("good-token-1")
        let cases: [(String, Int, AccessTokenError.Cause, String)] = [
            ("\(good) ars\ngood-token-2 ars", 2, .notAHash, "not a token in clear"),
            ("\(good) ars\nsha256:12ab ars", 2, .badHex, "64 hexadecimal digits"),
            ("sha256:" + String(repeating: "g", count: 64) + " ars", 1, .badHex, "64 hexadecimal digits"),
            ("\(good) ars\n\n\(good) ars", 3, .duplicate, "listed twice"),
            ("\(good) coordinator", 1, .coordinatorWithoutCPTS, "exactly one CPTS"),
            ("\(good) ars CPTS-80-002", 1, .arsWithCPTS, "no CPTS"),
            ("\(good) admin", 1, .unknownRole, "`ars`, `coordinator` or `practitioner`"),
            ("\(good) practitioner", 1, .practitionerWithoutRPPS, "exactly one RPPS number"),
            ("\(good) practitioner 10000000001", 1, .practitionerWithoutRPPS, "valid Luhn key"),
            ("\(good) practitioner 1096721088", 1, .practitionerWithoutRPPS, "11 digits"),
        ]
        for (text, line, cause, reason) in cases {
            XCTAssertThrowsError(try AccessTokens(text: text, source: "tokens.txt"), text) { error in
                let error = error as? AccessTokenError
                XCTAssertEqual(error?.line, line, text)
                XCTAssertEqual(error?.cause, cause, text)
                XCTAssertTrue(error?.description.hasPrefix("tokens.txt:\(line): ") == true, text)
                XCTAssertTrue(error?.reason.contains(reason) == true, "\(text): \(error?.reason ?? "")")
            }
        }
        XCTAssertThrowsError(try AccessTokens.load(file: "/nonexistent/tokens.txt", environment: [:])) { error in
            XCTAssertEqual((error as? AccessTokenError)?.cause, .unreadable)
        }
    }

    /// The digest by coreutils' sha256sum: an implementation independent of the one under test.
    static func sha256sum(_ text: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try! process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try! input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
