import Foundation
import GeometryKit
import PostgresNIO
import Storage
import Territory

/// `practitioner_activity` and `pharmacy`: what the open-data imports replace whole.
///
/// The streaming replaces take the batches `produce` writes (a synchronous parser) into memory, then send them in one
/// transaction: PostgreSQL's driver is asynchronous and a parser's callback is not, and a national extract's rows are
/// a few hundred MB at most. If `produce` throws, nothing was sent.
extension PostGISStore {
    /// The columns `COPY practitioner_activity` writes, and an activity's fields in that order (`id` numbers the rows in
    /// the file's order, which readers keep).
    private static let activityCopyColumns = ["rpps", "profession_code", "profession_label", "savoir_faire_code", "savoir_faire_label",
                                              "mode_code", "mode_label", "commune_code", "departement", "position", "precision",
                                              "name", "address"]
    private static func copyFields(_ a: PractitionerActivity) -> [String] {
        [a.rpps, a.professionCode, a.professionLabel, a.savoirFaireCode, a.savoirFaireLabel, a.modeCode, a.modeLabel, a.communeCode,
         a.departementCode, PostGISRows.pointEWKT(a.position), a.precision.rawValue, a.name, a.practiceAddress]
    }

    /// What `produce` wrote, and the summary it returned.
    static func collect<Record>(_ produce: (_ write: ([Record]) throws -> Void) throws -> String) throws -> (records: [Record], summary: String) {
        var records: [Record] = []
        let summary = try produce { records.append(contentsOf: $0) }
        return (records, summary)
    }

    public func replacePractitionerActivities(_ produce: (_ write: ([PractitionerActivity]) throws -> Void) throws -> String) async throws {
        let (activities, summary) = try Self.collect(produce)
        try await transaction(change: .supply) { db in
            try await db.execute("DELETE FROM practitioner_activity")
            try await PostGISRows.copy(activities, into: "practitioner_activity", columns: Self.activityCopyColumns, fields: Self.copyFields, db)
            try await Self.logImport(db, kind: "rpps", summary: summary)
        }
    }

    private static let activityColumns = """
        rpps, profession_code, profession_label, savoir_faire_code, savoir_faire_label, mode_code, mode_label, commune_code, departement,
        \(PostGISRows.coordinates()), precision, name, address
        """

