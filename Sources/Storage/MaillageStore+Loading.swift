import GeometryKit
import Territory

/// How much of the commune layer a command needs: reading and decoding 34 875 polygons costs more than most
/// answers, so each command says what it uses.
public enum CommuneScope: Sendable {
    /// Polygons, touch graph: dissolves, maps, exports.
    case full
    /// Attributes and representative points: coverage figures, overlaps, a commune's point.
    case attributes
    /// What an orientation query touches: the patient's commune (by code, or those whose envelope holds the position,
    /// with their polygons); the volunteers' CPTS come from the perimeters' codes. Coverage figures over it mean nothing.
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

    /// The desk over the roster, and the waiting list if the caller uses it (matching); a practice outside the roster
    /// is read from the activities when asked (`requestsNear`), never the 325 818 activities at once.
    public func orientationService(analysis: TerritoryAnalysis, waitingList: Bool = true) throws -> OrientationService {
        OrientationService(analysis: analysis, volunteers: try volunteers(), practice: { [self] in try practice(rpps: $0) },
                           waiting: waitingList ? try pendingPatientRequests() : [])
    }

    /// Where a practitioner practises (`OrientationService.practices`), from its activities alone: the server's
    /// `requestsNear` for a GP outside the roster.
    public func practice(rpps: String) throws -> Coordinate? {
        OrientationService.practices(try practitionerActivities(rpps: [rpps]))[rpps]
    }

    // MARK: - One orientation query, reading only around it

    /// `OrientationService.nearest` over the whole roster and territory, reading only what lies around the patient:
    /// its commune (by code, or the polygons whose envelope holds the position), the volunteers of boxes growing
    /// around it, and the CPTS claiming their communes. Every volunteer within r of the patient is in the box of
    /// radius r, so once k are found within r, nobody outside is nearer (ties fall as over the whole roster: the
    /// candidates keep the RPPS order). A process answers one query in the time the whole roster takes to read.
    public func nearest(_ query: NearestQuery, coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) throws -> OrientationService.NearestAnswer {
        let layer: CommuneLayer
        switch query.place {
        case .commune(let code): layer = try orientationCommunes(around: nil, commune: code)
        case .position(let position): layer = try orientationCommunes(around: position.isValidLongitudeLatitude ? position : nil, commune: nil)
        }
        func desk(_ volunteers: [Volunteer]) throws -> OrientationService {
            let claimed = Set(layer.communes.map(\.code)).union(volunteers.map(\.communeCode))
            let analysis = TerritoryAnalysis(layer: layer, perimeters: try cpts(claimingAnyOf: claimed), coveringStatuses: coveringStatuses)
            return OrientationService(analysis: analysis, volunteers: volunteers, practice: { _ in nil }, waiting: [])
        }
        let position = try desk([]).locate(query.place).position
        var metres = 10_000.0
        while true {
            let box = GeodesicPointIndex.envelope(around: position, metres: metres)
            let answer = try desk(try volunteers(in: box)).nearest(query)
            let found = answer.volunteers.count == query.k && answer.volunteers.last!.distanceKm * 1000 <= metres
            if box == nil || found || query.maxKm.map({ $0 * 1000 <= metres }) == true { return answer }
            metres *= 4
        }
    }

    /// `OrientationService.requestsNear` over the whole waiting list, reading only the GP (roster entry, else
    /// activities) and the requests of the box around the practice.
    public func requestsNear(rpps: String, km: Double) throws -> [(request: PatientRequest, distanceKm: Double)] {
        guard let practice = try volunteer(rpps: rpps)?.position ?? practice(rpps: rpps) else { throw OrientationError.unknownPractitioner(rpps) }
        let waiting = try pendingPatientRequests(in: GeodesicPointIndex.envelope(around: practice, metres: km * 1000))
        // No territory: the requests are found by distance alone.
        let nowhere = TerritoryAnalysis(layer: CommuneLayer([], touching: []), perimeters: [])
        return try OrientationService(analysis: nowhere, volunteers: [], practice: { _ in practice }, waiting: waiting).requestsNear(rpps: rpps, km: km)
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

    /// The levels whose coverage figures the store keeps (`.cpts` is a report per CPTS, from the dissolves).
    public static var storedCoverageLevels: [CoverageLevel] { [.departement, .region, .nation] }

    /// The coverage figures of the current import at `level` (not `.cpts`) for these statuses: read from the store, or
    /// summed over the communes' attributes and stored for every level.
    public func coverage(_ level: CoverageLevel, coveringStatuses: Set<CPTSStatus>) throws -> [CoverageFigures] {
        precondition(level != .cpts, "coverage by CPTS is the CPTS reports")
        let generation = try territoryGeneration()
        if let stored = try coverageFigures(coveringStatuses: coveringStatuses, level: level, generation: generation) { return stored }
        let figures = Self.coverageFigures(of: try territoryAnalysis(coveringStatuses: coveringStatuses, communes: .attributes))
        try saveCoverageFigures(figures, coveringStatuses: coveringStatuses, generation: generation)
        return figures[level]!
    }

    /// The pairs of CPTS sharing communes in the current import: read from the store, or computed and stored.
    public func overlaps() throws -> [CPTSOverlap] {
        let generation = try territoryGeneration()
        if let stored = try overlaps(generation: generation) { return stored }
        let overlaps = try territoryAnalysis(communes: .attributes).overlaps()
        try saveOverlaps(overlaps, generation: generation)
        return overlaps
    }

    private static func coverageFigures(of analysis: TerritoryAnalysis) -> [CoverageLevel: [CoverageFigures]] {
        Dictionary(uniqueKeysWithValues: storedCoverageLevels.map { ($0, analysis.coverage($0)) })
    }

    /// Computes and stores what the commune and CPTS imports invalidate — the CPTS dissolves, the overlaps, and the
    /// white zones and coverage figures of the default statuses (all) and of signed ACI — from one load of the layer (or `layer`, the one just
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
        try saveOverlaps(analysis.overlaps(), generation: generation)
        for statuses in [Set(CPTSStatus.allCases), [.aciSigne]] {
            let covering = TerritoryAnalysis(layer: analysis.layer, perimeters: analysis.perimeters, coveringStatuses: statuses)
            try saveWhiteZones(try covering.whiteZones(), coveringStatuses: statuses, generation: generation)
            try saveCoverageFigures(Self.coverageFigures(of: covering), coveringStatuses: statuses, generation: generation)
        }
    }
}
