import PostgresNIO
import Storage

/// The PostGIS schema's history: one migration per step, applied in order in one transaction each and recorded in
/// `schema_migration`, so that every instance and every later version finds the database as it left it. Two
/// instances starting at once take the same advisory lock: one migrates, the other then finds nothing to do.
///
/// The tables are those of the SQLite store with PostGIS types: positions as `geometry(Point, 4326)`, polygons as
/// `geometry(MultiPolygon, 4326)`, each with a GIST index; text keys compared byte-wise (`COLLATE "C"`), as Swift sorts.
enum PostGISSchema {
    struct Migration {
        let version: String
        let statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(version: "v1-territory", statements: [
            "CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public",
            """
            CREATE TABLE commune (
                code text COLLATE "C" PRIMARY KEY, name text NOT NULL, departement text NOT NULL, region text NOT NULL, epci text,
                population integer, area_km2 double precision, point geometry(Point, 4326), geometry geometry(MultiPolygon, 4326)
            )
            """,
            "CREATE INDEX commune_geometry ON commune USING gist (geometry)",
            "CREATE INDEX commune_departement ON commune (departement)",
            """
            CREATE TABLE commune_touch (code text COLLATE "C" NOT NULL, touching_code text COLLATE "C" NOT NULL,
                                        PRIMARY KEY (code, touching_code))
            """,
            "CREATE TABLE former_commune (code text COLLATE \"C\" PRIMARY KEY, current_code text NOT NULL)",
            "CREATE TABLE import_log (id bigserial PRIMARY KEY, kind text NOT NULL, imported_at text NOT NULL, summary text NOT NULL)",
            "CREATE TABLE cpts (id text COLLATE \"C\" PRIMARY KEY, name text NOT NULL, status text NOT NULL)",
            """
            CREATE TABLE cpts_commune (cpts_id text COLLATE "C" NOT NULL REFERENCES cpts (id) ON DELETE CASCADE,
                                       commune_code text COLLATE "C" NOT NULL, PRIMARY KEY (cpts_id, commune_code))
            """,
            "CREATE INDEX cpts_commune_code ON cpts_commune (commune_code)",
            // What imports derive, tagged with the territory generation it was computed from (as in SQLite).
            "CREATE TABLE store_generation (name text PRIMARY KEY, value integer NOT NULL)",
            "INSERT INTO store_generation (name, value) VALUES ('territory', 1)",
            "CREATE TABLE derived_state (kind text PRIMARY KEY, generation integer NOT NULL)",
            """
            CREATE TABLE cpts_dissolved (cpts_id text COLLATE "C" PRIMARY KEY, area_km2 double precision NOT NULL, parts integer NOT NULL,
                                         geometry geometry(MultiPolygon, 4326))
            """,
            """
            CREATE TABLE white_zone (statuses text NOT NULL, position integer NOT NULL, commune_codes text NOT NULL,
                                     population integer NOT NULL, area_km2 double precision NOT NULL, departements text NOT NULL,
                                     geometry geometry(MultiPolygon, 4326), PRIMARY KEY (statuses, position))
            """,
            """
            CREATE TABLE coverage_figures (statuses text NOT NULL, level text NOT NULL, code text COLLATE "C" NOT NULL,
                                           population_total bigint NOT NULL, population_covered bigint NOT NULL,
                                           communes_total integer NOT NULL, communes_covered integer NOT NULL,
                                           PRIMARY KEY (statuses, level, code))
            """,
            """
            CREATE TABLE cpts_overlap (position integer PRIMARY KEY, cpts_a text NOT NULL, cpts_b text NOT NULL,
                                       commune_codes text NOT NULL, population integer NOT NULL)
            """,
        ]),
        Migration(version: "v2-practitioners", statements: [
            // No names: matching needs the RPPS, the practice and its place (data minimisation).
            """
            CREATE TABLE practitioner_activity (
                id bigserial PRIMARY KEY, rpps text NOT NULL, profession_code text NOT NULL, profession_label text NOT NULL,
                savoir_faire_code text NOT NULL, savoir_faire_label text NOT NULL, mode_code text NOT NULL, mode_label text NOT NULL,
                commune_code text NOT NULL, departement text NOT NULL, position geometry(Point, 4326) NOT NULL, precision text NOT NULL
            )
            """,
            "CREATE INDEX practitioner_activity_rpps ON practitioner_activity (rpps)",
            "CREATE INDEX practitioner_activity_position ON practitioner_activity USING gist (position)",
            """
            CREATE TABLE pharmacy (finess text COLLATE "C" PRIMARY KEY, finess_ej text NOT NULL, name text NOT NULL,
                                   commune_code text NOT NULL, position geometry(Point, 4326) NOT NULL, precision text NOT NULL,
                                   source_crs text)
            """,
            "CREATE INDEX pharmacy_position ON pharmacy USING gist (position)",
        ]),
        Migration(version: "v3-orientation", statements: [
            // cpts_id: the CPTS whose coordinator uploaded the row (NULL: the operator's import).
            """
            CREATE TABLE volunteer (
                rpps text COLLATE "C" PRIMARY KEY, accepts_new_patients boolean NOT NULL,
                places_remaining integer NOT NULL CHECK (places_remaining >= 0), home_visits boolean NOT NULL,
                position geometry(Point, 4326) NOT NULL, precision text NOT NULL, updated_on text NOT NULL, commune_code text NOT NULL,
                cpts_id text
            )
            """,
            "CREATE INDEX volunteer_position ON volunteer USING gist (position)",
            // Each CPTS numbers its own patients: the key is (cpts, reference). Positions are erasable (purge).
            """
            CREATE TABLE patient_request (
                cpts_id text COLLATE "C" NOT NULL, reference text COLLATE "C" NOT NULL, commune_code text NOT NULL,
                position geometry(Point, 4326), precision text NOT NULL, priority text NOT NULL, needs_home_visit boolean NOT NULL,
                registered_on text NOT NULL, assigned_rpps text, assigned_distance_km double precision, assigned_at text,
                PRIMARY KEY (cpts_id, reference)
            )
            """,
            "CREATE INDEX patient_request_position ON patient_request USING gist (position) WHERE assigned_rpps IS NULL",
            "CREATE INDEX patient_request_pending ON patient_request (cpts_id) WHERE assigned_rpps IS NULL",
            """
            CREATE TABLE audit_event (id bigserial PRIMARY KEY, at text NOT NULL, who text NOT NULL, role text NOT NULL,
                                      action text NOT NULL, cpts text, patients integer NOT NULL, outcome text NOT NULL)
            """,
            "CREATE INDEX audit_event_at ON audit_event (at)",
            """
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$
            """,
            """
            CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
                FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
            """,
            // Bumped by every write, in its transaction, per kind: what an instance compares to know what it is behind on.
            "CREATE TABLE store_change (kind text PRIMARY KEY, counter bigint NOT NULL)",
            "INSERT INTO store_change (kind, counter) VALUES " + StoreChange.allCases.map { "('\($0.rawValue)', 0)" }.joined(separator: ", "),
        ]),
        Migration(version: "v4-practitioner-directory", statements: [
            // The public directory's name and practice address: coordinators see GPs by name (never anonymous callers).
            "ALTER TABLE practitioner_activity ADD COLUMN name text NOT NULL DEFAULT '', ADD COLUMN address text NOT NULL DEFAULT ''",
        ]),
        Migration(version: "v5-generalised-levels", statements: [
            // The commune edge graph generalised at each map tolerance, kept from one commune import to the next (a CPTS
            // import keeps it): a national map reads it in a fraction of the seconds it takes to build.
            "INSERT INTO store_generation (name, value) VALUES ('communes', 1)",
            "CREATE TABLE generalised_level (tolerance_m integer PRIMARY KEY, commune_generation integer NOT NULL, coverage bytea NOT NULL)",
            // The départements' names (COG), replaced with the communes.
            "CREATE TABLE departement (code text PRIMARY KEY, name text NOT NULL)",
        ]),
        Migration(version: "v6-desk-log", statements: [
            // What each desk write touched, by desk sequence (`DeskLog`): the other instances read those rows again. A row
            // with no key: everything (the operator's roster import). Pruned past the last `DeskLog.keptSequences`.
            "CREATE TABLE desk_change (sequence bigint NOT NULL, rpps text COLLATE \"C\", cpts_id text COLLATE \"C\", reference text COLLATE \"C\")",
            "CREATE INDEX desk_change_sequence ON desk_change (sequence)",
            "INSERT INTO store_change (kind, counter) VALUES ('desk', 0), ('desk-pruned', 0)",
        ]),
        Migration(version: "v7-epci-names", statements: [
            // The EPCI's names (BANATIC), replaced with the communes: the diagnostic names the EPCI it cuts.
            "CREATE TABLE epci (siren text PRIMARY KEY, name text NOT NULL)",
        ]),
        Migration(version: "v8-health-facilities", statements: [
            // The FINESS establishments a diagnostic counts (hospitals, centres and maisons de santé, EHPAD).
            """
            CREATE TABLE health_facility (finess text COLLATE "C" PRIMARY KEY, name text NOT NULL, category text NOT NULL,
                category_label text NOT NULL, commune_code text NOT NULL, position geometry(Point, 4326) NOT NULL, precision text NOT NULL)
            """,
            "CREATE INDEX health_facility_position ON health_facility USING gist (position)",
        ]),
        Migration(version: "v9-request-declines", statements: [
            // A practitioner's "no" to a pending request (`RequestDecline`): hidden from him only, counted by the indicators.
            """
            CREATE TABLE request_decline (cpts_id text COLLATE "C" NOT NULL, reference text COLLATE "C" NOT NULL, commune_code text NOT NULL,
                rpps text COLLATE "C" NOT NULL, reason text NOT NULL, declined_at text COLLATE "C" NOT NULL, PRIMARY KEY (cpts_id, reference, rpps))
            """,
            "CREATE INDEX request_decline_rpps ON request_decline (rpps)",
            "CREATE INDEX request_decline_at ON request_decline (declined_at)",
        ]),
        Migration(version: "v10-purged-requests", statements: [
            // What a purge keeps of a pending request it deletes: no reference, no position, only what the indicators count.
            """
            CREATE TABLE purged_request (cpts_id text COLLATE "C" NOT NULL, commune_code text NOT NULL, priority text NOT NULL,
                registered_on text COLLATE "C" NOT NULL, purged_at text NOT NULL)
            """,
        ]),
    ]

