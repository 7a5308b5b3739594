import GeometryKit
import Territory

/// Summary figures of the commune layer in a store.
public struct CommuneStats: Sendable, Equatable, Encodable {
    public var communes: Int
    public var populationTotal: Int
    public var communesWithoutGeometry: Int

    enum CodingKeys: String, CodingKey {
        case communes, populationTotal = "population_total", communesWithoutGeometry = "communes_without_geometry"
    }

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

    public init(kind: String, importedAt: String, summary: String) {
        self.kind = kind; self.importedAt = importedAt; self.summary = summary
    }
}

/// Where Maillage keeps its data. One protocol, so the embedded SQLite default and a shared PostGIS
/// database can stand behind the same CLI and server, and run the same tests.
///
/// Every `replace…` call is all-or-nothing: an interrupted import leaves the previous content intact.
public protocol MaillageStore: Sendable {
    /// Replaces the whole commune layer and its touch graph (idempotent: importing twice gives the same
    /// content). `formerCodes` maps codes of communes merged or renumbered since to their current commune.
    func replaceCommunes(_ layer: CommuneLayer, formerCodes: [String: String], importSummary: String) async throws
    /// Every commune, with its geometry.
    func allCommunes() async throws -> [Commune]
    /// The commune layer with its stored touch graph (no GEOS work to rebuild it).
    func communeLayer() async throws -> CommuneLayer
    /// The commune layer without polygons or touch graph when `geometry` is false (attributes and representative
    /// points: what coverage figures, overlaps and the importers' commune lookup need), else `communeLayer()`.
    func communeLayer(geometry: Bool) async throws -> CommuneLayer
    /// Every pair of touching communes once, as the commune import stored them.
    func communeTouchPairs() async throws -> [(String, String)]
    /// The départements' names (COG) by code, as the commune import stored them.
    func departementNames() async throws -> [String: String]
    /// The EPCI's names by SIREN (BANATIC), replaced with the communes.
    func epciNames() async throws -> [String: String]
    /// The communes an orientation query touches, without touch graph: `code`, and the communes whose envelope holds
    /// `position` (an R*Tree query) with their polygons — enough for `communeContaining(position)`, not for coverage
    /// figures (the CPTS of each volunteer's commune come from the perimeters).
    func orientationCommunes(around position: Coordinate?, commune code: String?) async throws -> CommuneLayer
    func commune(code: String) async throws -> Commune?
    func communeStats() async throws -> CommuneStats
    /// Former commune codes → current code (from the COG movements at the last commune import).
    func formerCommuneCodes() async throws -> [String: String]
    /// Replaces every CPTS perimeter.
    func replaceCPTS(_ perimeters: [CPTSPerimeter], importSummary: String) async throws
    /// Every CPTS perimeter, by id.
    func allCPTS() async throws -> [CPTSPerimeter]
    /// The CPTS (whole perimeters) that claim at least one of these communes.
    func cpts(claimingAnyOf codes: Set<String>) async throws -> [CPTSPerimeter]
    /// Replaces the practitioner activities (RPPS extract) with what `produce` writes, a batch at a time, in one
    /// transaction; `produce` returns the import summary (its counts are known at the end), logged in the same
    /// transaction. If `produce` throws, the previous activities stay.
    func replacePractitionerActivities(_ produce: (_ write: ([PractitionerActivity]) throws -> Void) throws -> String) async throws
    func practitionerActivities() async throws -> [PractitionerActivity]
    /// The activities of some practitioners, by RPPS number (through the index: no full read).
    func practitionerActivities(rpps: [String]) async throws -> [PractitionerActivity]
    /// The activities of general practitioners only (`PractitionerActivity.isGeneralPractitioner`), for the GP supply of
    /// the accessibility index: a sixth of a national extract.
    func generalPractitionerActivities() async throws -> [PractitionerActivity]
    /// Replaces the pharmacies (FINESS officines), streamed as `replacePractitionerActivities(_:)` does.
    func replacePharmacies(_ produce: (_ write: ([Pharmacy]) throws -> Void) throws -> String) async throws
    func pharmacies() async throws -> [Pharmacy]
    /// The FINESS establishments a diagnostic counts (`FacilityKind`), replaced whole by each FINESS import after its
    /// officines, in a transaction of their own.
    func replaceHealthFacilities(_ facilities: [HealthFacility]) async throws
    func healthFacilities() async throws -> [HealthFacility]
    /// Replaces the volunteer roster, streamed as `replacePractitionerActivities(_:)` does; a volunteer written
    /// again (an RPPS listed twice, the more recent entry) replaces the one written before.
    func replaceVolunteers(_ produce: (_ write: ([Volunteer]) throws -> Void) throws -> String) async throws
    func volunteers() async throws -> [Volunteer]
    /// The volunteers practising inside `envelope` (all when nil), by RPPS.
    func volunteers(in envelope: Envelope?) async throws -> [Volunteer]
    /// The volunteers practising in one of `communes` (a CPTS's perimeter), by RPPS: what a coordinator's commit
    /// matches against, a few dozen rows where the whole roster is 14 300 on the whole country.
    func volunteers(inCommunes communes: Set<String>) async throws -> [Volunteer]
    /// The roster's entry of one RPPS number.
    func volunteer(rpps: String) async throws -> Volunteer?
    /// A coordinator's roster upload: replaces the rows its CPTS owns by `volunteers`, now its own, with the audit event in
    /// the same transaction. Rows other CPTS own in communes not `shared` are never touched: a volunteer among them throws
    /// `StorageError.rosterRowOwned`, changing nothing. Rows in `shared` communes are written (last write wins) but never
    /// deleted by being left out: a neighbour's GP stays. Rows of the operator's import may be taken over
    /// (`OrientationRules.checkRosterOwnership`).
    func replaceRoster(ofCPTS cpts: String, _ volunteers: [Volunteer], sharedCommunes: Set<String>, importSummary: String,
                       audit: AuditEvent?) async throws
    /// The CPTS owning the roster row of each of these GPs, for rows a coordinator uploaded.
    func rosterOwners(rpps: [String]) async throws -> [String: String]
    /// Adds or updates the waiting patients `produce` writes, a batch at a time, in one transaction (summary logged
    /// in it, with the audit event made of the merge's counts); a request is known by (cpts, reference), and one
    /// already oriented to a GP is kept as it is. If `produce` throws, nothing changes.
    func mergePatientRequests(_ produce: (_ write: ([PatientRequest]) throws -> Void) throws -> String,
                              audit: (PatientMerge) -> AuditEvent?) async throws -> PatientMerge
    /// Patients still waiting for a GP.
    func pendingPatientRequests() async throws -> [PatientRequest]
    /// The requests still waiting whose position lies inside `envelope` (all when nil), by (cpts, reference).
    func pendingPatientRequests(in envelope: Envelope?) async throws -> [PatientRequest]
    /// The requests of one CPTS still waiting, by reference.
    func pendingPatientRequests(ofCPTS cpts: String) async throws -> [PatientRequest]
    /// The requests of one CPTS oriented to a GP, by time of orientation then reference; `from` and `to` are days
    /// (`2026-12-01`), both included, nil for no bound.
    func assignedPatientRequests(ofCPTS cpts: String, from: String?, to: String?) async throws -> [RecordedAssignment]
    /// Records orientations in one transaction, with the audit event: each request leaves the waiting list and its GP
    /// loses one place. Throws, changing nothing, if a request is not pending or a GP has no place left. The orientation
    /// is dated by its audit event (now without one).
    func recordAssignments(_ assignments: [Assignment], audit: AuditEvent?) async throws
    /// A practitioner declines a pending request: hidden from him from now on (not from other GPs), kept for the
    /// indicators, with the audit event in the same transaction (which dates it); declining again replaces the reason. Throws
    /// `StorageError.requestNotWaiting`, changing nothing, when the request is no longer pending.
    func declineRequest(_ key: PatientRequestKey, rpps: String, reason: String, audit: AuditEvent?) async throws
    /// The requests a practitioner declined (pending or not since).
    func declinedRequests(rpps: String) async throws -> Set<PatientRequestKey>
    /// Every request registered on or before `day` (`2026-12-01`), of one CPTS or all: waiting, oriented, or purged
    /// (of which a purge keeps only the CPTS, commune, priority and dates) — what the indicators count.
    func requestHistory(cpts: String?, registeredOnOrBefore day: String) async throws -> [HistoricRequest]
    /// The declines of one CPTS's requests or all, made between two days (both included).
    func declines(cpts: String?, from: String, to: String) async throws -> [RequestDecline]
    /// A practitioner's update of his own roster entry, with the audit event: what `update` gives changes, and `updatedOn`
    /// becomes its `mis_a_jour_le`; the other instances hear it as a roster write. Throws `StorageError.notInRoster`
    /// when he has no entry. The entry as it now stands.
    func updateVolunteer(rpps: String, _ update: VolunteerUpdate, updatedOn: String, audit: AuditEvent?) async throws -> Volunteer
    /// Appends to the audit trail (a read or a denial: what changes nothing).
    func appendAudit(_ event: AuditEvent) async throws
    /// The audit trail in order, from `since` (ISO 8601 prefix, e.g. `2026-12-01`) and of one CPTS if given.
    func auditTrail(since: String?, cpts: String?) async throws -> [AuditEvent]
    /// Erases the positions of requests assigned before a date, deletes pending requests registered before another,
    /// in one transaction with its audit event (whose counts it fills in, and whose time dates the purge). Of a deleted
    /// request only its CPTS, commune, priority and dates stay, for the indicators (`HistoricRequest`).
    func purgePatientData(assignedBefore: String?, pendingRegisteredBefore: String?, audit: AuditEvent) async throws -> PurgeCounts
    /// Bumped by every commune or CPTS import, in its transaction; derived data carries the generation it was
    /// computed from, and an import discards what was derived before it.
    func territoryGeneration() async throws -> Int
    /// The CPTS dissolves stored for `generation`; nil when none were stored for it. `withGeometry: false` skips the polygons.
    func dissolvedPerimeters(generation: Int, withGeometry: Bool) async throws -> [String: DissolvedPerimeter]?
    /// Stores the dissolves computed from `generation`; does nothing if an import has moved it on since.
    func saveDissolvedPerimeters(_ dissolved: [String: DissolvedPerimeter], generation: Int) async throws
    /// The white zones stored for these covering statuses, this cut and `generation`, in the analysis's order; nil when none were.
    func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int, withGeometry: Bool) async throws -> [WhiteZone]?
    func saveWhiteZones(_ zones: [WhiteZone], coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, generation: Int) async throws
    /// The coverage figures of `level` (not `.cpts`) for these statuses as stored for `generation`; nil when not stored.
    func coverageFigures(coveringStatuses: Set<CPTSStatus>, level: CoverageLevel, generation: Int) async throws -> [CoverageFigures]?
    /// Stores the figures of every level given, for these statuses (dropped if `generation` is no longer current).
    func saveCoverageFigures(_ figures: [CoverageLevel: [CoverageFigures]], coveringStatuses: Set<CPTSStatus>, generation: Int) async throws
    /// The overlapping CPTS pairs as stored for `generation`; nil when not stored.
    func overlaps(generation: Int) async throws -> [CPTSOverlap]?
    func saveOverlaps(_ overlaps: [CPTSOverlap], generation: Int) async throws
    /// Bumped by every commune import only, in its transaction: the generalised levels depend on the communes alone, so
    /// a CPTS import keeps them.
    func communeGeneration() async throws -> Int
    /// The commune edge graph generalised at `toleranceMetres` (`PolygonCoverage.encoded()`) as stored for the communes of
    /// `communeGeneration`; nil when not stored.
    func generalisedLevel(toleranceMetres: Int, communeGeneration: Int) async throws -> [UInt8]?
    /// Stores a generalised level built from the communes of `communeGeneration` (dropped if a commune import came since).
    func saveGeneralisedLevel(_ encoded: [UInt8], toleranceMetres: Int, communeGeneration: Int) async throws
    /// The import history, newest first.
    func importHistory() async throws -> [ImportRecord]
    /// The desk's sequence: one more for every write to the rosters or waiting lists, each logging in its transaction
    /// the rows it touched (`DeskLog`). An instance reads it before the desk, then applies `deskChanges(since:)`.
    func deskSequence() async throws -> Int
    /// The rows the desk writes after `sequence` touched, as they are now; nil when the desk must be read whole (an
    /// operator's roster import since, the log pruned past `sequence`, or more rows touched than a whole read costs).
    func deskChanges(since sequence: Int) async throws -> DeskChanges?
    /// How many writes of each kind the store has committed, whoever made them (another `serve` instance, a CLI
    /// import): each write bumps its kind's counter in its own transaction, so an instance that read the counters before
    /// loading knows, by reading them again, what changed since.
    func changeCounters() async throws -> StoreChanges
    /// Ticks when another write may have been committed: on PostgreSQL at each `NOTIFY maillage_change` (and every
    /// second, should the listening connection drop); on SQLite, which has no such signal, every 200 ms. One consumer
    /// per stream; it ends when the consumer stops iterating.
    func changeSignals() -> AsyncStream<Void>
}

