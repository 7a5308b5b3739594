import ChildProcess
import Foundation
import XCTest

/// `maillage token add` as an operator runs it, then `maillage serve` with the file it wrote and the token it printed.
final class TokenCommandTests: XCTestCase {
    func testAddPrintsTheTokenOnceAndAppendsItsSHA256() throws {
        let file = try SampleStore.temporaryFile("tokens.txt")
        let coordinator = try MaillageProcess.run(["token", "add", "--role", "coordinator", "--cpts", "CPTS-80-002", "--tokens", file]).succeeded()
        let token = coordinator.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(token.count == 64 && token.allSatisfy(\.isHexDigit), coordinator.transcript)
        let ars = try MaillageProcess.run(["token", "add", "--role", "ars", "--tokens", file]).succeeded()
        let arsToken = ars.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertNotEqual(token, arsToken)
        // A GP of the sample's roster, in Saint-Quentin.
        let practitioner = try MaillageProcess.run(["token", "add", "--role", "practitioner", "--rpps", "10967210880", "--tokens", file]).succeeded()
        let practitionerToken = practitioner.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)

        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["sha256:\(try sha256sum(token)) coordinator CPTS-80-002", "sha256:\(try sha256sum(arsToken)) ars",
                               "sha256:\(try sha256sum(practitionerToken)) practitioner 10967210880"])
        XCTAssertFalse(try String(contentsOfFile: file, encoding: .utf8).contains(token), "the token itself is stored nowhere")
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600, "created readable by its owner only")

        try withServe(tokens: file) { url in
            XCTAssertEqual(try curl(["-X", "POST", "-H", "Authorization: Bearer \(token)", url + "/api/v1/match?max_km=30"]), 200)
            XCTAssertEqual(try curl(["-X", "POST", "-H", "Authorization: Bearer \(arsToken)", url + "/api/v1/match"]), 403, "ars: not patient data")
            XCTAssertEqual(try curl(["-H", "Authorization: Bearer \(practitionerToken)", url + "/api/v1/me"]), 200)
            XCTAssertEqual(try curl(["-X", "POST", "-H", "Authorization: Bearer \(practitionerToken)", url + "/api/v1/match"]), 403, "not a coordinator")
            XCTAssertEqual(try curl(["-X", "POST", "-H", "Authorization: Bearer sha256:\(try sha256sum(token))", url + "/api/v1/match"]), 401,
                           "the file's digest is no token")
        }
    }

    func testRolesAndTheirCPTSAreChecked() throws {
        let file = try SampleStore.temporaryFile("tokens.txt")
        let coordinator = try MaillageProcess.run(["token", "add", "--role", "coordinator", "--tokens", file])
        XCTAssertNotEqual(coordinator.status, 0)
        XCTAssertTrue(coordinator.stderr.contains("--role coordinator demande --cpts"), coordinator.transcript)
        let ars = try MaillageProcess.run(["token", "add", "--role", "ars", "--cpts", "CPTS-80-002", "--tokens", file])
        XCTAssertNotEqual(ars.status, 0)
        XCTAssertTrue(ars.stderr.contains("--cpts n'est que pour --role coordinator"), ars.transcript)
        let noRPPS = try MaillageProcess.run(["token", "add", "--role", "practitioner", "--tokens", file])
        XCTAssertTrue(noRPPS.stderr.contains("--role practitioner demande --rpps"), noRPPS.transcript)
        let badRPPS = try MaillageProcess.run(["token", "add", "--role", "practitioner", "--rpps", "10967210881", "--tokens", file])
        XCTAssertTrue(badRPPS.stderr.contains("--rpps : '10967210881' n'est pas un numéro RPPS"), badRPPS.transcript)
        XCTAssertTrue(coordinator.stdout.isEmpty && ars.stdout.isEmpty && noRPPS.stdout.isEmpty && badRPPS.stdout.isEmpty, "no token printed when none is added")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))

        // A file with a token in clear (the old format) is refused with its line, not appended to.
        try "old-clear-token ars\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try MaillageProcess.run(["token", "add", "--role", "ars", "--tokens", file])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("\(file):1: expected `sha256:HEX"), refused.transcript)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "old-clear-token ars\n")
        let serve = try MaillageProcess.run(["serve", "--port", "0", "--tokens", file], db: try SampleStore.shared.get().path)
        XCTAssertNotEqual(serve.status, 0)
        XCTAssertTrue(serve.stderr.contains("\(file):1:"), serve.transcript)
    }

    /// coreutils' digest: independent of the project's swift-crypto.
    private func sha256sum(_ text: String) throws -> String {
        let file = try SampleStore.temporaryFile("digest-input", contents: text)
        return String(try ChildProcess.run("/usr/bin/sha256sum", [file]).output.prefix(64))
    }

    private func curl(_ arguments: [String]) throws -> Int {
        Int(try ChildProcess.run("/usr/bin/env", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "30"] + arguments)
            .output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// `maillage serve --port 0` on the sample store until `/health` answers, then `body`, then SIGTERM.
    private func withServe(tokens: String, _ body: (String) throws -> Void) throws {
        let log = try SampleStore.temporaryFile("serve.log", contents: "")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: try MaillageProcess.binary.get())
        server.arguments = ["serve", "--db", try SampleStore.shared.get().path, "--port", "0", "--tokens", tokens]
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        server.standardError = FileHandle(forWritingAtPath: log)
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, server.isRunning {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let match = text.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                let url = String(text[match])
                if try curl([url + "/health"]) == 200 { return try body(url) }
            }
            usleep(50_000)
        }
        XCTFail("maillage serve did not answer /health: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }
}
