import GeometryKit
import GRDB
import Storage
import Territory

/// Reads `volunteer`, `patient_request` and `pharmacy` rows by column index, resolved once per statement
/// (`ResolvedStatement`): `nearest` reads the 14 300 volunteers of a national roster in every process, and looking
/// each name up per row (GRDB lowercases it) was a third of its time.
enum VolunteerRecord {
    enum Columns {
        static let rpps = Column("rpps"), acceptsNewPatients = Column("accepts_new_patients"), placesRemaining = Column("places_remaining")
        static let homeVisits = Column("home_visits"), updatedOn = Column("updated_on"), communeCode = Column("commune_code")
        // lon, lat, precision: `PositionColumns`
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Volunteer] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: arguments, table: "volunteer")
        let rpps = try resolved.index(Columns.rpps), accepts = try resolved.index(Columns.acceptsNewPatients)
        let places = try resolved.index(Columns.placesRemaining), homeVisits = try resolved.index(Columns.homeVisits)
        let position = try PositionColumns(resolved), updatedOn = try resolved.index(Columns.updatedOn)
        let commune = try resolved.index(Columns.communeCode)
        return try Array(resolved.rows().map { row in
            Volunteer(rpps: row[rpps], acceptsNewPatients: row[accepts], placesRemaining: row[places], homeVisits: row[homeVisits],
                      position: position.coordinate(row), precision: try position.precision(row), updatedOn: row[updatedOn],
                      communeCode: row[commune])
        })
    }
}

enum PatientRequestRecord {
    enum Columns {
        static let cpts = Column("cpts_id"), reference = Column("reference"), communeCode = Column("commune_code"), priority = Column("priority")
        static let needsHomeVisit = Column("needs_home_visit"), registeredOn = Column("registered_on")
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [PatientRequest] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: arguments, table: "patient_request")
        let cpts = try resolved.index(Columns.cpts), reference = try resolved.index(Columns.reference), commune = try resolved.index(Columns.communeCode)
        let priority = try resolved.index(Columns.priority), homeVisit = try resolved.index(Columns.needsHomeVisit)
        let registeredOn = try resolved.index(Columns.registeredOn), position = try PositionColumns(resolved)
        return try Array(resolved.rows().map { row in
            return PatientRequest(reference: row[reference], communeCode: row[commune], position: position.coordinate(row),
                                  precision: try position.precision(row), priority: try OrientationRules.priority(row[priority], reference: row[reference]),
                                  needsHomeVisit: row[homeVisit],
                                  registeredOn: row[registeredOn], cpts: row[cpts])
        })
    }
}

/// Oriented requests: `patient_request` rows with their GP (`SQLiteStore.assignedPatientRequests`).
enum RecordedAssignmentRecord {
    enum Columns {
        static let assignedRPPS = Column("assigned_rpps"), assignedDistanceKm = Column("assigned_distance_km")
        static let assignedAt = Column("assigned_at")
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RecordedAssignment] {
        typealias Request = PatientRequestRecord.Columns
        let resolved = try ResolvedStatement(db, sql: sql, arguments: arguments, table: "patient_request")
        let cpts = try resolved.index(Request.cpts), reference = try resolved.index(Request.reference)
        let commune = try resolved.index(Request.communeCode), priority = try resolved.index(Request.priority)
        let registeredOn = try resolved.index(Request.registeredOn), rpps = try resolved.index(Columns.assignedRPPS)
        let distance = try resolved.index(Columns.assignedDistanceKm), at = try resolved.index(Columns.assignedAt)
        return try Array(resolved.rows().map { row in
            RecordedAssignment(cpts: row[cpts], reference: row[reference], communeCode: row[commune],
                               priority: try OrientationRules.priority(row[priority], reference: row[reference]),
                               registeredOn: row[registeredOn], rpps: row[rpps], distanceKm: row[distance], assignedAt: row[at])
        })
    }
}

enum PharmacyRecord {
    enum Columns {
        static let finess = Column("finess"), finessEJ = Column("finess_ej"), name = Column("name")
        static let communeCode = Column("commune_code"), sourceCRS = Column("source_crs")
    }

    static func fetchAll(_ db: Database, sql: String) throws -> [Pharmacy] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: StatementArguments(), table: "pharmacy")
        let finess = try resolved.index(Columns.finess), finessEJ = try resolved.index(Columns.finessEJ), name = try resolved.index(Columns.name)
        let commune = try resolved.index(Columns.communeCode), sourceCRS = try resolved.index(Columns.sourceCRS)
        let position = try PositionColumns(resolved)
        return try Array(resolved.rows().map { row in
            Pharmacy(finess: row[finess], finessEJ: row[finessEJ], name: row[name], communeCode: row[commune],
                     position: position.coordinate(row), precision: try position.precision(row), sourceCRS: row[sourceCRS])
        })
    }
}

enum HealthFacilityRecord {
    enum Columns {
        static let finess = Column("finess"), name = Column("name"), category = Column("category"), categoryLabel = Column("category_label")
        static let communeCode = Column("commune_code")
    }

    static func fetchAll(_ db: Database, sql: String) throws -> [HealthFacility] {
        let resolved = try ResolvedStatement(db, sql: sql, arguments: StatementArguments(), table: "health_facility")
        let finess = try resolved.index(Columns.finess), name = try resolved.index(Columns.name), category = try resolved.index(Columns.category)
        let label = try resolved.index(Columns.categoryLabel), commune = try resolved.index(Columns.communeCode)
        let position = try PositionColumns(resolved)
        return try Array(resolved.rows().map { row in
            HealthFacility(finess: row[finess], name: row[name], category: row[category], categoryLabel: row[label], communeCode: row[commune],
                           position: position.coordinate(row), precision: try position.precision(row))
        })
    }
}

/// The `lon`, `lat` and `precision` columns every located row has.
struct PositionColumns {
    enum Columns { static let lon = Column("lon"), lat = Column("lat"), precision = Column("precision") }
    let lon, lat, precision: Int

    init(_ resolved: ResolvedStatement) throws {
        lon = try resolved.index(Columns.lon); lat = try resolved.index(Columns.lat); precision = try resolved.index(Columns.precision)
    }

    func coordinate(_ row: Row) -> Coordinate { Coordinate(longitude: row[lon], latitude: row[lat]) }

    func precision(_ row: Row) throws -> LocationPrecision {
        let text: String = row[precision]
        guard let precision = LocationPrecision(rawValue: text) else { throw StorageError.corrupt("unknown location precision '\(text)'") }
        return precision
    }
}
