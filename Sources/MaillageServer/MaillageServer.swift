import UseCases
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix

/// How `maillage serve` listens and whom it lets in.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var tokens: AccessTokens
    /// Largest request body accepted (CSV uploads, perimeter checks); beyond it, 413.
    public var maxBodyBytes: Int
    /// Level of the per-request log lines (method, path, status); `.debug` keeps them out of an `info` log.
    public var requestLogLevel: Logger.Level
    /// Where the web map's Leaflet is read from: `MAILLAGE_LEAFLET_DIR`, else Debian's `libjs-leaflet`.
    public var leafletDirectory: String
    /// A connection with no byte read or written for this long is closed: idle keep-alive connections (and clients that
    /// open a socket and send nothing) do not hold a file descriptor for ever. nil: never.
    public var idleTimeoutSeconds: Double?
    /// Connections open at once; beyond, new ones wait in the listen backlog until one closes (NIO stops accepting).
    public var maxConnections: Int
    /// Failed bearer attempts from one address within `failedAttemptWindowSeconds` before 429.
    public var failedAttemptLimit: Int
    public var failedAttemptWindowSeconds: Double
    /// Most bytes of features in one OGC items page (`OGCRoutes.pageByteBudget`).
    public var ogcPageBytes = OGCRoutes.defaultPageByteBudget
    /// The service's address in the links it writes (OGC API, TileJSON), as `publicURL(_:)` checks it; nil: the address
    /// it listens on, or what a trusted proxy forwards (`ServiceURL`).
    public var publicURL: String?
    /// Whether `Host`, `X-Forwarded-Proto` and `X-Forwarded-Host` are believed for links: only behind a reverse proxy
    /// that sets them.
    public var trustProxy = false
    /// Deadlines for a request's head and body, the body's minimum rate, connections per address.
    public var connectionLimits = ConnectionLimits()

    /// `text` as links use it (`http(s)://host[:port][/path]`, no trailing slash), or why not.
    public static func publicURL(_ text: String) throws(PublicURLError) -> String { try ServiceURL.validatedPublicURL(text).get() }

    public static var defaultLeafletDirectory: String {
        ProcessInfo.processInfo.environment["MAILLAGE_LEAFLET_DIR"] ?? "/usr/share/javascript/leaflet"
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, tokens: AccessTokens = AccessTokens(),
                maxBodyBytes: Int = 8 << 20, requestLogLevel: Logger.Level = .debug,
                leafletDirectory: String = ServerConfiguration.defaultLeafletDirectory,
                idleTimeoutSeconds: Double? = 60, maxConnections: Int = 1024,
                failedAttemptLimit: Int = 10, failedAttemptWindowSeconds: Double = 60) {
        self.host = host; self.port = port; self.tokens = tokens; self.maxBodyBytes = maxBodyBytes; self.requestLogLevel = requestLogLevel
        self.leafletDirectory = leafletDirectory
        self.idleTimeoutSeconds = idleTimeoutSeconds; self.maxConnections = maxConnections
        self.failedAttemptLimit = failedAttemptLimit; self.failedAttemptWindowSeconds = failedAttemptWindowSeconds
    }
}

/// The HTTP service: the JSON API under `/api/v1`, OGC API – Features under `/ogc`, the web map at `/` (`WebMapFiles`)
/// (its generalised layers under `/api/v1/map`, built in the background once the server listens; Leaflet
/// under `/vendor/leaflet`) and `/health`, over one `ServiceState`.
///
/// ```swift
/// let state = try await ServiceState(store: SQLiteStore(path: "maillage.sqlite"))
/// let app = try MaillageService.application(state: state, configuration: ServerConfiguration(port: 8080), logger: logger)
/// try await app.runService()   // until SIGINT or SIGTERM, then drains the open requests
/// ```
public enum MaillageService {
    /// Throws when the web map's files are missing beside the binary (`WebMapFiles`).
    public static func router(state: ServiceState, configuration: ServerConfiguration) throws -> Router<MaillageRequestContext> {
        try router(state: state, configuration: configuration, serviceURL: serviceURL(configuration))
    }

    static func serviceURL(_ configuration: ServerConfiguration) -> ServiceURL {
        ServiceURL(publicURL: configuration.publicURL, trustProxy: configuration.trustProxy, host: configuration.host, port: configuration.port)
    }

    static func router(state: ServiceState, configuration: ServerConfiguration, serviceURL: ServiceURL) throws -> Router<MaillageRequestContext> {
        let router = Router(context: MaillageRequestContext.self)
        // Middleware first: only routes added after a middleware go through it.
        router.add(middleware: RequestLogMiddleware(level: configuration.requestLogLevel))
        router.add(middleware: SecurityHeadersMiddleware())
        let routes = RouteTable()
        router.add(middleware: ErrorMiddleware(routes: routes))
        router.add(middleware: AccessMiddleware(tokens: configuration.tokens,
                                                failedAttempts: FailedAttempts(limit: configuration.failedAttemptLimit,
                                                                               window: configuration.failedAttemptWindowSeconds),
                                                audit: state.audit))
        router.add(middleware: DenialAuditMiddleware(audit: state.audit))
        ServiceRoutes(state: state).register(on: router)
        try WebMapFiles.load().register(on: router)
        VendorRoutes(directory: configuration.leafletDirectory).register(on: router)
        let api = router.group("api/v1")
        TerritoryRoutes(state: state, maxBodyBytes: configuration.maxBodyBytes).register(on: api)
        OrientationRoutes(state: state, maxBodyBytes: configuration.maxBodyBytes).register(on: api)
        PractitionerRoutes(state: state).register(on: api)
        AccessibilityRoutes(state: state).register(on: api)
        MapRoutes(state: state).register(on: api)
        ReportMapRoutes(state: state).register(on: api)
        OGCRoutes(state: state, serviceURL: serviceURL, pageByteBudget: configuration.ogcPageBytes).register(on: router)
        OpenAPIRoutes().register(on: api)
        TileRoutes(state: state, serviceURL: serviceURL).register(on: router)
        routes.record(router.routes)
        return router
    }

    public static func application(state: ServiceState, configuration: ServerConfiguration, logger: Logger,
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let serviceURL = serviceURL(configuration)
        var application = Application(router: try router(state: state, configuration: configuration, serviceURL: serviceURL),
                    server: .guardedHTTP1(configuration: .init(idleTimeout: configuration.idleTimeoutSeconds.map { .seconds($0) }),
                                          limits: configuration.connectionLimits,
                                          addresses: ConnectionsPerAddress(limit: configuration.connectionLimits.connectionsPerAddress)),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "maillage",
                                         availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
                    onServerRunning: { channel in
                        // The map's generalised levels start building with the first map request (`MapLayers.level`),
                        // on their own thread: a service that is never asked for the map never holds them.
                        let port = channel.localAddress?.port ?? configuration.port
                        serviceURL.listening(onPort: port)
                        await onServerRunning(port)
                    },
                    logger: logger)
        // Other instances on the same store, and the CLI's imports: their writes reach this one's snapshots.
        application.addServices(StoreChangeFollower(state: state, logger: logger), DenialAuditFlusher(audit: state.audit, logger: logger))
        return application
    }

    /// Makes NIO's event loops Swift concurrency's global executor, so that a request is parsed, answered
    /// and written on one thread instead of hopping to the cooperative pool and back (about a third more
    /// requests per second on 2 cores). Call once, from the main thread, before any task starts.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
