import GeometryKit

/// A patient without a médecin traitant registered by the CPTS: no name, only what matching needs.
///
/// ```swift
/// let request = PatientRequest(reference: "P01-00002", communeCode: "60055",
///                              position: Coordinate(longitude: 2.984217, latitude: 49.594893), precision: .address,
///                              priority: .over70, needsHomeVisit: true, registeredOn: "2026-11-21")
/// waitingList.sorted { ($0.priority, $0.registeredOn) < ($1.priority, $1.registeredOn) }
/// ```
public struct PatientRequest: Sendable, Hashable {
    /// The CPTS whose waiting list holds the request (the coordinator's token's CPTS, or `import patients --cpts`);
    /// "" for a request no CPTS holds (an operator's import in a commune claimed by none or by several). References
    /// are the CPTS's own numbering: a request is known by (cpts, reference), never by its reference alone.
    public var cpts: String
    /// The CPTS's own reference, unique in the file.
    public var reference: String
    /// INSEE code of the patient's commune.
    public var communeCode: String
    /// WGS84 position: the file's coordinates, or the commune point when the file gives none.
    public var position: Coordinate
    public var precision: LocationPrecision
    public var priority: PatientPriority
    public var needsHomeVisit: Bool
    /// Registration date, ISO 8601 (`YYYY-MM-DD`): the waiting-list order within a priority.
    public var registeredOn: String

    public init(reference: String, communeCode: String, position: Coordinate, precision: LocationPrecision,
                priority: PatientPriority, needsHomeVisit: Bool, registeredOn: String, cpts: String = "") {
        self.cpts = cpts; self.reference = reference; self.communeCode = communeCode; self.position = position; self.precision = precision
        self.priority = priority; self.needsHomeVisit = needsHomeVisit; self.registeredOn = registeredOn
    }
}

/// A waiting-list request's key: each CPTS numbers its own patients.
public struct PatientRequestKey: Hashable, Sendable, Comparable {
    public let cpts: String
    public let reference: String
    public init(cpts: String, reference: String) { self.cpts = cpts; self.reference = reference }
    public init(_ request: PatientRequest) { self.init(cpts: request.cpts, reference: request.reference) }
    public init(_ assignment: Assignment) { self.init(cpts: assignment.cpts, reference: assignment.reference) }
    public static func < (a: Self, b: Self) -> Bool { (a.cpts, a.reference) < (b.cpts, b.reference) }
}

extension Array where Element == PatientRequest {
    /// By (cpts, reference), the order `OrientationService.waiting` keeps; rows read in that order are checked in one
    /// pass instead of sorted again.
    public func sortedByKey() -> [PatientRequest] {
        let ordered = { (a: PatientRequest, b: PatientRequest) in (a.cpts, a.reference) < (b.cpts, b.reference) }
        return zip(self, dropFirst()).allSatisfy { ordered($0, $1) } ? self : sorted(by: ordered)
    }
}
