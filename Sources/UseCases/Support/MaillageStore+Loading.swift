import Foundation
import GeometryKit
import Storage
import Territory

/// How much of the commune layer a command needs: reading and decoding 34 875 polygons costs more than most
/// answers, so each command says what it uses.
public enum CommuneScope: Sendable {
    /// Polygons, touch graph: dissolves, maps, exports.
    case full
    /// Attributes and representative points: coverage figures, overlaps, a commune's point.
    case attributes
    /// Attributes and the touch graph (neighbours, contiguity), no polygon: a diagnostic of a stored CPTS.
    case adjacency
    /// What a map draws from: attributes, the touch graph and the generalised levels at these tolerances as the store keeps
    /// them since the commune import (`CommuneLayer.keep(encoded:toleranceMetres:)`), no polygon — or the full layer when
    /// the store does not keep them yet (a store of an earlier version), from which every level is built and stored.
    case drawing(levels: [Int])
    /// What an orientation query touches: the patient's commune (by code, or those whose envelope holds the position,
    /// with their polygons); the volunteers' CPTS come from the perimeters' codes. Coverage figures over it mean nothing.
    case orientation(around: Coordinate?, commune: String?)
}

/// How the one-query `nearest` reads the volunteers around the patient.
public enum NearestRead: Sendable { case growingBoxes, nearestScan }

/// What the CLI and the HTTP service load from a store before answering: the analysis of the CPTS
/// over the commune layer, the orientation service (roster, practitioners, waiting list), and the dissolves the
/// store keeps per import.
///
/// ```swift
/// let analysis = try await store.territoryAnalysis(coveringStatuses: [.aciSigne], communes: .attributes)
/// let reports = try await analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: false))
/// let orientation = try await store.orientationService(analysis: analysis)
/// ```
extension MaillageStore {
    /// The commune layer; `StorageError.empty` when no commune was imported yet.
    public func requireCommuneLayer(_ scope: CommuneScope = .full) async throws -> CommuneLayer {
        let layer: CommuneLayer
        switch scope {
        case .full: layer = try await communeLayer()
        case .attributes: layer = try await communeLayer(geometry: false)
        case .adjacency: layer = try await adjacencyLayer()
        case .drawing(let levels): layer = try await drawingLayer(levels: levels)
        case .orientation(let position, let code):
            return try await orientationCommunes(around: position, commune: code)   // may be empty: an unknown commune says so
        }
        guard !layer.communes.isEmpty else { throw StorageError.empty("aucune commune dans la base : lancez d'abord `maillage import communes`") }
        return layer
    }