/// The change counters of a store, by kind of write (`StoreChange`).
public struct StoreChanges: Sendable, Equatable {
    public var counters: [StoreChange: Int]
    public init(_ counters: [StoreChange: Int]) { self.counters = counters }
    public subscript(kind: StoreChange) -> Int { counters[kind] ?? 0 }

    /// These counters with `kinds` taken from `other`.
    public func updating(_ kinds: Set<StoreChange>, from other: StoreChanges) -> StoreChanges {
        var copy = self
        for kind in kinds { copy.counters[kind] = other[kind] }
        return copy
    }

    /// The kinds whose counter differs from `earlier`.
    public func changed(since earlier: StoreChanges) -> Set<StoreChange> {
        Set(StoreChange.allCases.filter { self[$0] != earlier[$0] })
    }
}

/// What a write changed, as the other instances hear it.
public enum StoreChange: String, Sendable, CaseIterable {
    /// Communes or CPTS: the territory, and every analysis.
    case territory
    /// Practitioner activities or pharmacies.
    case supply
    /// The volunteer roster (an import or a coordinator's upload).
    case roster
    /// The waiting list: an upload, a committed matching, a purge.
    case waitingList = "waiting-list"
    /// Derived figures stored (dissolves, white zones…): computed from the territory, nothing to reload.
    case derived
    /// The audit trail only.
    case audit
}
