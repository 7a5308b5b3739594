import Foundation
import Territory

/// A new access token for `maillage serve`: its SHA-256 line appended to the tokens file (created readable by its owner
/// only), the token itself returned once and stored nowhere. A broken tokens file is reported, not appended to.
public struct IssueToken: Sendable {
    public let role: Role
    public let file: String

    /// A coordinator's CPTS id must be one word a tokens line can hold; a practitioner's, an RPPS number.
    public init(role: Role, file: String) throws {
        if let cpts = role.cpts, cpts.isEmpty || cpts.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" || $0 == ";" }) {
            throw UseCaseError.invalid(parameter: "cpts", reason: "un seul identifiant de CPTS, sans espace, `#` ni `;`")
        }
        if case .practitioner(let rpps) = role, !HealthIdentifier.isValidRPPS(rpps) {
            throw UseCaseError.invalid(parameter: "rpps", reason: "'\(rpps)' n'est pas un numéro RPPS (11 chiffres, clé de Luhn valide)")
        }
        self.role = role
        self.file = file
    }

    public struct Issued: Sendable {
        public let token: String
        /// The file can be read by others than its owner: the operator should `chmod 600` it.
        public let readableByOthers: Bool
    }

    public func run() throws -> Issued {
        var existing = ""
        if FileManager.default.fileExists(atPath: file) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AccessTokenError(source: file, line: 0, cause: .unreadable, reason: "cannot read the tokens file")
            }
            _ = try AccessTokens(text: text, source: file)   // `serve` would refuse a broken file anyway
            existing = text
        }
        let token = AccessTokens.generateToken()
        let line = (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + AccessTokens.line(token: token, role: role) + "\n"
        return Issued(token: token, readableByOthers: try append(line))
    }

    /// Appends with O_APPEND (never rewrites what is there), creating the file with mode 0600; whether others can read it.
    private func append(_ line: String) throws -> Bool {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw IssueTokenError(file: file, action: "open for writing", errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        let readableByOthers = fstat(descriptor, &status) == 0 && status.st_mode & 0o077 != 0
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else { throw IssueTokenError(file: file, action: "write", errno: errno) }
        return readableByOthers
    }
}

/// The tokens file could not be opened or written.
public struct IssueTokenError: Error, CustomStringConvertible {
    public let file: String
    public let action: String
    public let errno: Int32
    public var description: String { "\(file): cannot \(action) (\(String(cString: strerror(errno))))" }
}