    static func migrate(_ store: PostGISStore) async throws {
        if let schema = store.location.schema {
            try await store.execute(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"))
        }
        try await store.execute("CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        let applied = Set(try await store.rows("SELECT version FROM schema_migration").map { try $0["version"].decode(String.self) })
        guard migrations.contains(where: { !applied.contains($0.version) }) else { return }
        try await store.transaction(change: nil) { db in
            // One instance migrates at a time (the lock ends with the transaction); re-read what is applied under it.
            try await db.execute("SELECT pg_advisory_xact_lock(hashtext('maillage schema_migration'))")
            let applied = Set(try await db.rows("SELECT version FROM schema_migration").map { try $0["version"].decode(String.self) })
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try await db.execute(PostgresQuery(unsafeSQL: statement)) }
                try await db.execute("INSERT INTO schema_migration (version) VALUES (\(migration.version))")
            }
        }
    }
}

extension PostGISStore {
    /// The tables holding data, parents first (as a copy fills them).
    static let dataTables = ["commune", "commune_touch", "former_commune", "import_log", "cpts", "cpts_commune", "store_generation",
                             "derived_state", "cpts_dissolved", "white_zone", "coverage_figures", "cpts_overlap", "practitioner_activity",
                             "pharmacy", "volunteer", "patient_request", "audit_event", "store_change", "generalised_level", "departement", "desk_change", "epci", "health_facility",
                             "request_decline", "purged_request"]

