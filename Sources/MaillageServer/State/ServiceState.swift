import Foundation
import Logging
import NIOCore
import GeometryKit
import OpenData
import Storage
import Synchronization
import Territory
import UseCases

/// The territory as the service answers it: the analysis over all statuses, the CPTS reports and white zones
/// as the store keeps them per import (dissolved once, at the import), overlaps and accessibility index computed
/// at start-up; the OGC layers indexed at start-up (each feature written when first asked for), and the web map's layers built in the background from the
/// generalised levels the store keeps (at start-up), or on the first map request when the store lacks them — so that
/// the service answers within a second of its start and holds only what is asked of it. An import (`maillage import communes|cpts|rpps|finess`, by any process on the store) replaces
/// it whole: `ServiceState.followChanges` reads a new one and swaps it in.
final class TerritorySnapshot: Sendable {
    /// Where it was read from: what the snapshot does not hold (white zones of other statuses, the GP supply for other
    /// weights) is read from there.
    let store: any MaillageStore
    let analysis: TerritoryAnalysis
    let reports: [CPTSReport]
    let overlaps: [CPTSOverlap]
    let whiteZones: [WhiteZone]
    let lookup: CommuneLookup
    /// The E2SFCA with the standard weights (the `accessibility` layer and API): computed on a thread of its own from
    /// start-up, so that the service answers meanwhile (10 million commune pairs on the whole country).
    private let standardAccessibility = Eventual<AccessibilityIndex>()
    /// The officines (pharmacy quota, OGC layer, tiles).
    let pharmacies: [Pharmacy]
    /// The OGC layers, indexed on a thread of their own from start-up; their features are written page by page.
    private let featureLayers = BuiltOnce<String, FeatureLayer>(threadName: "maillage-ogc-layers")
    /// The web map's generalised layers, built in the background once the server runs (`map.start()`).
    let map: MapLayers
    /// The vector tiles of the territory's layers, each level built on first request.
    let tiles: VectorTiles
    /// The web map's commune search, built on a thread of its own at the first search (folding 34 875 names).
    private let communeSearches = BuiltOnce<String, CommuneSearch>(threadName: "maillage-commune-search")
    /// The report maps (SVG, PNG) drawn, by query: one drawing at a time among the heavy builds (a national map by
    /// commune takes a few hundred megabytes while it is drawn), the 16 last asked kept within 32 MB.
    let reportMaps = BuiltOnce<String, [UInt8]>(threadName: "maillage-report-map", capacity: 16, maxBytes: 32 << 20, size: { $0.count },
                                                oneAtATimeOn: HeavyBuilds.queue)
    /// The GPs' supply of the E2SFCA, read once at start-up: the index with other weights is computed from it.
    private let gpSupply = Eventual<GPSupply>()
    /// The E2SFCA with other weights than the standard ones, among the heavy builds; the 4 last asked kept.
    private let otherWeights = BuiltOnce<CatchmentWeights, AccessibilityIndex>(threadName: "maillage-other-weights", capacity: 4,
                                                                              oneAtATimeOn: HeavyBuilds.queue)
    /// Every profession's practitioners and the officines, built at the first diagnostic (the whole RPPS extract read).
    let diagnosticBases = BuiltOnce<String, DiagnosticBasis>(threadName: "maillage-diagnostic-basis", onThreadPool: true)
    private let reportPosition: [String: Int]
    /// Answers that depend only on the snapshot and the query (coverage, white zones, accessibility by area, status or
    /// weights), by query: computed on NIO's thread pool, once however many ask at the same time, the 256 last asked
    /// kept within 64 MB.
    private let answers = BuiltOnce<String, ByteBuffer>(threadName: "maillage-answers", capacity: 256, maxBytes: 64 << 20,
                                                        size: { $0.readableBytes }, onThreadPool: true)

