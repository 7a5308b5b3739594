import GeometryKit

/// A commune of the current Code officiel géographique, with its polygon when one is known.
///
/// ```swift
/// let lille = layer.commune("59350")!
/// lille.population          // population municipale (PMUN)
/// lille.representativePoint // GEOSPointOnSurface of the polygon: always inside it
/// ```
public struct Commune: Sendable {
    /// INSEE code (5 characters: "59350", "2A004", "97411").
    public var code: String
    public var name: String
    /// Département code ("59", "2A", "971").
    public var departement: String
    /// Région code ("32" for Hauts-de-France).
    public var region: String
    /// SIREN of the EPCI the commune belongs to, when the EPCI layer was imported.
    public var epci: String?
    /// Population municipale; nil when the population file has no figure for it (Mayotte).
    public var population: Int?
    /// WGS84 polygon or multipolygon; nil for a COG commune with no polygon in the geometry files.
    public var geometry: Geometry?
    /// Geodesic area in km² of `geometry`.
    public var areaKm2: Double?
    /// A point inside the commune (ST_PointOnSurface), used to place practitioners by commune.
    public var representativePoint: Coordinate?

    public init(code: String, name: String, departement: String, region: String, epci: String? = nil,
                population: Int? = nil, geometry: Geometry? = nil, areaKm2: Double? = nil, representativePoint: Coordinate? = nil) {
        self.code = code; self.name = name; self.departement = departement; self.region = region; self.epci = epci
        self.population = population; self.geometry = geometry; self.areaKm2 = areaKm2; self.representativePoint = representativePoint
    }

    /// Sets geometry, geodesic area and representative point from one polygon.
    public mutating func attach(geometry: Geometry) throws {
        self.geometry = geometry
        self.areaKm2 = Geodesic.areaKm2(of: geometry)
        self.representativePoint = try geometry.pointOnSurface()
    }
}
