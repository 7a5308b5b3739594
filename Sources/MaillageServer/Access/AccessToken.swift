import Foundation

/// What a caller may do. Anonymous callers read the public layers (communes, CPTS, white zones,
/// pharmacies, coverage); `ars` reads everything but patient data and checks perimeters; a
/// `coordinator` works the waiting list and the roster of one CPTS.
public enum Role: Sendable, Equatable {
    case anonymous
    case ars
    case coordinator(cpts: String)

    public var name: String {
        switch self {
        case .anonymous: return "anonymous"
        case .ars: return "ars"
        case .coordinator: return "coordinator"
        }
    }

    /// The CPTS of a coordinator.
    public var cpts: String? { if case .coordinator(let cpts) = self { cpts } else { nil } }
}

/// The authenticated caller of a request: its role and a name for the logs (never the token itself).
public struct Caller: Sendable, Equatable {
    public var role: Role
    /// `ars#1f3a9c2e`, `coordinator:CPTS-80-01#9b…`: the role, scope and a fingerprint of the token.
    public var label: String

    public static let anonymous = Caller(role: .anonymous, label: "anonymous")
}

/// The tokens the service accepts, read from a file (`--tokens FILE`) or from `MAILLAGE_TOKENS`.
///
/// One token per line (or per `;`-separated entry in the variable): `TOKEN ROLE [CPTS_ID]`, with
/// ROLE `ars` or `coordinator` (which needs the CPTS id); blank lines and `#` comments are skipped.
///
/// ```swift
/// let tokens = try AccessTokens(text: "s3cret-ars ars\nc00rd-80 coordinator CPTS-80-01", source: "MAILLAGE_TOKENS")
/// tokens.caller(bearer: "c00rd-80")?.role   // .coordinator(cpts: "CPTS-80-01")
/// ```
public struct AccessTokens: Sendable {
    private var callers: [String: Caller] = [:]

    public init() {}

    public init(text: String, source: String) throws {
        let entries = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == ";" }
        for (index, entry) in entries.enumerated() {
            let line = index + 1
            let words = entry.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if words.isEmpty { continue }
            guard words[0].count >= 8 else { throw AccessTokenError(source: source, line: line, reason: "token shorter than 8 characters") }
            guard callers[words[0]] == nil else { throw AccessTokenError(source: source, line: line, reason: "token listed twice") }
            let role: Role
            switch (words.count, words.count > 1 ? words[1] : "") {
            case (2, "ars"): role = .ars
            case (3, "coordinator"): role = .coordinator(cpts: words[2])
            case (_, "coordinator"): throw AccessTokenError(source: source, line: line, reason: "a coordinator token needs exactly one CPTS id")
            default: throw AccessTokenError(source: source, line: line, reason: "expected `TOKEN ars` or `TOKEN coordinator CPTS_ID`")
            }
            let scope = if case .coordinator(let cpts) = role { ":" + cpts } else { "" }
            callers[words[0]] = Caller(role: role, label: role.name + scope + "#" + Self.fingerprint(words[0]))
        }
    }

    /// Tokens of a file, then of `MAILLAGE_TOKENS`.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AccessTokens {
        var tokens = AccessTokens()
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw AccessTokenError(source: file, line: 0, reason: "cannot read the tokens file")
            }
            tokens.merge(try AccessTokens(text: text, source: file))
        }
        if let text = environment["MAILLAGE_TOKENS"] { tokens.merge(try AccessTokens(text: text, source: "MAILLAGE_TOKENS")) }
        return tokens
    }

    public var count: Int { callers.count }

    public func caller(bearer token: String) -> Caller? { callers[token] }

    mutating func merge(_ other: AccessTokens) { callers.merge(other.callers) { _, new in new } }

    /// FNV-1a of the token, 8 hex digits: tells tokens apart in the logs without revealing them.
    static func fingerprint(_ token: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in token.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

public struct AccessTokenError: Error, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var reason: String
    public var description: String { line > 0 ? "\(source):\(line): \(reason)" : "\(source): \(reason)" }
}
