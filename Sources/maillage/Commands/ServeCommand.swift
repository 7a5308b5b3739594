import UseCases
import ArgumentParser
import Logging
import MaillageServer
import Storage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API (/api/v1), OGC API – Features (/ogc) and the web map (/) over HTTP."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    // Numeric options parse `.unconditional`: a negative value is read as the value and refused by validate().
    @Option(parsing: .unconditional, help: "Port to listen on (0: any free port, printed in the log).") var port = 8080
    @Option(help: "Tokens file: one `sha256:HEX ars` or `sha256:HEX coordinator CPTS_ID` per line, written by `maillage token add` (also read: $MAILLAGE_TOKENS).")
    var tokens: String?
    @Option(parsing: .unconditional, help: "Largest request body accepted, in bytes.") var maxBodyBytes = 8 << 20
    @Option(parsing: .unconditional, help: "Seconds a connection may stay idle (nothing read or written) before it is closed; 0: never.")
    var idleTimeout = 60.0
    @Option(parsing: .unconditional, help: "Connections open at once; beyond, new ones wait until one closes.") var maxConnections = 1024
    @Option(parsing: .unconditional, help: "Connections open at once from one IP address; beyond, closed at once; 0: no cap (behind a proxy, which is the one address).")
    var maxConnectionsPerAddress = 128
    @Option(parsing: .unconditional, help: "Seconds a request's body may take to arrive whole; beyond, the connection is closed.")
    var bodyTimeout = 120.0
    @Option(parsing: .unconditional, help: "Bytes per second a request's body must average after its first 5 seconds; below, the connection is closed.")
    var minBodyRate = 8192.0
    @Option(parsing: .unconditional, help: "Unknown tokens one address may send within a minute before its next unknown ones get 429 (a known token is always served).")
    var failedTokenLimit = 10
    @Option(help: "Folder of Leaflet (leaflet.js, leaflet.css, images/) for the web map (default: $MAILLAGE_LEAFLET_DIR, else Debian's libjs-leaflet, /usr/share/javascript/leaflet).")
    var leafletDir: String?
    @Option(help: "The service's address in the links it writes (OGC API, TileJSON), e.g. https://cartes.example.fr/maillage (default: http://HOST:PORT as it listens).")
    var publicURL: String?
    @Flag(help: "Behind a reverse proxy: links follow its Host, X-Forwarded-Proto and X-Forwarded-Host headers (validated). Never without a proxy that sets them.")
    var trustProxy = false
    @OptionGroup var freshness: FreshnessOptions
    @Option(help: "Log level: trace, debug, info, notice, warning, error (request lines are logged at debug).")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port doit être entre 0 et 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level : niveau \(logLevel) inconnu") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes doit être positif") }
        guard idleTimeout >= 0, idleTimeout.isFinite else { throw ValidationError("--idle-timeout doit être 0 (jamais) ou un nombre positif de secondes") }
        guard maxConnections > 0 else { throw ValidationError("--max-connections doit être positif") }
        guard maxConnectionsPerAddress >= 0 else { throw ValidationError("--max-connections-per-address doit être 0 (pas de plafond) ou positif") }
        guard bodyTimeout > 0, bodyTimeout.isFinite else { throw ValidationError("--body-timeout doit être un nombre positif de secondes") }
        guard minBodyRate >= 0, minBodyRate.isFinite else { throw ValidationError("--min-body-rate doit être 0 ou un nombre positif d'octets par seconde") }
        guard failedTokenLimit > 0 else { throw ValidationError("--failed-token-limit doit être positif") }
        if let publicURL { do { _ = try ServerConfiguration.publicURL(publicURL) } catch { throw ValidationError(error.description) } }
        if ["0.0.0.0", "::", "[::]"].contains(host), publicURL == nil, !trustProxy {
            throw ValidationError("--host \(host) écoute sur toutes les adresses : les liens (OGC, TileJSON) ont besoin de --public-url (ou de --trust-proxy derrière un proxy)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "maillage")
        let accessTokens: AccessTokens
        do { accessTokens = try AccessTokens.load(file: tokens) } catch let error as AccessTokenError { throw ValidationError(error.description) }
        let state: ServiceState
        do {
            state = try await ServiceState(store: try await store.openStore(), rosterClock: try freshness.clock())
        } catch StorageError.empty(let message) {
            throw ValidationError("\(store.shownLocation) : \(message)")
        }
        logger.info("store loaded", metadata: ["db": .string(store.shownLocation), "tokens": .stringConvertible(accessTokens.count)])
        var configuration = ServerConfiguration(host: host, port: port, tokens: accessTokens, maxBodyBytes: maxBodyBytes,
                                                leafletDirectory: leafletDir ?? ServerConfiguration.defaultLeafletDirectory,
                                                idleTimeoutSeconds: idleTimeout > 0 ? idleTimeout : nil, maxConnections: maxConnections,
                                                failedAttemptLimit: failedTokenLimit)
        configuration.publicURL = try publicURL.map { try ServerConfiguration.publicURL($0) }
        configuration.trustProxy = trustProxy
        configuration.connectionLimits = ConnectionLimits(bodySeconds: bodyTimeout, minimumBodyBytesPerSecond: minBodyRate,
                                                          connectionsPerAddress: maxConnectionsPerAddress > 0 ? maxConnectionsPerAddress : nil)
        let app = try MaillageService.application(state: state, configuration: configuration, logger: logger) { port in
            logger.info("listening", metadata: ["url": .string("http://\(host):\(port)/")])
        }
        try await app.runService()
    }
}