    init(store: any MaillageStore) async throws {
        self.store = store
        let communeGeneration = try await store.communeGeneration()   // before the layer: levels of a later import miss
        analysis = try await store.territoryAnalysis()
        reports = try analysis.reports(dissolved: try await store.dissolvedPerimeters(withGeometry: true))
        overlaps = analysis.overlaps()
        whiteZones = try await store.whiteZones(coveringStatuses: analysis.coveringStatuses, cut: .region, withGeometry: true)
        // Only the GPs' activities, the supply of the index: a sixth of the RPPS extract, the largest table, read while
        // the service starts answering (a third of a second nationally).
        Task { [analysis, standardAccessibility, gpSupply] in
            do {
                let activities = try await store.generalPractitionerActivities()
                let thread = Thread {
                    let supply = GPSupply(activities: activities)
                    gpSupply.fulfil(.success(supply))
                    standardAccessibility.fulfil(Result { AccessibilityIndex(layer: analysis.layer, supply: supply) })
                }
                thread.name = "maillage-accessibility"
                thread.stackSize = 8 << 20
                thread.start()
            } catch {
                gpSupply.fulfil(.failure(error))
                standardAccessibility.fulfil(.failure(error))
            }
        }
        // The generalised levels the store keeps since the commune import, decoded on first use by the map, the tiles and
        // the report maps; a level it lacks is built by the map's first request and then stored.
        let missing = try await store.keepGeneralisedLevels(in: analysis.layer, communeGeneration: communeGeneration)
        let map = MapLayers(MapLayers.Source(analysis: analysis, reports: reports, overlaps: overlaps, whiteZones: whiteZones,
                                             accessibility: standardAccessibility.wait, generalised: { [store] tolerance, coverage in
            guard missing.contains(tolerance) else { return }
            let encoded = coverage.encoded()
            Task { try? await store.saveGeneralisedLevel(encoded, toleranceMetres: tolerance, communeGeneration: communeGeneration) }
        }))
        // Read from the store, the levels cost a second: started before the rest is read, ready before the first map
        // request. Built, they wait for it.
        if missing.isEmpty { map.start() }
        self.map = map
        lookup = CommuneLookup(communes: analysis.layer, formerCodes: try await store.formerCommuneCodes())
        pharmacies = try await store.pharmacies()
        reportPosition = Dictionary(uniqueKeysWithValues: reports.enumerated().map { ($1.id, $0) })
        tiles = VectorTiles(TileSource(analysis: analysis, reports: reports, whiteZones: whiteZones, pharmacies: pharmacies))
        // The OGC layers only index their features (each is written when a page first holds it): ready in a second.
        Task { [weak self] in _ = try? await self?.layers() }
    }

    func report(id: String) -> CPTSReport? { reportPosition[id].map { reports[$0] } }

    /// The E2SFCA with the standard weights, once computed.
    func accessibility() async throws -> AccessibilityIndex { try await standardAccessibility.value() }

    /// The E2SFCA with `weights`: the standard one, or computed from the supply read at start-up among the heavy builds.
    func accessibility(_ weights: CatchmentWeights) async throws -> AccessibilityIndex {
        if weights == .standard { return try await accessibility() }
        let supply = try await gpSupply.value()
        return try await otherWeights.value(weights) { [analysis] in AccessibilityIndex(layer: analysis.layer, supply: supply, weights: weights) }
    }

    func communeSearch() async throws -> CommuneSearch {
        try await communeSearches.value("communes") { [analysis, reports] in CommuneSearch(layer: analysis.layer, reports: reports) }
    }

    /// The OGC layers of the territory (communes, CPTS, white zones, overlaps, officines, accessibility).
    func layers() async throws -> [FeatureLayer] {
        var layers: [FeatureLayer] = []
        for id in FeatureLayers.territoryIDs { layers.append(try await layer(id)!) }
        return layers
    }

