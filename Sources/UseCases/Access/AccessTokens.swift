import Crypto
import Foundation
import Territory

/// What a caller may do. Anonymous callers read the public layers (communes, CPTS, white zones,
/// pharmacies, coverage); `ars` reads everything but patient data and checks perimeters; a
/// `coordinator` works the waiting list and the roster of one CPTS; a `practitioner` (one RPPS number) sees the
/// requests of the CPTS he practises in, accepts or declines them, and keeps his own roster entry.
public enum Role: Sendable, Equatable {
    case anonymous
    case ars
    case coordinator(cpts: String)
    case practitioner(rpps: String)

    public var name: String {
        switch self {
        case .anonymous: return "anonymous"
        case .ars: return "ars"
        case .coordinator: return "coordinator"
        case .practitioner: return "practitioner"
        }
    }

    /// The CPTS of a coordinator.
    public var cpts: String? { if case .coordinator(let cpts) = self { cpts } else { nil } }

    /// The scope a tokens line and a caller's label carry: a coordinator's CPTS, a practitioner's RPPS number.
    var scope: String? {
        switch self {
        case .coordinator(let cpts): return cpts
        case .practitioner(let rpps): return rpps
        case .anonymous, .ars: return nil
        }
    }
}

/// The authenticated caller of a request: its role and a name for the logs (never the token itself).
public struct Caller: Sendable, Equatable {
    public var role: Role
    /// `ars#1f3a9c2e`, `coordinator:CPTS-80-01#9b…`: the role, scope and the first 8 hex digits of the token's
    /// SHA-256 (as in the tokens file, so that an operator finds the line of a caller seen in the logs).
    public var label: String

    public static let anonymous = Caller(role: .anonymous, label: "anonymous")

    public init(role: Role, label: String) { self.role = role; self.label = label }

    /// The caller as the audit trail records it.
    public var requester: Requester { Requester(who: label, role: role.name, cpts: role.cpts) }
}

/// The tokens the service accepts, read from a file (`--tokens FILE`) or from `MAILLAGE_TOKENS`: their SHA-256
/// digests only, so that a copy of the file (a backup, a leaked config) lets nobody in.
///
/// One token per line (or per `;`-separated entry in the variable): `sha256:HEX ROLE [SCOPE]`, HEX the 64
/// hexadecimal digits of the SHA-256 of the token's UTF-8 bytes, ROLE `ars` (no scope), `coordinator` (exactly one
/// CPTS id) or `practitioner` (exactly one RPPS number); blank lines and `#` comments are skipped. `maillage token add` writes such lines; so does `line(token:role:)`.
///
/// ```swift
/// let text = AccessTokens.line(token: "c00rd-80", role: .coordinator(cpts: "CPTS-80-01"))   // "sha256:5c1e… coordinator CPTS-80-01"
/// let tokens = try AccessTokens(text: text, source: "MAILLAGE_TOKENS")
/// tokens.caller(bearer: "c00rd-80")?.role   // .coordinator(cpts: "CPTS-80-01")
/// ```
public struct AccessTokens: Sendable {
    /// Callers by the digest of their token.
    private var callers: [Digest: Caller] = [:]

    public init() {}