    private func activities(where condition: String, binds: PostgresBindings = PostgresBindings()) async throws -> [PractitionerActivity] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.activityColumns) FROM practitioner_activity \(condition) ORDER BY id", binds: binds)).map { row in
            PractitionerActivity(rpps: try row.value("rpps"), professionCode: try row.value("profession_code"),
                                 professionLabel: try row.value("profession_label"), savoirFaireCode: try row.value("savoir_faire_code"),
                                 savoirFaireLabel: try row.value("savoir_faire_label"), modeCode: try row.value("mode_code"),
                                 modeLabel: try row.value("mode_label"), communeCode: try row.value("commune_code"),
                                 departementCode: try row.value("departement"), position: try Self.position(row),
                                 precision: try Self.precision(row), name: try row.value("name"),
                                 practiceAddress: try row.value("address"))
        }
    }

    public func practitionerActivities() async throws -> [PractitionerActivity] { try await activities(where: "") }

    public func practitionerActivities(rpps: [String]) async throws -> [PractitionerActivity] {
        guard !rpps.isEmpty else { return [] }
        var binds = PostgresBindings()
        binds.append(rpps)
        return try await activities(where: "WHERE rpps = ANY($1)", binds: binds)
    }

    public func generalPractitionerActivities() async throws -> [PractitionerActivity] {
        var binds = PostgresBindings()
        binds.append(PractitionerActivity.generalPractitionerProfession)
        binds.append(PractitionerActivity.generalPracticeSavoirFaire.sorted())
        return try await activities(where: "WHERE profession_code = $1 AND savoir_faire_code = ANY($2)", binds: binds)
    }

    private struct PharmacyRow: Encodable {
        var finess, finessEJ, name, communeCode: String
        var lon, lat: Double
        var precision: String
        var sourceCRS: String?
        enum CodingKeys: String, CodingKey {
            case finess, finessEJ = "finess_ej", name, communeCode = "commune_code", lon, lat, precision, sourceCRS = "source_crs"
        }
    }

    public func replacePharmacies(_ produce: (_ write: ([Pharmacy]) throws -> Void) throws -> String) async throws {
        let (pharmacies, summary) = try Self.collect(produce)
        let rows = pharmacies.map { p in
            PharmacyRow(finess: p.finess, finessEJ: p.finessEJ, name: p.name, communeCode: p.communeCode, lon: p.position.longitude,
                        lat: p.position.latitude, precision: p.precision.rawValue, sourceCRS: p.sourceCRS)
        }
        try await transaction(change: .supply) { db in
            try await db.execute("DELETE FROM pharmacy")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO pharmacy (finess, finess_ej, name, commune_code, position, precision, source_crs)
                    SELECT finess, finess_ej, name, commune_code, \(PostGISRows.point()), precision, source_crs
                    FROM jsonb_to_recordset($1::jsonb) AS r(finess text, finess_ej text, name text, commune_code text, lon float8, lat float8,
                                                            precision text, source_crs text)
                    """, binds: try Self.binds(json))
            }
            try await Self.logImport(db, kind: "finess", summary: summary)
        }
    }

    private struct FacilityRow: Encodable {
        var finess, name, category, categoryLabel, communeCode: String
        var lon, lat: Double
        var precision: String
        enum CodingKeys: String, CodingKey {
            case finess, name, category, categoryLabel = "category_label", communeCode = "commune_code", lon, lat, precision
        }
    }

    public func replaceHealthFacilities(_ facilities: [HealthFacility]) async throws {
        let rows = facilities.map { f in
            FacilityRow(finess: f.finess, name: f.name, category: f.category, categoryLabel: f.categoryLabel, communeCode: f.communeCode,
                        lon: f.position.longitude, lat: f.position.latitude, precision: f.precision.rawValue)
        }
        try await transaction(change: .supply) { db in
            try await db.execute("DELETE FROM health_facility")
            try await PostGISRows.insert(rows, db) { json in
                PostgresQuery(unsafeSQL: """
                    INSERT INTO health_facility (finess, name, category, category_label, commune_code, position, precision)
                    SELECT finess, name, category, category_label, commune_code, \(PostGISRows.point()), precision
                    FROM jsonb_to_recordset($1::jsonb) AS r(finess text, name text, category text, category_label text, commune_code text,
                                                            lon float8, lat float8, precision text)
                    """, binds: try Self.binds(json))
            }
        }
    }

    public func healthFacilities() async throws -> [HealthFacility] {
        try await rows(PostgresQuery(unsafeSQL: """
            SELECT finess, name, category, category_label, commune_code, \(PostGISRows.coordinates()), precision FROM health_facility ORDER BY finess
            """)).map { row in
            HealthFacility(finess: try row.value("finess"), name: try row.value("name"), category: try row.value("category"),
                           categoryLabel: try row.value("category_label"), communeCode: try row.value("commune_code"),
                           position: try Self.position(row), precision: try Self.precision(row))
        }
    }

    public func pharmacies() async throws -> [Pharmacy] {
        try await rows(PostgresQuery(unsafeSQL: """
            SELECT finess, finess_ej, name, commune_code, \(PostGISRows.coordinates()), precision, source_crs FROM pharmacy ORDER BY finess
            """)).map { row in
            Pharmacy(finess: try row.value("finess"), finessEJ: try row.value("finess_ej"), name: try row.value("name"),
                     communeCode: try row.value("commune_code"), position: try Self.position(row), precision: try Self.precision(row),
                     sourceCRS: try row.value("source_crs", String?.self))
        }
    }

    // MARK: - Located rows

    static func position(_ row: PostgresRandomAccessRow) throws -> Coordinate {
        guard let position = try row.coordinate() else { throw StorageError.corrupt("a located row has no position") }
        return position
    }

    static func precision(_ row: PostgresRandomAccessRow) throws -> LocationPrecision {
        let text: String = try row.value("precision")
        guard let precision = LocationPrecision(rawValue: text) else { throw StorageError.corrupt("unknown location precision '\(text)'") }
        return precision
    }
}
