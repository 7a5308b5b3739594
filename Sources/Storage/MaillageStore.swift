import Territory

/// Summary figures of the commune layer in a store.
public struct CommuneStats: Sendable, Equatable {
    public var communes: Int
    public var populationTotal: Int
    public var communesWithoutGeometry: Int

    public init(communes: Int, populationTotal: Int, communesWithoutGeometry: Int) {
        self.communes = communes; self.populationTotal = populationTotal; self.communesWithoutGeometry = communesWithoutGeometry
    }
}

/// What merging a waiting list did.
public struct PatientMerge: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    /// Requests of the file already oriented to a GP: left unchanged.
    public var alreadyAssigned = 0
    public init() {}
}

/// One record of the import history: what was imported, when, with its counts.
public struct ImportRecord: Sendable {
    public var kind: String
    public var importedAt: String
    public var summary: String
}

/// Where Maillage keeps its data. One protocol, so the embedded SQLite default and a shared PostGIS
/// database can stand behind the same CLI and server, and run the same tests.
///
/// Every `replace…` call is all-or-nothing: an interrupted import leaves the previous content intact.
public protocol MaillageStore: Sendable {
    /// Replaces the whole commune layer and its touch graph (idempotent: importing twice gives the same
    /// content). `formerCodes` maps codes of communes merged or renumbered since to their current commune.
    func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) throws
    /// Every commune, with its geometry.
    func allCommunes() throws -> [Commune]
    /// The commune layer with its stored touch graph (no GEOS work to rebuild it).
    func communeLayer() throws -> CommuneLayer
    func commune(code: String) throws -> Commune?
    func communeStats() throws -> CommuneStats
    /// Former commune codes → current code (from the COG movements at the last commune import).
    func formerCommuneCodes() throws -> [String: String]
    /// Replaces every CPTS perimeter.
    func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) throws
    /// Every CPTS perimeter, by id.
    func allCPTS() throws -> [CPTSPerimeter]
    /// Replaces the practitioner activities (RPPS extract).
    func replacePractitionerActivities(_ activities: [PractitionerActivity], importSummary: String) throws
    func practitionerActivities() throws -> [PractitionerActivity]
    /// Replaces the pharmacies (FINESS officines).
    func replacePharmacies(_ pharmacies: [Pharmacy], importSummary: String) throws
    func pharmacies() throws -> [Pharmacy]
    /// Replaces the volunteer roster.
    func replaceVolunteers(_ volunteers: [Volunteer], importSummary: String) throws
    func volunteers() throws -> [Volunteer]
    /// Adds or updates waiting patients; a request already oriented to a GP is kept as it is.
    func mergePatientRequests(_ requests: [PatientRequest], importSummary: String) throws -> PatientMerge
    /// Patients still waiting for a GP.
    func pendingPatientRequests() throws -> [PatientRequest]
    /// Records orientations in one transaction: each request leaves the waiting list and its GP loses
    /// one place. Throws, changing nothing, if a request is not pending or a GP has no place left.
    func recordAssignments(_ assignments: [Assignment]) throws
    /// The import history, newest first.
    func importHistory() throws -> [ImportRecord]
}