    public func territoryAnalysis(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases),
                                  communes scope: CommuneScope = .full) async throws -> TerritoryAnalysis {
        TerritoryAnalysis(layer: try await requireCommuneLayer(scope), perimeters: try await allCPTS(), coveringStatuses: coveringStatuses)
    }

    /// The orientation service over the roster, and the waiting list if the caller uses it (matching). It knows the roster's practices
    /// only: the requests near a GP outside the roster are the store's `requestsNear(rpps:km:)`, which reads that GP's
    /// activities (never the 325 818 activities at once).
    public func orientationService(analysis: TerritoryAnalysis, waitingList: Bool = true) async throws -> OrientationService {
        OrientationService(analysis: analysis, volunteers: try await volunteers(), practice: { _ in nil },
                           waiting: waitingList ? try await pendingPatientRequests() : [])
    }

    /// Where and in which commune a GP practises: its roster row, else its main activity (`Practitioner.mainActivity`,
    /// as `OrientationService.practices`), read by RPPS number only.
    public func practiceSite(rpps: String) async throws -> (communeCode: String, position: Coordinate)? {
        if let volunteer = try await volunteer(rpps: rpps) { return (volunteer.communeCode, volunteer.position) }
        return Practitioner.grouping(try await practitionerActivities(rpps: [rpps])).first.map { ($0.mainActivity.communeCode, $0.mainActivity.position) }
    }

    /// The directory's name and practice address of each GP, keyed by RPPS; `practising` gives the commune whose site to
    /// show (a roster row's), else his first. Read by RPPS number only.
    public func identities(practising: [String: String]) async throws -> [String: PractitionerIdentity] {
        guard !practising.isEmpty else { return [:] }
        return PractitionerIdentity.of(try await practitionerActivities(rpps: practising.keys.sorted()), practisingIn: practising)
    }

    // MARK: - One orientation query, reading only around it

    /// `OrientationService.nearest` over the whole roster and territory, reading only what lies around the patient:
    /// its commune (by code, or the polygons whose envelope holds the position), the volunteers around it, and the CPTS
    /// claiming their communes. A process answers one query in the time the whole roster takes to read.
    ///
    /// The volunteers around: in boxes growing around the patient, or by the store's k-nearest scan when it has one
    /// (`NearestVolunteersReading`, `read: .nearestScan`). Every volunteer within r of the patient is in the box of
    /// radius r, or among the n nearest when the n-th is r away in degrees; so once k are found within r, nobody left
    /// out is nearer (ties fall as over the whole roster: the candidates keep the RPPS order). `maillage-bench backends`
    /// measures both on the national PostGIS store: the boxes were the faster (1.92 s against 2.19 s for 500 queries).
    public func nearest(_ query: NearestQuery, coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases),
                        read: NearestRead = .growingBoxes) async throws -> OrientationService.NearestAnswer {
        let layer: CommuneLayer
        switch query.place {
        case .commune(let code): layer = try await orientationCommunes(around: nil, commune: code)
        case .position(let position): layer = try await orientationCommunes(around: position.isValidLongitudeLatitude ? position : nil, commune: nil)
        }
        func orientation(_ volunteers: [Volunteer]) async throws -> OrientationService {
            let claimed = Set(layer.communes.map(\.code)).union(volunteers.map(\.communeCode))
            let analysis = TerritoryAnalysis(layer: layer, perimeters: try await cpts(claimingAnyOf: claimed), coveringStatuses: coveringStatuses)
            return OrientationService(analysis: analysis, volunteers: volunteers, practice: { _ in nil }, waiting: [])
        }
        let position = try await orientation([]).locate(query.place).position
        func enough(_ answer: OrientationService.NearestAnswer, withinMetres radius: Double) -> Bool {
            (answer.volunteers.count == query.k && answer.volunteers.last!.distanceKm * 1000 <= radius)
                || query.maxKm.map { $0 * 1000 <= radius } == true
        }
        if read == .nearestScan, let knn = self as? any NearestVolunteersReading {
            var count = 4 * query.k
            while true {
                let candidates = try await knn.volunteers(nearest: position, count: count)
                let answer = try await orientation(candidates).nearest(query)
                let degrees = candidates.map { hypot($0.position.longitude - position.longitude, $0.position.latitude - position.latitude) }.max() ?? 0
                if candidates.count < count || enough(answer, withinMetres: NearestScan.metresAtLeast(degrees: degrees)) { return answer }
                count *= 4
            }
        }
        var metres = 10_000.0
        while true {
            let box = GeodesicPointIndex.envelope(around: position, metres: metres)
            let answer = try await orientation(try await volunteers(in: box)).nearest(query)
            if box == nil || enough(answer, withinMetres: metres) { return answer }
            metres *= 4
        }
    }

    /// `OrientationService.requestsNear` over the whole waiting list, reading only the GP (roster entry, else
    /// activities) and the requests of the box around the practice.
    public func requestsNear(rpps: String, km: Double) async throws -> [(request: PatientRequest, distanceKm: Double)] {
        guard let site = try await practiceSite(rpps: rpps) else { throw OrientationError.unknownPractitioner(rpps) }
        return try await requestsNear(site.position, km: km)
    }

    /// The pending requests within `km` of a position, nearest first, reading only those of the box around it.
    public func requestsNear(_ position: Coordinate, km: Double) async throws -> [(request: PatientRequest, distanceKm: Double)] {
        let waiting = try await pendingPatientRequests(in: GeodesicPointIndex.envelope(around: position, metres: km * 1000))
        // No territory: the requests are found by distance alone.
        let nowhere = TerritoryAnalysis(layer: CommuneLayer([], touching: []), perimeters: [])
        return OrientationService(analysis: nowhere, volunteers: [], practice: { _ in nil }, waiting: waiting).requestsNear(position, km: km)
    }

    // MARK: - Derived data, computed once per import

    /// `CommuneScope.drawing`.
    private func drawingLayer(levels: [Int]) async throws -> CommuneLayer {
        let generation = try await communeGeneration()   // read first: levels of a later import would not match this layer
        let attributes = try await adjacencyLayer()
        guard try await keepGeneralisedLevels(levels, in: attributes, communeGeneration: generation).isEmpty else {
            let full = try await communeLayer()
            if full.hasPolygons { try await saveGeneralisedLevels(of: full, communeGeneration: generation) }
            return full
        }
        return attributes
    }

    /// The attributes and names, with the touch graph the store keeps.
    private func adjacencyLayer() async throws -> CommuneLayer {
        let read = try await communeLayer(geometry: false)
        return CommuneLayer(read.communes, touching: try await communeTouchPairs(), departementNames: read.departementNames)
    }

    /// Gives `layer` — read from this store after `communeGeneration` was — the generalised levels at `tolerances` the
    /// store keeps for that commune import (`CommuneLayer.keep(encoded:toleranceMetres:)`, decoded on first use); returns
    /// the tolerances it does not keep.
    public func keepGeneralisedLevels(_ tolerances: [Int] = TerritoryShapes.mapTolerances, in layer: CommuneLayer,
                                      communeGeneration generation: Int) async throws -> [Int] {
        var missing: [Int] = []
        for tolerance in tolerances {
            if let encoded = try await generalisedLevel(toleranceMetres: tolerance, communeGeneration: generation) {
                layer.keep(encoded: encoded, toleranceMetres: Double(tolerance))
            } else {
                missing.append(tolerance)
            }
        }
        return missing
    }

    /// Builds the commune edge graph generalised at every map tolerance from `layer`'s polygons and stores it for the
    /// commune import `communeGeneration` (the current one when nil): what the commune import does once.
    public func saveGeneralisedLevels(of layer: CommuneLayer, communeGeneration: Int? = nil,
                                      progress: @Sendable (String) -> Void = { _ in }) async throws {
        let generation: Int
        if let communeGeneration { generation = communeGeneration } else { generation = try await self.communeGeneration() }
        for tolerance in TerritoryShapes.mapTolerances {
            progress("généralisation des communes à \(tolerance) m")
            let encoded = try layer.generalisedCoverage(toleranceMetres: Double(tolerance)).encoded()
            try await saveGeneralisedLevel(encoded, toleranceMetres: tolerance, communeGeneration: generation)
        }
    }

    /// The CPTS dissolves of the current import: read from the store, or computed (whole layer, GEOS) and stored.
    public func dissolvedPerimeters(withGeometry: Bool) async throws -> [String: DissolvedPerimeter] {
        let generation = try await territoryGeneration()   // read first: a later import makes the save a no-op
        if let stored = try await dissolvedPerimeters(generation: generation, withGeometry: withGeometry) { return stored }
        let dissolved = try await territoryAnalysis().dissolvedPerimeters()
        try await saveDissolvedPerimeters(dissolved, generation: generation)
        return dissolved
    }

    /// The white zones of the current import for these covering statuses and this cut: read from the store, or computed
    /// and stored.
    public func whiteZones(coveringStatuses: Set<CPTSStatus>, cut: WhiteZoneCut, withGeometry: Bool) async throws -> [WhiteZone] {
        let generation = try await territoryGeneration()
        if let stored = try await whiteZones(coveringStatuses: coveringStatuses, cut: cut, generation: generation, withGeometry: withGeometry) {
            return stored
        }
        let zones = try await territoryAnalysis(coveringStatuses: coveringStatuses).whiteZones(cut: cut)
        try await saveWhiteZones(zones, coveringStatuses: coveringStatuses, cut: cut, generation: generation)
        return zones
    }

    /// The levels whose coverage figures the store keeps (`.cpts` is a report per CPTS, from the dissolves).
    public static var storedCoverageLevels: [CoverageLevel] { [.departement, .region, .nation] }

    /// The coverage figures of the current import at `level` (not `.cpts`) for these statuses: read from the store, or
    /// summed over the communes' attributes and stored for every level.
    public func coverage(_ level: CoverageLevel, coveringStatuses: Set<CPTSStatus>) async throws -> [CoverageFigures] {
        precondition(level != .cpts, "coverage by CPTS is the CPTS reports")
        let generation = try await territoryGeneration()
        if let stored = try await coverageFigures(coveringStatuses: coveringStatuses, level: level, generation: generation) { return stored }
        let figures = Self.coverageFigures(of: try await territoryAnalysis(coveringStatuses: coveringStatuses, communes: .attributes))
        try await saveCoverageFigures(figures, coveringStatuses: coveringStatuses, generation: generation)
        return figures[level]!
    }

    /// The pairs of CPTS sharing communes in the current import: read from the store, or computed and stored.
    public func overlaps() async throws -> [CPTSOverlap] {
        let generation = try await territoryGeneration()
        if let stored = try await overlaps(generation: generation) { return stored }
        let overlaps = try await territoryAnalysis(communes: .attributes).overlaps()
        try await saveOverlaps(overlaps, generation: generation)
        return overlaps
    }

    private static func coverageFigures(of analysis: TerritoryAnalysis) -> [CoverageLevel: [CoverageFigures]] {
        Dictionary(uniqueKeysWithValues: storedCoverageLevels.map { ($0, analysis.coverage($0)) })
    }

    /// Computes and stores what the commune and CPTS imports invalidate — the CPTS dissolves, the overlaps, and the
    /// white zones and coverage figures of the default statuses (all) and of signed ACI — from one load of the layer (or `layer`, the one just
    /// imported). Run after those imports.
    public func refreshDerivedTerritory(layer: CommuneLayer? = nil) async throws {
        let generation = try await territoryGeneration()
        let analysis: TerritoryAnalysis
        if let layer {
            analysis = TerritoryAnalysis(layer: layer, perimeters: try await allCPTS())
        } else {
            do { analysis = try await territoryAnalysis() } catch StorageError.empty { return }   // CPTS before communes: nothing to derive yet
        }
        try await saveDissolvedPerimeters(try analysis.dissolvedPerimeters(), generation: generation)
        try await saveOverlaps(analysis.overlaps(), generation: generation)
        for statuses in [Set(CPTSStatus.allCases), [.aciSigne]] {
            let covering = TerritoryAnalysis(layer: analysis.layer, perimeters: analysis.perimeters, coveringStatuses: statuses)
            for cut in WhiteZoneCut.allCases {
                try await saveWhiteZones(try covering.whiteZones(cut: cut), coveringStatuses: statuses, cut: cut, generation: generation)
            }
            try await saveCoverageFigures(Self.coverageFigures(of: covering), coveringStatuses: statuses, generation: generation)
        }
    }
}