    /// A copy of this store in another schema of the same database, in one transaction (a staging copy of a region's
    /// store; each test's own copy of an imported sample). The schema must not hold Maillage tables yet.
    public func copy(toSchema schema: String) async throws -> PostGISStore {
        guard let source = location.schema else { throw PostGISLocationError.missing("le schéma à copier", location.description) }
        let target = try await PostGISStore(url: location.with(schema: schema).urlString)
        try await transaction(change: nil) { db in
            for table in ["store_generation", "store_change"] { try await db.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(schema).\(table)")) }
            for table in Self.dataTables {
                try await db.execute(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).\(table) SELECT * FROM \(source).\(table)"))
            }
            // The copied ids continue where the source's did.
            for table in ["import_log", "practitioner_activity", "audit_event"] {
                try await db.execute(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(schema).\(table)', 'id'), coalesce((SELECT max(id) FROM \(schema).\(table)), 0) + 1, false)
                    """))
            }
        }
        return target
    }
}

extension PostGISStore {
    /// Drops this store's schema and everything in it (a test's or a benchmark's throw-away schema); refused for the
    /// default schema, where an analyst's other tables may live.
    public func dropSchema() async throws {
        guard let schema = location.schema else { throw PostGISLocationError.missing("le schéma à supprimer", location.description) }
        try await execute(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"))
    }
}