    public init(text: String, source: String) throws {
        let entries = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == ";" }
        for (index, entry) in entries.enumerated() {
            let line = index + 1
            func refuse(_ cause: AccessTokenError.Cause, _ reason: String) -> AccessTokenError {
                AccessTokenError(source: source, line: line, cause: cause, reason: reason)
            }
            let words = entry.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            guard words[0].hasPrefix(Self.prefix) else {
                throw refuse(.notAHash, "expected `\(Self.prefix)HEX ROLE [CPTS_ID]` (the file holds SHA-256 digests of the tokens, "
                             + "written by `maillage token add`), not a token in clear")
            }
            guard let digest = Digest(hex: words[0].dropFirst(Self.prefix.count)) else {
                throw refuse(.badHex, "the digest must be 64 hexadecimal digits after `\(Self.prefix)`")
            }
            guard callers[digest] == nil else { throw refuse(.duplicate, "digest listed twice") }
            let role: Role
            switch (words.count > 1 ? words[1] : "", words.count) {
            case ("ars", 2): role = .ars
            case ("ars", _): throw refuse(.arsWithCPTS, "an ars token takes no CPTS id")
            case ("coordinator", 3): role = .coordinator(cpts: words[2])
            case ("coordinator", _): throw refuse(.coordinatorWithoutCPTS, "a coordinator token needs exactly one CPTS id")
            case ("practitioner", 3) where HealthIdentifier.isValidRPPS(words[2]): role = .practitioner(rpps: words[2])
            case ("practitioner", _):
                throw refuse(.practitionerWithoutRPPS, "a practitioner token needs exactly one RPPS number (11 digits, valid Luhn key)")
            default: throw refuse(.unknownRole, "the role must be `ars`, `coordinator` or `practitioner`")
            }
            callers[digest] = Self.caller(role: role, digest: digest)
        }
    }

    /// Tokens of a file, then of `MAILLAGE_TOKENS`.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AccessTokens {
        var tokens = AccessTokens()
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AccessTokenError(source: file, line: 0, cause: .unreadable, reason: "cannot read the tokens file")
            }
            tokens.merge(try AccessTokens(text: text, source: file))
        }
        if let text = environment["MAILLAGE_TOKENS"] { tokens.merge(try AccessTokens(text: text, source: "MAILLAGE_TOKENS")) }
        return tokens
    }

    public var count: Int { callers.count }

    /// The caller of a bearer token, nil for a token the service does not know.
    ///
    /// No timing leak on the token: the token is hashed first, and only its digest meets the stored ones. An attacker
    /// timing the dictionary lookup learns at most how a digest compares with stored digests, and cannot choose a token
    /// whose digest is one byte closer to a stored one (that is a SHA-256 preimage), so the time reveals nothing that
    /// would guide a guess. The final check of the digest found then compares all 32 bytes without early exit anyway.
    public func caller(bearer token: String) -> Caller? {
        let digest = Digest(of: token)
        guard let index = callers.index(forKey: digest) else { return nil }
        let (stored, caller) = callers[index]
        return Digest.constantTimeEqual(stored, digest) ? caller : nil
    }

    mutating func merge(_ other: AccessTokens) { callers.merge(other.callers) { _, new in new } }

    static let prefix = "sha256:"

    /// The tokens file line of `token` for `role`: what `maillage token add` appends, and what tests write.
    public static func line(token: String, role: Role) -> String {
        prefix + Digest(of: token).hex + " " + role.name + (role.scope.map { " " + $0 } ?? "")
    }

    /// A new random token: 256 bits from the system's CSPRNG, as 64 hex digits (safe in a header and a shell).
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    static func caller(role: Role, digest: Digest) -> Caller {
        Caller(role: role, label: role.name + (role.scope.map { ":" + $0 } ?? "") + "#" + digest.hex.prefix(8))
    }

    /// The 32 bytes of a token's SHA-256.
    struct Digest: Hashable, Sendable {
        let bytes: [UInt8]

        init(of token: String) { bytes = Array(SHA256.hash(data: Array(token.utf8))) }

        init?(hex: Substring) {
            guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }   // no sign UInt8(_:radix:) would take
            var bytes: [UInt8] = []
            bytes.reserveCapacity(32)
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            self.bytes = bytes
        }

        var hex: String { bytes.map { String(format: "%02x", $0) }.joined() }

        /// Equal digests, every byte compared whatever the first difference (no early exit).
        static func constantTimeEqual(_ a: Digest, _ b: Digest) -> Bool {
            guard a.bytes.count == b.bytes.count else { return false }
            var difference: UInt8 = 0
            for i in 0..<a.bytes.count { difference |= a.bytes[i] ^ b.bytes[i] }
            return difference == 0
        }
    }
}

/// A tokens file or `MAILLAGE_TOKENS` entry refused: where (`source:line`) and why.
public struct AccessTokenError: Error, CustomStringConvertible, Equatable {
    public enum Cause: Sendable, Equatable {
        /// The file cannot be read (line 0).
        case unreadable
        /// The first word is not `sha256:…` (a token in clear, most likely).
        case notAHash
        /// `sha256:` not followed by 64 hexadecimal digits.
        case badHex
        /// The same digest on two lines.
        case duplicate
        case unknownRole
        case coordinatorWithoutCPTS
        case arsWithCPTS
        case practitionerWithoutRPPS
    }

    public var source: String
    public var line: Int
    public var cause: Cause
    public var reason: String
    public var description: String { line > 0 ? "\(source):\(line): \(reason)" : "\(source): \(reason)" }
}
