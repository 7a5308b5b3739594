import Foundation
import Logging
import NIOCore
import PostgresNIO
import Storage

/// The shared store: one PostgreSQL + PostGIS database, which several `maillage serve` instances use at once and the
/// region's GIS team reads from QGIS. Tables carry real `geometry(…, 4326)` columns with GIST indexes, named as the
/// SQLite store's (`commune`, `cpts_commune`, `volunteer`, …); the schema is versioned (`schema_migration`).
///
/// ```swift
/// let store = try await PostGISStore(url: "postgres://maillage@127.0.0.1:5432/maillage")
/// try await store.commune(code: "59350")?.name   // "Lille"
/// ```
///
/// Every write commits in one transaction that ends with a `NOTIFY maillage_change` (and bumps `store_change`), which
/// the other instances listen to. Commits that meet (two coordinators placing patients with the same GP) are made safe
/// by conditional updates that PostgreSQL re-checks after the row lock; a deadlock or serialisation failure is retried.
public final class PostGISStore: MaillageStore, NearestVolunteersReading {
    let client: PostgresClient
    /// The pool's own loop (`PostgresClient.run()`), cancelled when the store goes.
    private let running: Task<Void, Never>
    let logger: Logger
    public let location: PostGISLocation

    /// Connects (the pool opens connections as queries need them), creates the schema if `?schema=` names one that
    /// does not exist, and runs the migrations not applied yet.
    public init(url: String) async throws {
        location = try PostGISLocation(url: url)
        var logger = Logger(label: "maillage.postgis")
        // The pool's own notices (a lease queued while `run()` starts) are noise; what fails reaches the caller as an error.
        logger.logLevel = .error
        self.logger = logger
        try await Self.probe(location, logger: logger)
        client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        let client = self.client
        running = Task { await client.run() }
        do {
            try await PostGISSchema.migrate(self)
        } catch {
            running.cancel()
            throw error
        }
    }

    deinit { running.cancel() }

    /// One connection opened and closed before the pool: a server that is down or refuses the credentials is said at
    /// once, in the words of its cause (the pool would retry for a minute, then name only its circuit breaker).
    private static func probe(_ location: PostGISLocation, logger: Logger) async throws {
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw PostGISError(connectingTo: location, error)
        }
    }

    // MARK: - Queries

    /// The rows of one query, each read by column name.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw PostGISError(error, query: query)
        }
    }

    func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    /// Runs `body` in one transaction on one connection, retried (from the start) when PostgreSQL aborts it for a
    /// deadlock or a serialisation failure; other errors roll back and are thrown. `change` names what the write
    /// changed: the other instances hear it (`NOTIFY maillage_change`) once it is committed.
    func transaction<Result: Sendable>(change: StoreChange?, _ body: (PostGISTransaction) async throws -> Result) async throws -> Result {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    let transaction = PostGISTransaction(connection: connection, logger: logger)
                    try await transaction.execute("BEGIN")
                    do {
                        let result = try await body(transaction)
                        if let change {
                            // The notice is delivered at commit, to every connection listening (`changeSignals`), not at all on rollback.
                            try await transaction.execute("""
                                WITH bumped AS (UPDATE store_change SET counter = counter + 1 WHERE kind = \(change.rawValue) RETURNING kind)
                                SELECT pg_notify('maillage_change', kind) FROM bumped
                                """)
                        }
                        try await transaction.execute("COMMIT")
                        return result
                    } catch {
                        try? await transaction.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch let error as PostGISError where error.isRetryable && attempt < 8 {
                try await Task.sleep(for: .milliseconds(5 * attempt))
            }
        }
    }
}

/// One open transaction's connection.
struct PostGISTransaction {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw PostGISError(error, query: query)
        }
    }

    func execute(_ query: PostgresQuery) async throws { _ = try await rows(query) }

    /// The number of rows an `UPDATE … RETURNING 1` or `DELETE … RETURNING 1` touched.
    func count(_ query: PostgresQuery) async throws -> Int { try await rows(query).count }
}

/// A PostgreSQL error, with the SQLSTATE a caller can match on and the statement that failed.
public struct PostGISError: Error, CustomStringConvertible {
    /// SQLSTATE (`40001` serialisation failure, `40P01` deadlock, `23505` unique violation…), nil for a connection error.
    public let sqlState: String?
    public let message: String

    init(_ error: any Error, query: PostgresQuery) {
        if let known = error as? PostGISError { self = known; return }
        if let psql = error as? PSQLError {
            sqlState = psql.serverInfo?[.sqlState]
            let text = psql.serverInfo?[.message] ?? "\(psql.code)"
            message = "\(text) (in: \(query.sql.prefix(160)))"
        } else {
            sqlState = nil
            message = "\(error)"
        }
    }

    /// Why `location` cannot be reached: the server's message (a password refused, no such database) or the network's.
    init(connectingTo location: PostGISLocation, _ error: any Error) {
        let psql = error as? PSQLError
        sqlState = psql?.serverInfo?[.sqlState]
        let cause = psql?.serverInfo?[.message] ?? psql?.underlying.map { "\($0)" } ?? psql.map { "\($0.code)" } ?? "\(error)"
        message = "impossible de se connecter à \(location) : \(cause)"
    }

    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    public var description: String { "PostgreSQL\(sqlState.map { " \($0)" } ?? ""): \(message)" }
}
