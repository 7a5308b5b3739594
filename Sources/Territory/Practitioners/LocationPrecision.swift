/// How precisely a practitioner, pharmacy or patient is placed: at their own address, or at the
/// representative point of their commune when no address position is known.
///
/// The raw values are those of the `precision` property of the nearest-volunteer answer and GeoJSON.
///
/// ```swift
/// let activity: PractitionerActivity = …
/// if activity.precision == .commune { /* distances are approximate, to a few km */ }
/// ```
public enum LocationPrecision: String, Sendable, Hashable, CaseIterable, Codable {
    /// Geocoded address: coordinates given by the source file.
    case address
    /// The commune's point on surface (ST_PointOnSurface), always inside the commune.
    case commune
}
