import GeometryKit

/// A pharmacy (officine, FINESS category 620) with its establishment number and position.
///
/// FINESS publishes projected coordinates (Lambert-93, UTM overseas); `position` is already WGS84.
/// When the file gives none, the pharmacy is placed at its commune's point and `precision` says so.
///
/// ```swift
/// let pharmacy = Pharmacy(finess: "023249402", finessEJ: "025076054", name: "PHARMACIE RICHARD",
///                         communeCode: "02003", position: Coordinate(longitude: 3.39, latitude: 49.45),
///                         precision: .address, sourceCRS: "EPSG:2154")
/// pharmacy.positionFromFile   // true
/// ```
public struct Pharmacy: Sendable, Hashable {
    /// FINESS number of the establishment (ET), 9 characters with a Luhn key.
    public var finess: String
    /// FINESS number of the legal entity (EJ) that runs it, as published. Not checked: placing the
    /// officine does not need it, and an officine must not be lost over its owner's number.
    public var finessEJ: String
    /// Raison sociale (`rs` field).
    public var name: String
    /// INSEE code of the commune (current COG).
    public var communeCode: String
    /// WGS84 position.
    public var position: Coordinate
    /// `.address` when the position comes from the file's geolocalisation row, `.commune` when it is the
    /// commune point fallback.
    public var precision: LocationPrecision
    /// The CRS the file's coordinates were given in ("EPSG:2154"…); nil for the commune point fallback.
    public var sourceCRS: String?

    public init(finess: String, finessEJ: String, name: String, communeCode: String, position: Coordinate,
                precision: LocationPrecision, sourceCRS: String?) {
        self.finess = finess; self.finessEJ = finessEJ; self.name = name; self.communeCode = communeCode
        self.position = position; self.precision = precision; self.sourceCRS = sourceCRS
    }

    /// Whether the position was read from the file (rather than the commune point fallback).
    public var positionFromFile: Bool { precision == .address }
}
