import GeometryKit

/// One feature of an exported or served layer — id, properties (the `Encodable` answers), geometry — built once for the
/// GeoJSON and TopoJSON writers and the map. With `shapes` the geometry is the generalised one, from the
/// shared edge graph; without, the full-resolution geometry the analysis dissolved.
public struct TerritoryFeature: Sendable {
    public let id: String
    public let properties: [(String, JSONValue)]
    public let geometry: Geometry?

    public init(id: String, properties: [(String, JSONValue)], geometry: Geometry?) {
        self.id = id; self.properties = properties; self.geometry = geometry
    }

    public static func cpts(_ reports: [CPTSReport], shapes: TerritoryShapes? = nil) throws -> [TerritoryFeature] {
        try reports.map { r in
            TerritoryFeature(id: r.id, properties: try JSONValueEncoder.members(r),
                             geometry: try geometry(r.geometry, of: r.perimeter.communeCodes, shapes))
        }
    }

    /// `names`: the layer whose commune names to write beside the codes (none in tiles).
    public static func whiteZones(_ zones: [WhiteZone], shapes: TerritoryShapes? = nil, names: CommuneLayer? = nil) throws -> [TerritoryFeature] {
        try whiteZones(numbered: NumberedWhiteZone.list(zones, names: names), shapes: shapes)
    }

    public static func whiteZones(numbered zones: [NumberedWhiteZone], shapes: TerritoryShapes? = nil) throws -> [TerritoryFeature] {
        try zones.map { z in
            TerritoryFeature(id: z.id, properties: try JSONValueEncoder.members(z), geometry: try geometry(z.zone.geometry, of: z.zone.communeCodes, shapes))
        }
    }

    /// Without `shapes`, each overlap's few communes dissolved as the analysis dissolves a perimeter: the national edge
    /// graph is not built for them.
    public static func overlaps(_ overlaps: [CPTSOverlap], in analysis: TerritoryAnalysis, shapes: TerritoryShapes? = nil) throws -> [TerritoryFeature] {
        try overlaps.map { o in
            TerritoryFeature(id: "\(o.cptsA)+\(o.cptsB)", properties: try JSONValueEncoder.members(NamedOverlap(o, in: analysis)),
                             geometry: try shapes.map { try $0.union(ofCommunes: o.communeCodes) } ?? analysis.union(ofCommunes: o.communeCodes))
        }
    }

    /// The uncovered communes with the CPTS proposed for each (`WhiteZoneProposals`), their polygons from `layer`.
    public static func proposals(_ proposals: WhiteZoneProposals, layer: CommuneLayer) throws -> [TerritoryFeature] {
        try proposals.communes.map { try TerritoryFeature(id: $0.code, properties: JSONValueEncoder.members($0), geometry: layer.commune($0.code)?.geometry) }
    }

    public static func communes(_ analysis: TerritoryAnalysis, shapes: TerritoryShapes? = nil) throws -> [TerritoryFeature] {
        try zip(analysis.layer.communes.enumerated(), analysis.communeProperties()).map { commune, properties in
            TerritoryFeature(id: commune.element.code, properties: properties,
                             geometry: shapes.map { $0.commune(at: commune.offset) } ?? commune.element.geometry)
        }
    }

    /// The dissolved geometry as the analysis made it, or the union of the same communes in the generalised shapes.
    private static func geometry(_ full: Geometry?, of codes: [String], _ shapes: TerritoryShapes?) throws -> Geometry? {
        guard let shapes, !shapes.isFullResolution else { return full }
        return try shapes.union(ofCommunes: codes)
    }
}
