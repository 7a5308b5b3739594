import Foundation
import GeometryKit
import OpenData
import Territory
import UseCases

/// The national scenario of issue "CPTS perimeters": one CPTS per EPCI of the BANATIC file, except the
/// EPCIs whose SIREN ends in 0 or 5 (their communes become white zones). Times per-CPTS unions and
/// areas, overlaps and white zones in Maillage, then the same work in PostGIS, and prints the ratios.
enum CoverageBenchmark {
    static func run(dataDirectory: String) throws {
        let layer = try NationalLayer.load(dataDirectory)
        // Dissolves read the layer's edge graph, built once per loaded layer (as PostGIS builds its GiST index once).
        let (coverage, edgeSeconds) = BenchmarkSupport.time { layer.coverage }
        say(String(format: "commune edge graph: %d edges built in %.2f s", coverage.edgeCount, edgeSeconds))
        let perimeters = try NationalLayer.epciPerimeters(layer: layer, dataDirectory: dataDirectory)
        say("national scenario: \(perimeters.count) CPTS over \(perimeters.reduce(0) { $0 + $1.communeCodes.count }) of \(layer.communes.count) communes, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let (analysis, indexSeconds) = BenchmarkSupport.time { TerritoryAnalysis(layer: layer, perimeters: perimeters) }
        let (reports, unionSeconds) = try BenchmarkSupport.best { try analysis.reports() }
        // Like PostGIS's tables and indexes, the commune → CPTS index is built once (timed above as "index").
        let (overlaps, overlapSeconds) = BenchmarkSupport.best { analysis.overlaps() }
        let (zones, whiteSeconds) = try BenchmarkSupport.best { try analysis.whiteZones() }
        let area = reports.reduce(0) { $0 + $1.areaKm2 }
        say(String(format: "  maillage: index %.3f s", indexSeconds))
        say(String(format: "  maillage: per-CPTS union+area+contiguity  %8.3f s  (%d CPTS, %.0f km²)", unionSeconds, reports.count, area))
        say(String(format: "  maillage: overlaps                        %8.6f s  (%d pairs)", overlapSeconds, overlaps.count))
        say(String(format: "  maillage: white zones (cluster+union+area) %7.3f s  (%d zones, %d inhabitants)", whiteSeconds, zones.count,
                     zones.reduce(0) { $0 + $1.population }))

        guard let postgis = PostGISShell.start() else { return }
        defer { postgis.stop() }
        try load(layer: layer, perimeters: perimeters, into: postgis)
        let union = try postgis.time("""
            SELECT count(*), round(sum(area)::numeric / 1e6) FROM (
              SELECT m.cpts_id, ST_Area(ST_Union(c.geom)::geography) AS area
              FROM bench_cpts_commune m JOIN bench_commune c USING (code) GROUP BY m.cpts_id) t
            """)
        let overlap = try postgis.time("""
            SELECT count(*) FROM (
              SELECT a.cpts_id, b.cpts_id, array_agg(c.code), sum(c.population)
              FROM bench_cpts_commune a JOIN bench_cpts_commune b ON a.code = b.code AND a.cpts_id < b.cpts_id
              JOIN bench_commune c ON c.code = a.code GROUP BY a.cpts_id, b.cpts_id) t
            """)
        let white = try postgis.time("""
            SELECT count(*), sum(population) FROM (
              SELECT cluster, ST_Area(ST_Union(geom)::geography) AS area, sum(population) AS population FROM (
                SELECT geom, population, ST_ClusterDBSCAN(geom, 0, 1) OVER () AS cluster
                FROM bench_commune c WHERE NOT EXISTS (SELECT 1 FROM bench_cpts_commune m WHERE m.code = c.code)) u
              GROUP BY cluster) z
            """)
        say("  postgis:  per-CPTS ST_Union+ST_Area      \(String(format: "%8.3f", union.seconds)) s  (\(union.result.replacingOccurrences(of: "|", with: " CPTS, ")) km²)")
        say("  postgis:  overlaps (self-join)           \(String(format: "%8.6f", overlap.seconds)) s  (\(overlap.result) pairs)")
        say("  postgis:  white zones (ClusterDBSCAN+Union) \(String(format: "%6.3f", white.seconds)) s  (\(white.result.replacingOccurrences(of: "|", with: " zones, ")) inhabitants)")
        say(String(format: "  ratio PostGIS / maillage: unions %.1f×, overlaps %.0f×, white zones %.1f× (goal ≥ 10×)",
                     union.seconds / unionSeconds, overlap.seconds / max(overlapSeconds, 1e-9), white.seconds / whiteSeconds))
    }

    static func load(layer: CommuneLayer, perimeters: [CPTSPerimeter], into postgis: PostGISShell) throws {
        try postgis.execute("""
            DROP TABLE IF EXISTS bench_commune, bench_cpts_commune;
            CREATE TABLE bench_commune (code text PRIMARY KEY, population integer, geom geometry);
            CREATE TABLE bench_cpts_commune (cpts_id text, code text, PRIMARY KEY (cpts_id, code));
            """)
        let communes = layer.communes.compactMap { c in
            c.geometry.map { "\(c.code)\t\(c.population ?? 0)\t\(hex($0.wkb))" }
        }
        try postgis.copy(communes.joined(separator: "\n") + "\n", into: "bench_commune")
        let members = perimeters.flatMap { p in p.communeCodes.map { "\(p.id)\t\($0)" } }
        try postgis.copy(members.joined(separator: "\n") + "\n", into: "bench_cpts_commune")
        try postgis.execute("""
            UPDATE bench_commune SET geom = ST_SetSRID(geom, 4326);
            CREATE INDEX bench_commune_geom ON bench_commune USING gist (geom);
            CREATE INDEX bench_cpts_commune_code ON bench_cpts_commune (code);
            ANALYZE bench_commune; ANALYZE bench_cpts_commune;
            """)
    }
}

/// Lower-case hexadecimal, as PostGIS reads WKB in text.
func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The national commune layer, imported once per benchmark run.
enum NationalLayer {
    static func load(_ dataDirectory: String) throws -> CommuneLayer {
        let sources = CommuneSources(dataDirectory: dataDirectory)
        let communes = try CommuneLayerImport.run(sources).communes
        let (layer, seconds) = BenchmarkSupport.time { CommuneLayer(communes) }
        say(String(format: "commune layer: %d communes; STR-tree and touch graph built at import in %.2f s (kept in the store)", layer.communes.count, seconds))
        return layer
    }

    /// The national scenario: one CPTS (ACI signed) per EPCI of the BANATIC file, except the EPCIs whose SIREN
    /// ends in 0 or 5, whose communes become white zones.
    static func epciPerimeters(layer: CommuneLayer, dataDirectory: String) throws -> [CPTSPerimeter] {
        let membership = try EPCIMembership(path: dataDirectory + "/epci/epci-communes-2025.csv.gz")
        var codesByEPCI: [String: [String]] = [:]
        for (commune, siren) in membership.epciOfCommune where !siren.hasSuffix("0") && !siren.hasSuffix("5") && layer.contains(code: commune) {
            codesByEPCI[siren, default: []].append(commune)
        }
        return codesByEPCI.sorted { $0.key < $1.key }.map {
            CPTSPerimeter(id: $0.key, name: membership.epcis[$0.key]?.name ?? $0.key, status: .aciSigne, communeCodes: $0.value)
        }
    }
}
