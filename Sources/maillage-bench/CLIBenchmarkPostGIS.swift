import Foundation
import GeometryKit
import Territory
import UseCases

/// The CLI's questions asked of PostGIS on the same data: the scenario's communes (polygons as WKB), CPTS
/// memberships, volunteers and waiting patients (coordinates from the same text as the published files), with the
/// indexes a PostGIS user would create. Each answer comes back as one short row, so that the figure compared is the
/// query's work, and is checked against the CLI's.
struct CLIPostGIS {
    let shell: PostGISShell

    /// Warm once, then the best of the next two: the runs a query gets in `PostGISShell.time`.
    static let runs = 3

    init(loading scenario: CLIScenario, into shell: PostGISShell) throws {
        self.shell = shell
        try shell.execute("""
            DROP TABLE IF EXISTS cli_commune, cli_cpts_commune, cli_volunteer, cli_patient;
            CREATE TABLE cli_commune (code text PRIMARY KEY, departement text, region text, population integer, geom geometry);
            CREATE TABLE cli_cpts_commune (cpts_id text, code text);
            CREATE TABLE cli_volunteer (rpps text PRIMARY KEY, accepts boolean, places integer, home_visits boolean, commune text,
                                        geom geometry(Point, 4326));
            CREATE TABLE cli_patient (reference text PRIMARY KEY, commune text, priority text, home_visit boolean, geom geometry(Point, 4326));
            """)
        let communes = scenario.layer.communes.map { c in
            "\(c.code)\t\(c.departement)\t\(c.region)\t\(c.population.map { String($0) } ?? "\\N")\t\(c.geometry.map { hex($0.wkb) } ?? "\\N")"
        }
        try shell.copy(communes.joined(separator: "\n") + "\n", into: "cli_commune")
        let members = scenario.perimeters.flatMap { p in p.communeCodes.map { "\(p.id)\t\($0)" } }
        try shell.copy(members.joined(separator: "\n") + "\n", into: "cli_cpts_commune")
        let volunteers = scenario.volunteers.map { v in
            "\(v.rpps)\t\(v.acceptsNewPatients)\t\(v.placesRemaining)\t\(v.homeVisits)\t\(v.communeCode)\t\(Self.point(v.position))"
        }
        try shell.copy(volunteers.joined(separator: "\n") + "\n", into: "cli_volunteer")
        let patients = scenario.patients.map { p in
            "\(p.reference)\t\(p.communeCode)\t\(p.priority.rawValue)\t\(p.needsHomeVisit)\t\(Self.point(p.position))"
        }
        try shell.copy(patients.joined(separator: "\n") + "\n", into: "cli_patient")
        try shell.execute("""
            UPDATE cli_commune SET geom = ST_SetSRID(geom, 4326);
            CREATE INDEX ON cli_commune USING gist (geom);
            CREATE INDEX ON cli_cpts_commune (code);
            CREATE INDEX ON cli_cpts_commune (cpts_id);
            CREATE INDEX ON cli_volunteer USING gist (geom);
            CREATE INDEX ON cli_patient USING gist ((geom::geography));
            ANALYZE cli_commune; ANALYZE cli_cpts_commune; ANALYZE cli_volunteer; ANALYZE cli_patient;
            """)
    }

    /// EWKT from the coordinates' file text, so that PostGIS holds exactly what `maillage import` read.
    static func point(_ c: Coordinate) -> String {
        "SRID=4326;POINT(\(CLIScenario.degrees(c.longitude)) \(CLIScenario.degrees(c.latitude)))"
    }

    func time(_ sql: String) throws -> (result: String, seconds: Double) { try shell.time(sql, runs: Self.runs) }

    /// The 5 nearest available volunteers (accepting, places left) to a commune's point on surface (what Maillage
    /// stores as its representative point): KNN `<->` on the GiST index for 20 candidates, re-ranked by geodesic
    /// distance, with the CPTS of the patient's commune and of each GP, as the CLI answers. Result: the RPPS numbers.
    func nearest(commune code: String, k: Int) throws -> (result: String, seconds: Double) {
        try time(Self.nearestSQL(here: "SELECT code, ST_PointOnSurface(geom) AS p FROM cli_commune WHERE code = '\(code)'", k: k))
    }

    /// The same from coordinates: the commune under the point first (GiST), as the CLI locates the patient.
    func nearest(latitude: Double, longitude: Double, k: Int) throws -> (result: String, seconds: Double) {
        try time(Self.nearestSQL(here: """
            SELECT (SELECT c.code FROM cli_commune c WHERE ST_Covers(c.geom, q.p) LIMIT 1) AS code, q.p
            FROM (SELECT ST_SetSRID(ST_MakePoint(\(longitude), \(latitude)), 4326) AS p) q
            """, k: k))
    }

    static func nearestSQL(here: String, k: Int) -> String {
        """
        WITH here AS (\(here))
        SELECT string_agg(n.rpps, ',' ORDER BY n.metres, n.rpps),
               (SELECT string_agg(m.cpts_id, ',') FROM cli_cpts_commune m, here WHERE m.code = here.code),
               string_agg(array_to_string(n.cpts, ','), ';')
        FROM here CROSS JOIN LATERAL (
          SELECT c.rpps, ST_Distance(c.geom::geography, here.p::geography) AS metres,
                 ARRAY(SELECT m.cpts_id FROM cli_cpts_commune m WHERE m.code = c.commune) AS cpts
          FROM (SELECT v.rpps, v.geom, v.commune FROM cli_volunteer v WHERE v.accepts AND v.places > 0
                ORDER BY v.geom <-> here.p LIMIT \(max(20, 4 * k))) c
          ORDER BY metres, c.rpps LIMIT \(k)) n
        """
    }