    /// One OGC layer of the territory, nil for an id that is none; each built once on a thread of its own.
    func layer(_ id: String) async throws -> FeatureLayer? {
        guard FeatureLayers.territoryIDs.contains(id) else { return nil }
        return try await featureLayers.value(id) { [self] in
            try FeatureLayers.territory(id, analysis, reports: reports, overlaps: overlaps, whiteZones: whiteZones,
                                        pharmacies: pharmacies, accessibility: standardAccessibility.wait)
        }
    }

    /// The area a query names (`departement`, `region`: codes or names, `Area.resolved`), refused (404) when the layer
    /// holds none of its communes: checked before any answer is keyed by it, so that unknown codes neither build nor keep
    /// anything, and "Nord" and "59" share one answer.
    func area(departement: String? = nil, region: String? = nil) throws -> Area {
        try Area(departement: departement, region: region).resolved(in: analysis.layer)
    }

    /// How many answers are kept (tests: an unknown code keeps none).
    var keptAnswers: Int { answers.count }

    /// The answer for `key`, computed once off the event loops (what `compute` reads from the store awaited there):
    /// the snapshot never changes while the service runs.
    func answer(_ key: String, compute: @escaping @Sendable () async throws -> String) async throws -> ByteBuffer {
        try await answers.value(key, awaiting: { ByteBuffer(string: try await compute()) })
    }

    /// The analysis with other covering statuses (same layer and perimeters), for `?status=`.
    func analysis(coveringStatuses: Set<CPTSStatus>) -> TerritoryAnalysis {
        coveringStatuses == analysis.coveringStatuses ? analysis
            : TerritoryAnalysis(layer: analysis.layer, perimeters: analysis.perimeters, coveringStatuses: coveringStatuses)
    }
}

/// The orientation service (roster and waiting list) and the public volunteers layer, as of one desk sequence; after
/// each write (roster or waiting-list upload, committed matching, by this instance or another) the rows it touched are
/// applied to a new one (`DeskChanges`), the whole desk read again only after an operator's import. The layer and its
/// tiles are built on first request: most writes are followed by no map request.
final class OrientationSnapshot: Sendable {
    let service: OrientationService
    /// The desk sequence of the last write it holds.
    let deskSequence: Int
    /// By the day the entries' freshness is counted from: the layer of a new day marks other entries stale.
    private let layers = BuiltOnce<String, VolunteerLayers>(threadName: "maillage-volunteer-layers", capacity: 2)
    let volunteerTileCache = TileCache(maxBytes: 16 << 20)

    /// The same public fields as an OGC layer and as vector tiles (places change with writes).
    struct VolunteerLayers: Sendable {
        let features: FeatureLayer
        let tiles: TileLayer
    }

    init(store: any MaillageStore, territory: TerritorySnapshot) async throws {
        deskSequence = try await store.deskSequence()   // before the desk: a write meanwhile is applied again, to no effect
        service = try await store.orientationService(analysis: territory.analysis)
    }

    /// `previous` with the rows touched since its sequence.
    init(_ previous: OrientationSnapshot, applying changes: DeskChanges) {
        deskSequence = changes.sequence
        service = previous.service.applying(touchedVolunteers: changes.touchedVolunteers, volunteers: changes.volunteers,
                                            touchedRequests: changes.touchedRequests, pending: changes.pending)
    }

    func volunteerLayers(_ freshness: RosterFreshness) async throws -> VolunteerLayers {
        try await layers.value(freshness.today) { [service] in
            let (roster, analysis) = (service.roster, service.analysis)
            return VolunteerLayers(features: try FeatureLayers.volunteers(roster, analysis: analysis, freshness: freshness),
                                   tiles: try TileLayer(name: TileLayerKind.volunteers.rawValue,
                                                        features: TerritoryFeature.volunteers(roster, analysis: analysis, freshness: freshness)))
        }
    }
}

