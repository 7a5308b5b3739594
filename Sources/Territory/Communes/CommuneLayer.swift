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
    private let coverageLock = NSLock()
    nonisolated(unsafe) private var builtCoverage: PolygonCoverage?
    /// Generalised coverages already built, by tolerance in metres.
    nonisolated(unsafe) private var generalised: [Double: PolygonCoverage] = [:]

    /// - Parameter touching: pairs of touching commune codes as stored; computed with GEOS when nil.
    public init(_ communes: [Commune], touching: [(String, String)]? = nil) {
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

    /// The edge graph with every border simplified once with `toleranceMetres` (in the projected CRS of its
    /// territory, `MapTerritory`), so that neighbouring communes, and any union of them, stay glued. Built on
    /// first use at each tolerance and kept.
    public func generalisedCoverage(toleranceMetres: Double) throws -> PolygonCoverage {
        guard toleranceMetres > 0 else { return coverage }
        let full = coverage
        if let known = coverageLock.withLock({ generalised[toleranceMetres] }) { return known }
        let built = try full.simplified(tolerance: toleranceMetres, frames: MapTerritory.planarFrames.get())
        return coverageLock.withLock {
            if let known = generalised[toleranceMetres] { return known }
            generalised[toleranceMetres] = built
            return built
        }
    }

    /// Every pair of touching communes once, as codes (lower index first), for the store.
    public var touchingPairs: [(String, String)] {
        neighbours.enumerated().flatMap { i, list in list.filter { $0 > i }.map { (communes[i].code, communes[$0].code) } }
    }

    public func commune(_ code: String) -> Commune? { indexByCode[code].map { communes[$0] } }
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
