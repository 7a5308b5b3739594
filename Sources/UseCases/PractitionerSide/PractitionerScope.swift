import GeometryKit
import Storage
import Territory

/// What a practitioner token reaches: where he practises, and the CPTS claiming the communes of his sites — whose
/// pending requests he sees around his practice, and may accept or decline. Nothing of another CPTS or another
/// practitioner.
public struct PractitionerScope: Sendable {
    public let rpps: String
    /// His roster entry, when his CPTS listed him.
    public let entry: Volunteer?
    /// His practice: his roster entry's position, else his main RPPS site.
    public let practice: Coordinate
    public let practiceCommune: String
    /// The communes of his roster entry and of every RPPS site.
    public let communes: Set<String>
    /// The CPTS claiming one of `communes` (any status).
    public let cpts: Set<String>
    public let identity: PractitionerIdentity?

    /// `UseCaseError.unknownPractitioner` when neither the roster nor the RPPS extract knows him.
    public static func of(rpps: String, store: any MaillageStore, analysis: TerritoryAnalysis) async throws -> PractitionerScope {
        let entry = try await store.volunteer(rpps: rpps)
        let activities = try await store.practitionerActivities(rpps: [rpps])
        let main = Practitioner.grouping(activities).first?.mainActivity
        guard let practice = entry?.position ?? main?.position, let commune = entry?.communeCode ?? main?.communeCode else {
            throw UseCaseError.unknownPractitioner(rpps)
        }
        let communes = Set(activities.map(\.communeCode) + [commune])
        return PractitionerScope(rpps: rpps, entry: entry, practice: practice, practiceCommune: commune, communes: communes,
                                 cpts: Set(communes.flatMap(analysis.cpts(claiming:))),
                                 identity: PractitionerIdentity.of(activities, practisingIn: [rpps: commune])[rpps])
    }

    /// The geodesic distance from his practice, in km.
    public func distanceKm(to position: Coordinate) -> Double { Geodesic.distance(practice, position) / 1000 }

    /// The pending request `key` if he may see it (a CPTS of his, within `maxKm`); `UseCaseError.unknownRequest` otherwise
    /// (nothing said of another CPTS's requests), `StorageError.requestNotWaiting` when it is his CPTS's but no longer pending.
    func pendingRequest(_ key: PatientRequestKey, store: any MaillageStore, maxKm: Double) async throws -> (request: PatientRequest, km: Double) {
        guard cpts.contains(key.cpts) else { throw UseCaseError.unknownRequest(cpts: key.cpts, reference: key.reference) }
        guard let request = try await store.pendingPatientRequests(ofCPTS: key.cpts).first(where: { $0.reference == key.reference }) else {
            throw StorageError.requestNotWaiting(reference: key.reference)
        }
        let km = distanceKm(to: request.position)
        guard km <= maxKm else { throw UseCaseError.unknownRequest(cpts: key.cpts, reference: key.reference) }
        return (request, km)
    }
}
