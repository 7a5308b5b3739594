/// The population quota for opening a pharmacy (Code de la santé publique, art. L.5125-4): no licence below
/// 2 500 inhabitants, then one for the first 2 500 and one per further 4 500 — 3 500 in Moselle, Bas-Rhin and
/// Haut-Rhin (Alsace-Moselle). ARS decide openings and transfers on it; this is the count, not the decision.
///
/// ```swift
/// PharmacyQuota.licencesAllowed(population: 7_000, departement: "59")   // 2: 1 + ⌊(7 000 − 2 500) / 4 500⌋
/// PharmacyQuota.licencesAllowed(population: 7_000, departement: "67")   // 2: 1 + ⌊4 500 / 3 500⌋
/// ```
public enum PharmacyQuota {
    public static let firstLicence = 2_500
    public static let step = 4_500
    public static let alsaceMoselleStep = 3_500
    public static let alsaceMoselle: Set<String> = ["57", "67", "68"]

    /// The population that opens each further licence in a département.
    public static func step(departement: String) -> Int { alsaceMoselle.contains(departement) ? alsaceMoselleStep : step }

    public static func licencesAllowed(population: Int, departement: String) -> Int {
        population < firstLicence ? 0 : 1 + (population - firstLicence) / step(departement: departement)
    }

    /// One row per commune (of `departement` if given), officines counted by the commune FINESS places them in.
    public static func communes(_ layer: CommuneLayer, pharmacies: [Pharmacy], departement: String? = nil) -> [CommunePharmacyQuota] {
        var officines: [String: Int] = [:]
        for pharmacy in pharmacies { officines[pharmacy.communeCode, default: 0] += 1 }
        return layer.communes.filter { departement == nil || $0.departement == departement }.map { commune in
            let count = officines[commune.code] ?? 0
            let allowed = commune.population.map { licencesAllowed(population: $0, departement: commune.departement) }
            return CommunePharmacyQuota(code: commune.code, name: commune.name, departement: commune.departement,
                                        population: commune.population, officines: count, licencesAllowed: allowed)
        }
    }
}

/// A commune's pharmacies against its quota.
public struct CommunePharmacyQuota: Sendable, Hashable {
    public var code: String
    public var name: String
    public var departement: String
    /// Population municipale; nil where INSEE gives none (then no quota either).
    public var population: Int?
    /// Officines FINESS places in the commune.
    public var officines: Int
    public var licencesAllowed: Int?

    /// Allowed − officines: openings possible when positive, officines above the quota when negative.
    public var difference: Int? { licencesAllowed.map { $0 - officines } }
    /// No officine although the population reaches the first licence.
    public var withoutOfficineAboveThreshold: Bool { officines == 0 && (population ?? 0) >= PharmacyQuota.firstLicence }
}

/// The national (or départemental) figures of the quota.
public struct PharmacyQuotaSummary: Sendable, Hashable {
    public var communes = 0
    public var officines = 0
    public var licencesAllowed = 0
    /// Communes where allowed > officines.
    public var openingPossible = 0
    /// Communes where officines > allowed.
    public var aboveQuota = 0
    public var withoutOfficineAboveThreshold = 0

    public init(_ rows: [CommunePharmacyQuota]) {
        communes = rows.count
        for row in rows {
            officines += row.officines
            licencesAllowed += row.licencesAllowed ?? 0
            if let difference = row.difference {
                if difference > 0 { openingPossible += 1 }
                if difference < 0 { aboveQuota += 1 }
            }
            if row.withoutOfficineAboveThreshold { withoutOfficineAboveThreshold += 1 }
        }
    }
}
