import ArgumentParser
import Foundation
import MaillageServer

/// `maillage token add`: the only place a token exists in clear is this command's stdout, once.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage the access tokens of `maillage serve`.",
        subcommands: [TokenAdd.self]
    )
}

struct TokenAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a random token: print it once on stdout and append its SHA-256 to the tokens file.",
        discussion: """
        The tokens file (created with mode 0600 when missing) then holds `sha256:HEX ROLE [CPTS_ID]`: the token itself is \
        stored nowhere. Give the printed token to its holder; `maillage serve --tokens FILE` accepts it from its next start.
        """
    )

    enum RoleName: String, ExpressibleByArgument, CaseIterable { case ars, coordinator }

    @Option(help: "ars or coordinator.") var role: RoleName
    @Option(help: "The CPTS of a coordinator token (required for coordinator, refused for ars).") var cpts: String?
    @Option(help: "The tokens file to append to.") var tokens = "tokens.txt"

    func validate() throws {
        switch (role, cpts) {
        case (.coordinator, nil): throw ValidationError("--role coordinator needs --cpts CPTS_ID")
        case (.ars, .some): throw ValidationError("--role ars takes no --cpts (an ars token sees every CPTS)")
        case (.coordinator, let id?) where id.isEmpty || id.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" || $0 == ";" }):
            throw ValidationError("--cpts must be one CPTS id, without spaces, `#` or `;`")
        default: break
        }
    }

    func run() throws {
        let accessRole: Role = cpts.map { .coordinator(cpts: $0) } ?? .ars
        var existing = ""
        if FileManager.default.fileExists(atPath: tokens) {
            guard let text = try? String(contentsOfFile: tokens, encoding: .utf8) else { throw ValidationError("\(tokens): cannot read the tokens file") }
            // A broken file is reported, not appended to: `serve` would refuse it anyway.
            do { _ = try AccessTokens(text: text, source: tokens) } catch let error as AccessTokenError { throw ValidationError(error.description) }
            existing = text
        }
        let token = AccessTokens.generateToken()
        let line = (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + AccessTokens.line(token: token, role: accessRole) + "\n"
        try append(line)
        // stdout: the token alone, so that `TOKEN=$(maillage token add …)` captures it; what was done goes to stderr.
        print(token)
        Terminal.report("appended the SHA-256 of a new \(accessRole.name) token\(cpts.map { " for " + $0 } ?? "") to \(tokens); "
                        + "the token is printed once and stored nowhere")
    }

    /// Appends with O_APPEND (never rewrites what is there), creating the file readable by its owner only.
    private func append(_ line: String) throws {
        let descriptor = open(tokens, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw ValidationError("\(tokens): cannot open for writing (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & 0o077 != 0 {
            Terminal.report("warning: \(tokens) is readable by others than its owner (chmod 600 \(tokens))")
        }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw ValidationError("\(tokens): cannot write (\(String(cString: strerror(errno))))")
        }
    }
}
