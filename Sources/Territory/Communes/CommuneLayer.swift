import Foundation
import GeometryKit

/// The communes of a territory held in memory with a spatial index: lookup by code, the commune
/// under a point, and the graph of communes whose polygons touch (share a boundary segment or a point).
///
/// The touch graph is computed with GEOS when the layer is built from polygons alone, or given back
/// by the store, which keeps it since the commune import (the layer changes once a year).
///
/// ```swift
/// let layer = CommuneLayer(communes)
/// layer.commune("59350")?.name                     // "Lille"
/// layer.communeContaining(Coordinate(longitude: 3.06, latitude: 50.63))?.code   // "59350"
/// ```
public final class CommuneLayer: Sendable {
    public let communes: [Commune]
    private let indexByCode: [String: Int]
    /// Indices (into `communes`) of the communes that have a polygon, in `spatialIndex` order.
    private let withGeometry: [Int]
    private let spatialIndex: STRtree
    /// Prepared polygons, aligned with `withGeometry`: point-in-polygon by GEOSPreparedCovers, whose
    /// segment index GEOS builds on first use (a plain GEOSCovers rebuilds a topology graph each time).
    private let prepared: [PreparedGeometry]
    /// For each commune, the indices of the communes its polygon touches, sorted.
    public let neighbours: [[Int]]
    /// The départements' names (COG) by code, as the commune import found them; empty when it had none.
    public let departementNames: [String: String]
    /// The EPCI's names by SIREN, as the commune import found them; empty when it had none, or when read without them.
    public let epciNames: [String: String]
    private let coverageLock = NSLock()
    nonisolated(unsafe) private var builtCoverage: PolygonCoverage?
    /// Held while a generalised coverage is decoded or built: one build per tolerance, however many ask at once.
    private let generalisedLock = NSLock()
    /// Generalised coverages by tolerance in metres: built, or as the store keeps them (decoded on first use).
    nonisolated(unsafe) private var generalised: [Double: GeneralisedCoverage] = [:]

    private enum GeneralisedCoverage {
        case built(PolygonCoverage)
        case encoded([UInt8])
    }

    /// - Parameter touching: pairs of touching commune codes as stored; computed with GEOS when nil.
    public init(_ communes: [Commune], touching: [(String, String)]? = nil, departementNames: [String: String] = [:],
                epciNames: [String: String] = [:]) {
        self.departementNames = departementNames
        self.epciNames = epciNames
        let sorted = communes.sorted { $0.code < $1.code }
        var indexByCode: [String: Int] = [:]
        for (i, c) in sorted.enumerated() { indexByCode[c.code] = i }
        let withGeometry = sorted.indices.filter { sorted[$0].geometry?.envelope != nil }
        self.communes = sorted
        self.indexByCode = indexByCode
        self.withGeometry = withGeometry
        spatialIndex = STRtree(envelopes: withGeometry.map { sorted[$0].geometry!.envelope! })
        prepared = withGeometry.map { sorted[$0].geometry!.prepared() }
        if let touching {
            var neighbours = Array(repeating: [Int](), count: sorted.count)
            for (a, b) in touching {
                guard let i = indexByCode[a], let j = indexByCode[b], i != j else { continue }
                neighbours[i].append(j); neighbours[j].append(i)
            }
            self.neighbours = neighbours.map { Array(Set($0)).sorted() }
        } else {
            self.neighbours = CommuneAdjacency.touchGraph(communes: sorted, withGeometry: withGeometry, index: spatialIndex)
        }
    }

    /// The communes' borders as one edge graph (faces are indices into `communes`), from which any group
    /// of communes is dissolved (CPTS perimeters, white zones). Built on first use — about 0.6 s for the
    /// whole country, 0.05 s for a région — since importing or locating practitioners never needs it.
    public var coverage: PolygonCoverage {
        coverageLock.withLock {
            if let builtCoverage { return builtCoverage }
            let coverage = PolygonCoverage(faces: communes.map(\.geometry))
            builtCoverage = coverage
            return coverage
        }
    }

