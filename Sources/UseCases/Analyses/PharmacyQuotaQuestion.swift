import GeometryKit
import Territory

/// The pharmacy licences allowed per commune (CSP L.5125-4) next to the officines FINESS places there, with the
/// figures of the whole list: `maillage pharmacies quota` and `GET /api/v1/pharmacies/quota`.
public struct PharmacyQuotaQuestion: TerritoryQuestion {
    /// Only the communes of this département.
    public var departement: String?

    public init(departement: String? = nil) { self.departement = departement }

    public func answer(from territory: some TerritorySource) async throws -> PharmacyQuotaAnswer {
        let layer = try await territory.analysis(coveringStatuses: Set(CPTSStatus.allCases), communes: .attributes).layer
        let departement = try Area(departement: departement).resolved(in: layer).departement
        return PharmacyQuotaAnswer(communes: PharmacyQuota.communes(layer, pharmacies: try await territory.pharmacies(), departement: departement))
    }

    public var cacheKey: String { "pharmacies-quota|\(departement ?? "")" }

    /// The table is the communes' (the summary is their sums).
    public func rows(of answer: PharmacyQuotaAnswer) throws -> [[(String, JSONValue)]] {
        try answer.communes.map { try JSONValueEncoder.members($0) }
    }
}
