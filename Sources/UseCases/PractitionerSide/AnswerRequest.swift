import OpenData
import Storage
import Territory

/// A practitioner takes a request (`POST /api/v1/me/requests/{cpts}/{reference}/accept`): one of his places and the
/// orientation recorded in one transaction with its audit event. `StorageError.requestNotWaiting` (409) when it was
/// taken or removed meanwhile, `StorageError.noPlaceLeft` (409) when he has no place left or takes no new patient.
public struct AcceptRequest: Sendable {
    public let rpps: String
    public let key: PatientRequestKey

    public init(rpps: String, cpts: String, reference: String) { self.rpps = rpps; key = PatientRequestKey(cpts: cpts, reference: reference) }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, by requester: Requester) async throws -> AcceptedRequest {
        let scope = try await PractitionerScope.of(rpps: rpps, store: store, analysis: analysis)
        let (request, km) = try await scope.pendingRequest(key, store: store, maxKm: MyRequests.km.range.upperBound)
        guard let entry = scope.entry, entry.isAvailable else { throw StorageError.noPlaceLeft(rpps: rpps, reference: key.reference) }
        let assignment = Assignment(cpts: key.cpts, reference: key.reference, rpps: rpps, distanceKm: km, priority: request.priority)
        try await store.recordAssignments([assignment], audit: requester.event(.practitionerAccept, cpts: key.cpts, patients: 1,
                                                                                outcome: "accepted \(key.reference)"))
        return AcceptedRequest(cpts: key.cpts, reference: key.reference, rpps: rpps, distanceKm: RequestNear.roundedKm(km),
                               placesRestantes: entry.placesRemaining - 1)
    }
}

public struct AcceptedRequest: Encodable, Sendable {
    public let cpts, reference, rpps: String
    public let distanceKm: Double
    /// His places after this one (as of the commit: another taking one meanwhile is not counted).
    public let placesRestantes: Int
    enum CodingKeys: String, CodingKey { case cpts, reference, rpps, distanceKm = "distance_km", placesRestantes = "places_restantes" }
}

/// A practitioner declines a request (`POST …/decline`), with his reason: it no longer shows to him, stays pending for the
/// others, and is counted by the indicators. Audited.
public struct DeclineRequest: Sendable {
    public static let reasonLength = Bounded("reason", 1...500)
    public let rpps: String
    public let key: PatientRequestKey
    public let reason: String

    public init(rpps: String, cpts: String, reference: String, reason: String) throws {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.reasonLength.range.contains(trimmed.count) else {
            throw UseCaseError.invalid(parameter: "reason", reason: "un motif de 1 à \(Self.reasonLength.range.upperBound) caractères")
        }
        self.rpps = rpps; key = PatientRequestKey(cpts: cpts, reference: reference); self.reason = trimmed
    }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, by requester: Requester) async throws -> DeclinedRequest {
        let scope = try await PractitionerScope.of(rpps: rpps, store: store, analysis: analysis)
        _ = try await scope.pendingRequest(key, store: store, maxKm: MyRequests.km.range.upperBound)
        try await store.declineRequest(key, rpps: rpps, reason: reason,
                                       audit: requester.event(.practitionerDecline, cpts: key.cpts, patients: 1, outcome: "declined \(key.reference)"))
        return DeclinedRequest(cpts: key.cpts, reference: key.reference, declined: true)
    }
}

public struct DeclinedRequest: Encodable, Sendable {
    public let cpts, reference: String
    public let declined: Bool
}

/// A practitioner's update of his roster entry (`PATCH /api/v1/me`): places, home visits, taking new patients; the entry is
/// then up to date as of today (`mis_a_jour_le`). Audited.
public struct UpdateMyEntry: Sendable {
    public static let places = Bounded("places_restantes", 0...VolunteerRoster.maximumPlaces)
    public let rpps: String
    public let update: VolunteerUpdate
    public let freshness: RosterFreshness

    public init(rpps: String, update: VolunteerUpdate, freshness: RosterFreshness) throws {
        _ = try Self.places.check(update.placesRemaining)
        guard update != VolunteerUpdate() else {
            throw UseCaseError.missing("rien à changer : places_restantes, visites_domicile ou accepte_nouveaux_patients")
        }
        self.rpps = rpps; self.update = update; self.freshness = freshness
    }

    public func run(store: any MaillageStore, analysis: TerritoryAnalysis, by requester: Requester) async throws -> MyProfileAnswer {
        _ = try await store.updateVolunteer(rpps: rpps, update, updatedOn: freshness.today,
                                            audit: requester.event(.practitionerUpdate, cpts: nil, patients: 0, outcome: describe(update)))
        return try await MyProfile(rpps: rpps, freshness: freshness).run(store: store, analysis: analysis)
    }

    private func describe(_ update: VolunteerUpdate) -> String {
        [update.placesRemaining.map { "places \($0)" }, update.homeVisits.map { "visites \($0)" },
         update.acceptsNewPatients.map { "accepte \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }
}