    /// The union of some communes (indices into `communes`) from the layer's edge graph; a group of at most
    /// `smallGroup` communes from its own: the same union, without building the whole graph (0.6 s nationally) for the one
    /// or two communes two CPTS share. Chosen by size only, so that a group always gives the same rings.
    public func union(of members: [Int]) throws -> DissolvedCoverage? {
        let group = Set(members).sorted()
        guard group.count > Self.smallGroup else {
            return try PolygonCoverage(faces: group.map { communes[$0].geometry }).union(of: Array(group.indices))
        }
        return try coverage.union(of: group)
    }

    public static let smallGroup = 8

    /// Whether the layer's edge graph was built (`coverage`): a test's proof that a small group did without it.
    var hasBuiltCoverage: Bool { coverageLock.withLock { builtCoverage != nil } }

    /// The edge graph with every border simplified once with `toleranceMetres` (in the projected CRS of its
    /// territory, `MapTerritory`), so that neighbouring communes, and any union of them, stay glued. Decoded from what
    /// the store gave (`keep(encoded:toleranceMetres:)`), else built on first use from the polygons; kept.
    public func generalisedCoverage(toleranceMetres: Double) throws -> PolygonCoverage {
        guard toleranceMetres > 0 else { return coverage }
        return try generalisedLock.withLock {
            switch generalised[toleranceMetres] {
            case .built(let coverage)?: return coverage
            case .encoded(let bytes)?:
                let coverage = try PolygonCoverage(encoded: bytes)
                guard coverage.faces.count == communes.count else {
                    throw GeometryError.invalidInput(format: "generalised coverage", reason: "\(coverage.faces.count) faces for \(communes.count) communes")
                }
                generalised[toleranceMetres] = .built(coverage)
                return coverage
            case nil:
                let built = try coverage.simplified(tolerance: toleranceMetres, frames: MapTerritory.planarFrames.get())
                generalised[toleranceMetres] = .built(built)
                return built
            }
        }
    }

    /// Gives the layer a generalised edge graph as the store keeps it since the commune import
    /// (`PolygonCoverage.encoded()`, faces in this layer's order), decoded when first asked for: a layer read without its
    /// polygons can then draw at that tolerance.
    public func keep(encoded coverage: [UInt8], toleranceMetres: Double) {
        generalisedLock.withLock { if generalised[toleranceMetres] == nil { generalised[toleranceMetres] = .encoded(coverage) } }
    }

    /// Whether the layer holds its polygons (else only generalised levels it was given can draw it).
    public var hasPolygons: Bool { !withGeometry.isEmpty }

    /// Every pair of touching communes once, as codes (lower index first), for the store.
    public var touchingPairs: [(String, String)] {
        neighbours.enumerated().flatMap { i, list in list.filter { $0 > i }.map { (communes[i].code, communes[$0].code) } }
    }

    public func commune(_ code: String) -> Commune? { indexByCode[code].map { communes[$0] } }

    /// The code of a département given by code or by name ("Nord", "nord", "Côtes-d'Armor"), if the layer has it.
    public func departementCode(_ text: String) -> String? {
        communes.contains { $0.departement == text } ? text : RegionNames.key(named: text, in: departementNames)
    }
    /// Position of the commune in `communes`.
    public func index(of code: String) -> Int? { indexByCode[code] }
    public func contains(code: String) -> Bool { indexByCode[code] != nil }

    /// The commune whose polygon covers `point` (boundary included); the lowest code wins on a border.
    public func communeContaining(_ point: Coordinate) -> Commune? {
        let box = Envelope(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)
        return spatialIndex.query(box).sorted { withGeometry[$0] < withGeometry[$1] }
            .first { prepared[$0].covers(point) }.map { communes[withGeometry[$0]] }
    }

    /// Indices of the communes whose envelope intersects `envelope`.
    public func candidates(intersecting envelope: Envelope) -> [Int] {
        spatialIndex.query(envelope).map { withGeometry[$0] }
    }

    /// Total population, each commune once; communes without a figure count 0.
    public var totalPopulation: Int { communes.reduce(0) { $0 + ($1.population ?? 0) } }
}
