/// The supply side of the accessibility index: general practitioners per commune, from the RPPS activities.
///
/// A GP (profession 10 with savoir-faire SM54, SM53 or SM26, as everywhere in Maillage) counts once in all: a GP
/// whose GP activities lie in n distinct communes counts 1/n in each, so that the national supply is the number of
/// distinct GPs. Head counts, not activity volumes: a part-time GP counts as much as a full-time one.
///
/// ```swift
/// let supply = GPSupply(activities: try await store.practitionerActivities())
/// supply.byCommune["80021"]      // GPs practising in Amiens (fractions for GPs practising elsewhere too)
/// ```
public struct GPSupply: Sendable {
    /// GPs by commune code (fractional where a GP practises in several communes).
    public let byCommune: [String: Double]
    /// Distinct GPs counted.
    public let practitioners: Int

    public init(activities: [PractitionerActivity]) {
        var communesOfGP: [String: Set<String>] = [:]
        for activity in activities where activity.isGeneralPractitioner && !activity.communeCode.isEmpty {
            communesOfGP[activity.rpps, default: []].insert(activity.communeCode)
        }
        var byCommune: [String: Double] = [:]
        for communes in communesOfGP.values {
            let share = 1 / Double(communes.count)
            for code in communes { byCommune[code, default: 0] += share }
        }
        self.byCommune = byCommune
        practitioners = communesOfGP.count
    }
}
