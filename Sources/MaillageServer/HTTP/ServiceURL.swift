import Foundation
import Hummingbird
import Synchronization

/// The service's own URL in the links clients follow (OGC API links, TileJSON's tile template): `--public-url` when
/// given; else, behind a reverse proxy trusted with `--trust-proxy`, the scheme and host it forwards
/// (`X-Forwarded-Proto`, `X-Forwarded-Host`, else `Host`), each validated; else the address the server listens on. A
/// client's headers never write a link otherwise: `Host: evil.example` would put that host in answers a cache keeps
/// for everyone, `X-Forwarded-Proto: javascript` a script in them.
///
/// ```swift
/// let url = ServiceURL(publicURL: nil, trustProxy: false, host: "127.0.0.1", port: 8080)
/// url.root(request)   // "http://127.0.0.1:8080"
/// ```
final class ServiceURL: Sendable {
    private let publicURL: String?
    private let trustProxy: Bool
    private let host: String
    /// The port bound: the configured one, or the one the system chose for port 0 (`listening(onPort:)`).
    private let port: Mutex<Int>

    init(publicURL: String?, trustProxy: Bool, host: String, port: Int) {
        self.publicURL = publicURL; self.trustProxy = trustProxy; self.host = host; self.port = Mutex(port)
    }

    /// Told the port once the server listens.
    func listening(onPort port: Int) { self.port.withLock { $0 = port } }

    func root(_ request: Request) -> String {
        if let publicURL { return publicURL }
        if trustProxy {
            let proto = request.headers[.init("X-Forwarded-Proto")!].map { $0.lowercased() }
            let forwardedHost = request.headers[.init("X-Forwarded-Host")!].flatMap { $0.split(separator: ",").first }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if let authority = [forwardedHost, request.head.authority].compactMap({ $0 }).first(where: Self.isAuthority) {
                return (proto == "https" ? "https" : "http") + "://" + authority
            }
        }
        let port = port.withLock { $0 }
        return "http://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    /// Whether `text` is a host (name, IPv4, or IPv6 in brackets) with an optional port: nothing a link could be bent with.
    static func isAuthority(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 255 else { return false }
        var host = Substring(text), port: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return false }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty { guard rest.first == ":" else { return false }; port = rest.dropFirst() }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            host = parts[0]; port = parts.count == 2 ? parts[1] : nil
            guard !host.isEmpty, host.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "-" }) else { return false }
        }
        if let port { guard (1...5).contains(port.count), port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), Int(port)! <= 65535 else { return false } }
        return true
    }

    /// `--public-url` as links use it: `http(s)://host[:port][/path]`, without a trailing slash; nil with the reason otherwise.
    static func validatedPublicURL(_ text: String) -> Result<String, PublicURLError> {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            return .failure(PublicURLError(text: text, reason: "l’adresse doit commencer par http:// ou https://"))
        }
        guard components.query == nil, components.fragment == nil, components.user == nil, components.password == nil else {
            return .failure(PublicURLError(text: text, reason: "ni requête, ni fragment, ni identifiants"))
        }
        let host = components.percentEncodedHost.map { $0.contains(":") && !$0.hasPrefix("[") ? "[\($0)]" : $0 } ?? ""
        let authority = host + (components.port.map { ":\($0)" } ?? "")
        guard isAuthority(authority) else { return .failure(PublicURLError(text: text, reason: "hôte invalide")) }
        let path = components.percentEncodedPath
        guard path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/-._~%".contains($0)) }) else {
            return .failure(PublicURLError(text: text, reason: "chemin invalide"))
        }
        var url = scheme + "://" + authority + path
        while url.hasSuffix("/") { url.removeLast() }
        return .success(url)
    }
}

/// A `--public-url` that links cannot be written from.
public struct PublicURLError: Error, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "--public-url \(text) : \(reason)" }
}
