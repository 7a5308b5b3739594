import GeometryKit

/// A general practitioner of the CPTS roster who volunteers to take new patients as médecin traitant.
///
/// The roster is kept by the CPTS coordinator (updated about every six months); it is joined to the
/// RPPS extract by RPPS number, which gives the commune when the roster has no coordinates.
///
/// ```swift
/// let volunteer = Volunteer(rpps: "10967210880", acceptsNewPatients: true, placesRemaining: 7, homeVisits: false,
///                           position: Coordinate(longitude: 3.334816, latitude: 49.651565), precision: .address,
///                           updatedOn: "2026-08-17", communeCode: "02691")
/// volunteer.isAvailable   // true: accepts patients and has places left
/// ```
public struct Volunteer: Sendable, Hashable {
    public var rpps: String
    public var acceptsNewPatients: Bool
    /// Places left for new patients (0 or more).
    public var placesRemaining: Int
    /// Whether the GP makes home visits (visites à domicile).
    public var homeVisits: Bool
    /// WGS84 position: the roster's coordinates, or the commune point of the practitioner's main site.
    public var position: Coordinate
    public var precision: LocationPrecision
    /// Date of the roster entry's last update, ISO 8601 (`YYYY-MM-DD`).
    public var updatedOn: String
    /// INSEE code of the commune where `position` lies.
    public var communeCode: String

    public init(rpps: String, acceptsNewPatients: Bool, placesRemaining: Int, homeVisits: Bool, position: Coordinate,
                precision: LocationPrecision, updatedOn: String, communeCode: String) {
        self.rpps = rpps; self.acceptsNewPatients = acceptsNewPatients; self.placesRemaining = placesRemaining
        self.homeVisits = homeVisits; self.position = position; self.precision = precision
        self.updatedOn = updatedOn; self.communeCode = communeCode
    }

    /// Accepts new patients and still has places: the only volunteers worth proposing.
    public var isAvailable: Bool { acceptsNewPatients && placesRemaining > 0 }
}
