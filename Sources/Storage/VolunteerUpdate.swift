import Territory

/// What a practitioner changes of his own roster entry (`MaillageStore.updateVolunteer`): nil leaves a field as it is.
public struct VolunteerUpdate: Sendable, Equatable, Codable {
    public var placesRemaining: Int?
    public var homeVisits: Bool?
    public var acceptsNewPatients: Bool?

    public init(placesRemaining: Int? = nil, homeVisits: Bool? = nil, acceptsNewPatients: Bool? = nil) {
        self.placesRemaining = placesRemaining; self.homeVisits = homeVisits; self.acceptsNewPatients = acceptsNewPatients
    }

    /// `volunteer` with this update applied, updated on `day`.
    public func applied(to volunteer: Volunteer, on day: String) -> Volunteer {
        var updated = volunteer
        if let placesRemaining { updated.placesRemaining = placesRemaining }
        if let homeVisits { updated.homeVisits = homeVisits }
        if let acceptsNewPatients { updated.acceptsNewPatients = acceptsNewPatients }
        updated.updatedOn = day
        return updated
    }
}
