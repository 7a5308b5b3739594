import GeometryKit
import Territory

/// Which practitioners' activities the orientation desk loads.
public enum PractitionerSelection: Sendable {
    case all, none
    /// Only these RPPS numbers' (the GP of `requestsNear`).
    case rpps([String])
}

/// How much of the commune layer a command needs: reading and decoding 34 875 polygons costs more than most
/// answers, so each command says what it uses.
public enum CommuneScope: Sendable {
    /// Polygons, touch graph: dissolves, maps, exports.
    case full
    /// Attributes and representative points: coverage figures, overlaps, a commune's point.
    case attributes
    /// What an orientation query touches: the communes of the roster's practices and the patient's (by code, or
    /// those whose envelope holds the position, with their polygons). Coverage figures over it mean nothing.
    case orientation(around: Coordinate?, commune: String?)
}

/// What the CLI and the HTTP service load from a store before answering: the analysis of the CPTS
/// over the commune layer, the orientation desk (roster, practitioners, waiting list), and the dissolves the
/// store keeps per import.
///
/// ```swift
/// let analysis = try store.territoryAnalysis(coveringStatuses: [.aciSigne], communes: .attributes)
/// let reports = try analysis.reports(dissolved: try store.dissolvedPerimeters(withGeometry: false))
/// let desk = try store.orientationService(analysis: analysis)
/// ```
extension MaillageStore {
    /// The commune layer; `StorageError.empty` when no commune was imported yet.
    public func requireCommuneLayer(_ scope: CommuneScope = .full) throws -> CommuneLayer {
        let layer: CommuneLayer
        switch scope {
        case .full: layer = try communeLayer()
        case .attributes: layer = try communeLayer(geometry: false)
        case .orientation(let position, let code):
            return try orientationCommunes(around: position, commune: code)   // may be empty: an unknown commune says so
        }
        guard !layer.communes.isEmpty else { throw StorageError.empty("no commune in the store: run `maillage import communes` first") }
        return layer
    }

    public func territoryAnalysis(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases),
                                  communes scope: CommuneScope = .full) throws -> TerritoryAnalysis {
        TerritoryAnalysis(layer: try requireCommuneLayer(scope), perimeters: try allCPTS(), coveringStatuses: coveringStatuses)
    }

    /// The desk over the roster, and what else the caller says it uses: the practitioners' activities (the practice
    /// of a GP outside the roster, for `requestsNear`), the waiting list (`requestsNear`, matching). What is left out
    /// is empty in the desk — `nearest` needs neither, and 325 818 activities take longer to read than it to answer.
    public func orientationService(analysis: TerritoryAnalysis, practitioners: PractitionerSelection = .all,
                                   waitingList: Bool = true) throws -> OrientationService {
        let activities: [PractitionerActivity]
        switch practitioners {
        case .all: activities = try practitionerActivities()
        case .none: activities = []
        case .rpps(let numbers): activities = try practitionerActivities(rpps: numbers)
        }
        return OrientationService(analysis: analysis, volunteers: try volunteers(), activities: activities,
                                  waiting: waitingList ? try pendingPatientRequests() : [])
    }

    // MARK: - Derived data, computed once per import

    /// The CPTS dissolves of the current import: read from the store, or computed (whole layer, GEOS) and stored.
    public func dissolvedPerimeters(withGeometry: Bool) throws -> [String: DissolvedPerimeter] {
        let generation = try territoryGeneration()   // read first: a later import makes the save a no-op
        if let stored = try dissolvedPerimeters(generation: generation, withGeometry: withGeometry) { return stored }
        let dissolved = try territoryAnalysis().dissolvedPerimeters()
        try saveDissolvedPerimeters(dissolved, generation: generation)
        return dissolved
    }

    /// The white zones of the current import for these covering statuses: read from the store, or computed and stored.
    public func whiteZones(coveringStatuses: Set<CPTSStatus>, withGeometry: Bool) throws -> [WhiteZone] {
        let generation = try territoryGeneration()
        if let stored = try whiteZones(coveringStatuses: coveringStatuses, generation: generation, withGeometry: withGeometry) { return stored }
        let zones = try territoryAnalysis(coveringStatuses: coveringStatuses).whiteZones()
        try saveWhiteZones(zones, coveringStatuses: coveringStatuses, generation: generation)
        return zones
    }

    /// Computes and stores what the commune and CPTS imports invalidate — the CPTS dissolves and the white zones
    /// of the default statuses (all) and of signed ACI — from one load of the layer (or `layer`, the one just
    /// imported). Run after those imports.
    public func refreshDerivedTerritory(layer: CommuneLayer? = nil) throws {
        let generation = try territoryGeneration()
        let analysis: TerritoryAnalysis
        if let layer {
            analysis = TerritoryAnalysis(layer: layer, perimeters: try allCPTS())
        } else {
            do { analysis = try territoryAnalysis() } catch StorageError.empty { return }   // CPTS before communes: nothing to derive yet
        }
        try saveDissolvedPerimeters(try analysis.dissolvedPerimeters(), generation: generation)
        for statuses in [Set(CPTSStatus.allCases), [.aciSigne]] {
            let zones = try TerritoryAnalysis(layer: analysis.layer, perimeters: analysis.perimeters, coveringStatuses: statuses).whiteZones()
            try saveWhiteZones(zones, coveringStatuses: statuses, generation: generation)
        }
    }
}
