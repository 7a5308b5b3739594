import GeometryKit

/// The geometry exports and maps draw: the communes and any union of them (a CPTS, a white zone, a
/// département), at full resolution or generalised — always from one edge graph, so that at a given
/// tolerance neighbours share exactly the same simplified border (no gap, no overlap).
///
/// ```swift
/// let shapes = try TerritoryShapes(layer: analysis.layer, toleranceMetres: 500)
/// try shapes.union(ofCommunes: perimeter.communeCodes)   // the CPTS, generalised at 500 m
/// ```
public struct TerritoryShapes: Sendable {
    /// The tolerances (metres) the web map, the vector tiles and the report maps generalise at, coarsest first: the
    /// store keeps the commune edge graph generalised at each since the commune import.
    public static let mapTolerances = [2_500, 500, 100]

    /// nil: full resolution.
    public let toleranceMetres: Double?
    /// Faces are indices into `layer.communes`.
    public let coverage: PolygonCoverage
    private let layer: CommuneLayer

    public init(layer: CommuneLayer, toleranceMetres: Double?) throws {
        self.layer = layer
        self.toleranceMetres = toleranceMetres.flatMap { $0 > 0 ? $0 : nil }
        coverage = try self.toleranceMetres.map { try layer.generalisedCoverage(toleranceMetres: $0) } ?? layer.coverage
    }

    public var isFullResolution: Bool { toleranceMetres == nil }

    /// The commune at this index of `layer.communes`.
    public func commune(at index: Int) -> Geometry? { coverage.faces[index] }

    /// The union of these communes (unknown codes ignored); nil when none has a polygon.
    public func union(ofCommunes codes: [String]) throws -> Geometry? {
        try coverage.union(of: codes.compactMap(layer.index(of:)))?.geometry
    }
}
