import Foundation
import GeometryKit
import GRDB
import Storage

/// The embedded default store: one SQLite file (GRDB, WAL mode), geometry as WKB.
///
/// ```swift
/// let store = try SQLiteStore(path: "maillage.sqlite")
/// try await store.replaceCommunes(communes, formerCodes: [:], importSummary: "…")
/// try await store.commune(code: "59350")?.name   // "Lille"
/// ```
///
/// The protocol's methods read and write through GRDB's async accessors: SQLite works on GRDB's own queues, never on
/// the caller's threads (NIO's event loops, the cooperative pool), which only await the result.
public final class SQLiteStore: MaillageStore {
    let database: DatabasePool
    public let path: String

    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: path, configuration: configuration)
        // A read first: a store already up to date (every command after the first) takes no write lock to open.
        let migrator = SQLiteStore.migrator
        if try !database.read({ try migrator.hasCompletedMigrations($0) }) {
            try migrator.migrate(database)
            // The reader that checked holds the schema of before: a statement it prepares would name the old columns
            // (`ResolvedStatement` resolves them at preparation).
            database.invalidateReadOnlyConnections()
        }
    }

    /// The schema's history, one migration per step (GRDB DatabaseMigrator).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-communes") { db in
            try db.execute(sql: """
                CREATE TABLE commune (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    departement TEXT NOT NULL,
                    region TEXT NOT NULL,
                    epci TEXT,
                    population INTEGER,
                    area_km2 REAL,
                    point_lon REAL,
                    point_lat REAL,
                    geometry BLOB
                );
                CREATE INDEX commune_departement ON commune(departement);
                CREATE TABLE commune_touch (
                    code TEXT NOT NULL,
                    touching_code TEXT NOT NULL,
                    PRIMARY KEY (code, touching_code)
                );
                CREATE TABLE former_commune (
                    code TEXT PRIMARY KEY NOT NULL,
                    current_code TEXT NOT NULL
                );
                CREATE TABLE import_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    summary TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-cpts") { db in
            try db.execute(sql: """
                CREATE TABLE cpts (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL
                );
                CREATE TABLE cpts_commune (
                    cpts_id TEXT NOT NULL REFERENCES cpts(id) ON DELETE CASCADE,
                    commune_code TEXT NOT NULL,
                    PRIMARY KEY (cpts_id, commune_code)
                );
                CREATE INDEX cpts_commune_code ON cpts_commune(commune_code);
                """)
        }
        migrator.registerMigration("v3-practitioners") { db in
            // No names: matching needs the RPPS, the practice and its place (data minimisation).
            try db.execute(sql: """
                CREATE TABLE practitioner_activity (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    rpps TEXT NOT NULL,
                    profession_code TEXT NOT NULL, profession_label TEXT NOT NULL,
                    savoir_faire_code TEXT NOT NULL, savoir_faire_label TEXT NOT NULL,
                    mode_code TEXT NOT NULL, mode_label TEXT NOT NULL,
                    commune_code TEXT NOT NULL, departement TEXT NOT NULL,
                    lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL
                );
                CREATE INDEX practitioner_activity_rpps ON practitioner_activity(rpps);
                CREATE TABLE pharmacy (
                    finess TEXT PRIMARY KEY NOT NULL, finess_ej TEXT NOT NULL, name TEXT NOT NULL,
                    commune_code TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL, source_crs TEXT
                );
                CREATE TABLE volunteer (
                    rpps TEXT PRIMARY KEY NOT NULL, accepts_new_patients INTEGER NOT NULL,
                    places_remaining INTEGER NOT NULL CHECK (places_remaining >= 0), home_visits INTEGER NOT NULL,
                    lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL, updated_on TEXT NOT NULL, commune_code TEXT NOT NULL
                );
                CREATE TABLE patient_request (
                    reference TEXT PRIMARY KEY NOT NULL, commune_code TEXT NOT NULL,
                    lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL,
                    priority TEXT NOT NULL, needs_home_visit INTEGER NOT NULL, registered_on TEXT NOT NULL,
                    assigned_rpps TEXT, assigned_distance_km REAL, assigned_at TEXT
                );
                """)
        }
        migrator.registerMigration("v4-derived") { db in
            // What imports derive and every reader used to rebuild: the communes' envelopes (R*Tree: a point finds
            // its candidate communes without decoding any polygon), and the dissolves of CPTS and white zones, each
            // tagged with the territory generation (bumped by commune and CPTS imports) it was computed from.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE commune_envelope USING rtree(id, min_lon, max_lon, min_lat, max_lat);
                -- A covering index: reading the communes without their polygons scans 3 MB of index instead of one
                -- page per commune (each row of `commune` is mostly its WKB, so a page holds a single commune).
                CREATE INDEX commune_attributes ON commune(code, name, departement, region, epci, population, area_km2, point_lon, point_lat);
                CREATE TABLE store_generation (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                INSERT INTO store_generation (name, value) VALUES ('territory', 1);
                CREATE TABLE derived_state (kind TEXT PRIMARY KEY NOT NULL, generation INTEGER NOT NULL);
                CREATE TABLE cpts_dissolved (
                    cpts_id TEXT PRIMARY KEY NOT NULL, area_km2 REAL NOT NULL, parts INTEGER NOT NULL, geometry BLOB
                );
                CREATE TABLE white_zone (
                    statuses TEXT NOT NULL, position INTEGER NOT NULL, commune_codes TEXT NOT NULL, population INTEGER NOT NULL,
                    area_km2 REAL NOT NULL, departements TEXT NOT NULL, geometry BLOB,
                    PRIMARY KEY (statuses, position)
                );
                """)
            // A store written by an earlier version: index the communes it holds.
            for row in try Row.fetchAll(db, sql: "SELECT rowid, geometry FROM commune WHERE geometry IS NOT NULL") {
                let geometry = try Geometry(wkb: [UInt8](row["geometry"] as Data))
                try CommuneEnvelopeRecord(rowid: row["rowid"], envelope: geometry.envelope)?.insert(db)
            }
        }
        migrator.registerMigration("v5-figures") { db in
            // The figures every coverage and overlaps command summed over the 34 875 communes, per generation as the
            // dissolves: by status set and level (département, région, nation), and the overlapping pairs. And the
            // positions of volunteers and waiting patients indexed, for the orientation commands.
            try db.execute(sql: """
                CREATE TABLE coverage_figures (
                    statuses TEXT NOT NULL, level TEXT NOT NULL, code TEXT NOT NULL,
                    population_total INTEGER NOT NULL, population_covered INTEGER NOT NULL,
                    communes_total INTEGER NOT NULL, communes_covered INTEGER NOT NULL,
                    PRIMARY KEY (statuses, level, code)
                );
                CREATE TABLE cpts_overlap (
                    position INTEGER PRIMARY KEY NOT NULL, cpts_a TEXT NOT NULL, cpts_b TEXT NOT NULL,
                    commune_codes TEXT NOT NULL, population INTEGER NOT NULL
                );
                -- `nearest` and `requests-near` read the volunteers and waiting patients of a box around the query.
                CREATE INDEX volunteer_position ON volunteer(lat, lon);
                CREATE INDEX patient_request_position ON patient_request(lat, lon) WHERE assigned_rpps IS NULL;
                """)
        }
        migrator.registerMigration("v6-tenancy") { db in
            // Patient requests belong to a CPTS: references are each CPTS's own numbering, so the key is (cpts, reference)
            // and no coordinator's upload can reach another CPTS's patient. An earlier store's requests go to the one CPTS
            // claiming their commune, else to none (""). Positions become erasable (`purge`). Roster rows get the CPTS whose
            // coordinator uploaded them (NULL: the operator's import). And the audit trail, append-only.
            try db.execute(sql: """
                CREATE TABLE patient_request_v6 (
                    cpts_id TEXT NOT NULL, reference TEXT NOT NULL, commune_code TEXT NOT NULL,
                    lon REAL, lat REAL, precision TEXT NOT NULL,
                    priority TEXT NOT NULL, needs_home_visit INTEGER NOT NULL, registered_on TEXT NOT NULL,
                    assigned_rpps TEXT, assigned_distance_km REAL, assigned_at TEXT,
                    PRIMARY KEY (cpts_id, reference)
                );
                INSERT INTO patient_request_v6
                    SELECT coalesce((SELECT min(c.cpts_id) FROM cpts_commune c WHERE c.commune_code = p.commune_code
                                     HAVING count(*) = 1), ''),
                           reference, commune_code, lon, lat, precision, priority, needs_home_visit, registered_on,
                           assigned_rpps, assigned_distance_km, assigned_at
                    FROM patient_request p;
                DROP TABLE patient_request;
                ALTER TABLE patient_request_v6 RENAME TO patient_request;
                CREATE INDEX patient_request_position ON patient_request(lat, lon) WHERE assigned_rpps IS NULL;
                CREATE INDEX patient_request_pending ON patient_request(cpts_id) WHERE assigned_rpps IS NULL;
                ALTER TABLE volunteer ADD COLUMN cpts_id TEXT;
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, role TEXT NOT NULL,
                    action TEXT NOT NULL, cpts TEXT, patients INTEGER NOT NULL, outcome TEXT NOT NULL
                );
                CREATE INDEX audit_event_at ON audit_event(at);
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
        }
        registerChangeCounters(&migrator)
        migrator.registerMigration("v8-practitioner-directory") { db in
            // The public directory's name and practice address: coordinators see GPs by name (never anonymous callers).
            try db.execute(sql: """
                ALTER TABLE practitioner_activity ADD COLUMN name TEXT NOT NULL DEFAULT '';
                ALTER TABLE practitioner_activity ADD COLUMN address TEXT NOT NULL DEFAULT '';
                """)
        }
        migrator.registerMigration("v9-generalised-levels") { db in
            // The commune edge graph generalised at each map tolerance, kept from one commune import to the next (a CPTS
            // import keeps it): a national map reads it in a fraction of the seconds it takes to build. And the
            // départements' names (COG), replaced with the communes.
            try db.execute(sql: """
                INSERT INTO store_generation (name, value) VALUES ('communes', 1);
                CREATE TABLE generalised_level (
                    tolerance_m INTEGER PRIMARY KEY NOT NULL, commune_generation INTEGER NOT NULL, coverage BLOB NOT NULL
                );
                CREATE TABLE departement (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
                """)
        }
        registerDeskLog(&migrator)
        migrator.registerMigration("v11-epci-names") { db in
            // The EPCI's names (BANATIC), replaced with the communes: the diagnostic names the EPCI it cuts.
            try db.execute(sql: "CREATE TABLE epci (siren TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL)")
        }
        migrator.registerMigration("v12-health-facilities") { db in
            // The FINESS establishments a diagnostic counts (hospitals, centres and maisons de santé, EHPAD).
            try db.execute(sql: """
                CREATE TABLE health_facility (finess TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
                    category_label TEXT NOT NULL, commune_code TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL, precision TEXT NOT NULL)
                """)
        }
        migrator.registerMigration("v13-request-declines") { db in
            // A practitioner's "no" to a pending request (`RequestDecline`): hidden from him only, counted by the indicators.
            try db.execute(sql: """
                CREATE TABLE request_decline (cpts_id TEXT NOT NULL, reference TEXT NOT NULL, commune_code TEXT NOT NULL, rpps TEXT NOT NULL,
                    reason TEXT NOT NULL, declined_at TEXT NOT NULL, PRIMARY KEY (cpts_id, reference, rpps));
                CREATE INDEX request_decline_rpps ON request_decline(rpps);
                CREATE INDEX request_decline_at ON request_decline(declined_at);
                """)
        }
        migrator.registerMigration("v14-purged-requests") { db in
            // What a purge keeps of a pending request it deletes: no reference, no position, only what the indicators count.
            try db.execute(sql: """
                CREATE TABLE purged_request (cpts_id TEXT NOT NULL, commune_code TEXT NOT NULL, priority TEXT NOT NULL,
                    registered_on TEXT NOT NULL, purged_at TEXT NOT NULL)
                """)
        }
        return migrator
    }

    /// Appends to the import history inside the import's own transaction, and counts the change (`store_change`).
    func logImport(_ db: Database, kind: String, summary: String) throws {
        try db.execute(sql: "INSERT INTO import_log (kind, imported_at, summary) VALUES (?, ?, ?)",
                       arguments: [kind, AuditEvent.timestamp(Date()), summary])
        try SQLiteStore.bump(SQLiteStore.change(ofImport: kind), db)
    }

    /// GRDB's synchronous write, on the calling thread: what a transaction that calls the caller's non-Sendable code
    /// (a streaming import's `produce`) needs, GRDB's async write taking `@Sendable` closures only.
    func synchronousWrite<T>(_ updates: (Database) throws -> T) throws -> T {
        try database.write(updates)
    }

    public func importHistory() async throws -> [ImportRecord] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, imported_at, summary FROM import_log ORDER BY id DESC").map {
                ImportRecord(kind: $0["kind"], importedAt: $0["imported_at"], summary: $0["summary"])
            }
        }
    }
}

extension SQLiteStore {
    /// Writes the WAL back into the database file, so that a copy of the file alone is the whole store (a backup, a
    /// test's copy of an imported sample).
    public func checkpoint() async throws {
        try await database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