/// Everything the routes share: the store, the snapshots, the audit trail. Reads take the current snapshots without
/// waiting; writes run on NIO's thread pool (never on an event loop), go to the store first, then swap in a snapshot
/// read after them. No lock is held while the store works.
///
/// Several instances may share one store (PostGIS, or one SQLite file): `followChanges()` hears the writes the others
/// commit — and the CLI's imports — through the store's change counters, and reloads what they changed: the orientation
/// orientation service after a roster, waiting-list or matching write, the territory after a commune, CPTS, RPPS or FINESS import.
///
/// ```swift
/// let state = try await ServiceState(store: SQLiteStore(path: "maillage.sqlite"))
/// let answer = try state.orientation.service.nearest(query)
/// ```
public final class ServiceState: Sendable {
    let store: any MaillageStore
    let audit: AuditLog
    /// The day and ages the roster entries' freshness is counted with (`serve --as-of --stale-after --exclude-after`).
    let rosterClock: RosterClock
    private let current: Mutex<Snapshots>
    /// Taken by each reload: the snapshot read after ticket t holds every write committed before t was taken, so a
    /// snapshot only replaces one of a lower ticket, and a slow reload never brings back an older state.
    private let reloads = Atomic<Int>(0)
    /// The orientation service's reloads after writes and the other instances' changes: those asked for at the same time run once.
    private let orientationReloads = CoalescedRun()

    /// The snapshots served, the tickets they were read under, and the store's change counters read before them.
    private struct Snapshots {
        var territory: TerritorySnapshot
        var territoryTicket: Int
        var orientation: OrientationSnapshot
        var orientationTicket: Int
        var counters: StoreChanges
    }

    public init(store: any MaillageStore, rosterClock: RosterClock = .standard) async throws {
        self.store = store
        self.rosterClock = rosterClock
        audit = AuditLog(store: store)
        let counters = try await store.changeCounters()   // before the loads: what is committed meanwhile shows as a change
        let territory = try await TerritorySnapshot(store: store)
        let orientation = try await OrientationSnapshot(store: store, territory: territory)
        current = Mutex(Snapshots(territory: territory, territoryTicket: 0, orientation: orientation, orientationTicket: 0, counters: counters))
    }

    var territory: TerritorySnapshot { current.withLock { $0.territory } }
    var orientation: OrientationSnapshot { current.withLock { $0.orientation } }

    /// The public volunteers layer of the current snapshot, its entries' freshness as of now.
    func volunteerLayers() async throws -> OrientationSnapshot.VolunteerLayers { try await orientation.volunteerLayers(rosterClock.now()) }