    /// Waiting patients within `km` of the GP's roster position (ST_DWithin on geography, GiST on geography), nearest
    /// first. Result: the count, then the references.
    func requestsNear(rpps: String, km: Double) throws -> (result: String, seconds: Double) {
        try time("""
            SELECT count(*), string_agg(t.reference, ',' ORDER BY t.metres, t.reference) FROM (
              SELECT p.reference, ST_Distance(p.geom::geography, v.geom::geography) AS metres
              FROM cli_volunteer v JOIN cli_patient p ON ST_DWithin(p.geom::geography, v.geom::geography, \(km * 1000))
              WHERE v.rpps = '\(rpps)') t
            """)
    }

    /// Per CPTS, the figures `coverage --by cpts` prints: population of its communes, their count, the geodesic
    /// area of their union, its départements, its parts (polygons of the union). Every column is summed in the result:
    /// PostgreSQL drops a subquery's unused columns, aggregates included. Result: CPTS, population, communes, km²,
    /// départements, parts.
    func cptsReports() throws -> (result: String, seconds: Double) {
        try time("""
            SELECT count(*), sum(population), sum(communes), round(sum(ST_Area(u::geography)) / 1e6), sum(cardinality(departements)),
                   sum(ST_NumGeometries(u)) FROM (
              SELECT m.cpts_id, coalesce(sum(c.population), 0) AS population, count(*) AS communes, ST_Union(c.geom) AS u,
                     array_agg(DISTINCT c.departement) AS departements
              FROM cli_cpts_commune m JOIN cli_commune c USING (code) GROUP BY m.cpts_id) t
            """)
    }

    /// Communes in no CPTS, dissolved into groups of intersecting communes of the same région (ST_ClusterDBSCAN at
    /// distance 0 partitioned by région: sharing a border or a point, as the touch graph cut at the régions' limits, what
    /// `maillage white-zones` lists by default), each with its union's geodesic area and population; a commune without
    /// polygon is a zone of its own. Result: zones, population, km².
    func whiteZones() throws -> (result: String, seconds: Double) {
        try time("""
            SELECT count(*), sum(population), round(sum(area) / 1e6) FROM (
              SELECT region, zone, coalesce(sum(population), 0) AS population, ST_Area(ST_Union(geom)::geography) AS area FROM (
                SELECT region, geom, population,
                       CASE WHEN geom IS NULL THEN -row_number() OVER () ELSE ST_ClusterDBSCAN(geom, 0, 1) OVER (PARTITION BY region) END AS zone
                FROM cli_commune c WHERE NOT EXISTS (SELECT 1 FROM cli_cpts_commune m WHERE m.code = c.code)) u
              GROUP BY region, zone) z
            """)
    }

    /// Pairs of CPTS claiming the same communes, with those communes and their population. Result: pairs, communes,
    /// population (summed over the pairs).
    func overlaps() throws -> (result: String, seconds: Double) {
        try time("""
            SELECT count(*), sum(cardinality(codes)), sum(population) FROM (
              SELECT a.cpts_id, b.cpts_id, array_agg(c.code ORDER BY c.code) AS codes, coalesce(sum(c.population), 0) AS population
              FROM cli_cpts_commune a JOIN cli_cpts_commune b ON a.code = b.code AND a.cpts_id < b.cpts_id
              JOIN cli_commune c ON c.code = a.code GROUP BY a.cpts_id, b.cpts_id) t
            """)
    }

    /// Population and communes, total and covered by a CPTS, nationally or per département. Result: rows, population,
    /// population covered, communes, communes covered (summed over the rows).
    func coverage(groupedBy column: String?) throws -> (result: String, seconds: Double) {
        let group = column.map { "GROUP BY \($0)" } ?? ""
        return try time("""
            SELECT count(*), sum(population), sum(covered_population), sum(communes), sum(covered_communes) FROM (
              SELECT sum(population) AS population, coalesce(sum(population) FILTER (WHERE covered), 0) AS covered_population,
                     count(*) AS communes, count(*) FILTER (WHERE covered) AS covered_communes FROM (
                SELECT c.departement, c.population, EXISTS (SELECT 1 FROM cli_cpts_commune m WHERE m.code = c.code) AS covered
                FROM cli_commune c) t \(group)) g
            """)
    }

    /// PostgreSQL's `\copy` of an extract into a one-column text table, each line one value: CSV with a delimiter and
    /// a quote that never occur in the file, so that no byte is interpreted (text format would read backslashes).
    func copyLines(of path: String) throws -> (seconds: Double, lines: String) {
        try shell.execute("DROP TABLE IF EXISTS cli_extract_line; CREATE TABLE cli_extract_line (line text);")
        let (_, seconds) = try BenchmarkSupport.time {
            try shell.copyFile(path, into: "cli_extract_line", options: "(FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')")
        }
        let lines = try shell.time("SELECT count(*) FROM cli_extract_line", runs: 1).result
        try shell.execute("DROP TABLE cli_extract_line")
        return (seconds, lines)
    }
}
