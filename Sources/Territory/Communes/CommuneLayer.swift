import GeometryKit

/// The communes of a territory held in memory with a spatial index: lookup by code, the commune
/// under a point, and the communes whose polygon touches another's.
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

    public init(_ communes: [Commune]) {
        let sorted = communes.sorted { $0.code < $1.code }
        var indexByCode: [String: Int] = [:]
        for (i, c) in sorted.enumerated() { indexByCode[c.code] = i }
        let withGeometry = sorted.indices.filter { sorted[$0].geometry?.envelope != nil }
        self.communes = sorted
        self.indexByCode = indexByCode
        self.withGeometry = withGeometry
        spatialIndex = STRtree(envelopes: withGeometry.map { sorted[$0].geometry!.envelope! })
    }

    public func commune(_ code: String) -> Commune? { indexByCode[code].map { communes[$0] } }
    /// Position of the commune in `communes`.
    public func index(of code: String) -> Int? { indexByCode[code] }
    public func contains(code: String) -> Bool { indexByCode[code] != nil }

    /// The commune whose polygon covers `point` (boundary included); the lowest code wins on a border.
    public func communeContaining(_ point: Coordinate) -> Commune? {
        let probe = Geometry(point: point)
        let box = Envelope(minX: point.x, minY: point.y, maxX: point.x, maxY: point.y)
        return spatialIndex.query(box).map { withGeometry[$0] }.sorted()
            .first { communes[$0].geometry!.covers(probe) }.map { communes[$0] }
    }

    /// Indices of the communes whose envelope intersects `envelope`.
    public func candidates(intersecting envelope: Envelope) -> [Int] {
        spatialIndex.query(envelope).map { withGeometry[$0] }
    }

    /// Total population, each commune once; communes without a figure count 0.
    public var totalPopulation: Int { communes.reduce(0) { $0 + ($1.population ?? 0) } }
}