    /// Runs `body` on NIO's thread pool: what parses, matches or dissolves (after awaiting what it needs of the store),
    /// so that the event loops keep answering (`/health` included) whatever the load.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Offload.run(body)
    }

    /// Runs an async `body` on the thread pool (`Offload.runAsync`): a use case that reads the store, then computes.
    func offloadAsync<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Offload.runAsync(body)
    }

    /// Runs a write against the store off the event loops (on the thread pool, `Offload.runAsync`: what it parses or
    /// matches between its awaits on the store too), then reloads the orientation snapshot.
    func write<Result: Sendable>(_ body: @escaping @Sendable (any MaillageStore) async throws -> Result) async throws -> Result {
        try await Offload.runAsync { [self] in
            let result = try await body(store)
            try await reloadOrientationOnce()
            return result
        }
    }

    /// The orientation service with every desk write committed before the call applied (this instance's or another's):
    /// what a commit matches on.
    func currentOrientation() async throws -> OrientationService {
        try await reloadOrientationOnce()
        return orientation.service
    }

    /// The orientation service read again once the write or change that asks for it is committed, sharing the run with the writes
    /// that ask at the same time (`CoalescedRun`), on the thread pool.
    private func reloadOrientationOnce() async throws {
        try await orientationReloads.run { try await Offload.runAsync { try await self.reloadOrientation() } }
    }

    /// The orientation service brought up to date over the current territory: the rows the desk writes since touched
    /// applied to it, or the whole desk read again (after an operator's import, or over a new territory).
    private func reloadOrientation() async throws {
        let ticket = reloads.add(1, ordering: .sequentiallyConsistent).newValue
        let counters = try await store.changeCounters()
        // Nothing written since the orientation service served was read, over the territory served: a change heard (this instance's
        // own NOTIFY) while the reload after that write was already reading it. The whole roster and waiting lists
        // are not read again for nothing.
        let upToDate = current.withLock { now in
            now.orientation.service.analysis === now.territory.analysis
                && counters.changed(since: now.counters).isDisjoint(with: [.roster, .waitingList])
        }
        if upToDate { return }
        let (territory, previous) = current.withLock { ($0.territory, $0.orientation) }
        let reloaded: OrientationSnapshot
        if previous.service.analysis === territory.analysis, let changes = try await store.deskChanges(since: previous.deskSequence) {
            reloaded = OrientationSnapshot(previous, applying: changes)
        } else {
            reloaded = try await OrientationSnapshot(store: store, territory: territory)
        }
        current.withLock { now in
            // Over the territory it was read with only: a territory reload meanwhile reads the orientation service again itself.
            guard ticket > now.orientationTicket, now.territory === territory else { return }
            now.orientation = reloaded
            now.orientationTicket = ticket
            now.counters = now.counters.updating([.roster, .waitingList], from: counters)
        }
    }

    /// The territory (and the orientation service over it) read again, after an import of communes, CPTS, RPPS or FINESS.
    private func reloadTerritory() async throws {
        let ticket = reloads.add(1, ordering: .sequentiallyConsistent).newValue
        let counters = try await store.changeCounters()
        let territory = try await TerritorySnapshot(store: store)
        let orientation = try await OrientationSnapshot(store: store, territory: territory)
        let installed = current.withLock { now -> Bool in
            guard ticket > now.territoryTicket else { return false }
            now.territory = territory
            now.territoryTicket = ticket
            now.counters = now.counters.updating([.territory, .supply], from: counters)
            if ticket > now.orientationTicket {
                now.orientation = orientation
                now.orientationTicket = ticket
                now.counters = now.counters.updating([.roster, .waitingList], from: counters)
            }
            return true
        }
        // A write reloaded the orientation service over the old territory while this one loaded: read it once more over the new one.
        if installed, orientation !== self.orientation { try await reloadOrientationOnce() }
    }

    /// How often at most the follower acts on what it heard: on PostgreSQL every commit of every instance notifies, and
    /// the writes heard meanwhile are applied together (SQLite's polling has this period already). A commit does not
    /// wait for it: it brings the desk up to date itself (`currentOrientation`).
    static let followingPeriod = Duration.milliseconds(200)

    /// Follows the writes committed by other instances and the CLI: at each change signal of the store (PostgreSQL's
    /// NOTIFY, SQLite's polling), compares the change counters with those the snapshots were read under, and reloads
    /// what changed, on the thread pool. Runs until cancelled (the server's shutdown).
    func followChanges(logger: Logger) async {
        for await _ in store.changeSignals() {
            if Task.isCancelled { return }
            let heard = ContinuousClock.now
            do {
                let changed = try await store.changeCounters().changed(since: current.withLock { $0.counters })
                if !changed.isDisjoint(with: [.territory, .supply]) {
                    logger.info("the territory changed in the store: reloading it", metadata: ["changed": "\(changed.map(\.rawValue).sorted())"])
                    try await Offload.runAsync { try await self.reloadTerritory() }
                } else if !changed.isDisjoint(with: [.roster, .waitingList]) {
                    try await reloadOrientationOnce()
                }
            } catch is CancellationError {
                return   // the server's shutdown, in the middle of a reload: nothing went wrong
            } catch {
                if Task.isCancelled { return }
                logger.error("following the store's changes: \(error)")
            }
            try? await Task.sleep(until: heard + Self.followingPeriod, clock: .continuous)
        }
    }
}
