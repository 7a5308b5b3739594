import GeometryKit

/// A commune's accessibility to GPs (E2SFCA): the CLI, the API, the OGC collection and the GeoJSON export alike.
extension CommuneAccessibility: Encodable {
    enum CodingKeys: String, CodingKey {
        case code, name, departement, population, supplyGPs = "supply_gps", lat, lon, indexPer100k = "index_per_100k"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(departement, forKey: .departement)
        try c.encode(population, forKey: .population)
        try c.encode(Rounded.value(supplyGPs, 6), forKey: .supplyGPs)
        try c.encode(Rounded.value(location?.latitude, 6), forKey: .lat)
        try c.encode(Rounded.value(location?.longitude, 6), forKey: .lon)
        try c.encode(Rounded.value(indexPer100k, 3), forKey: .indexPer100k)
    }
}

/// The accessibility of a CPTS (keyed `id`, with its name, as elsewhere) or of a département (keyed `departement`).
public struct AreaAccessibilityRow: Encodable, Sendable {
    public enum Kind: Sendable { case cpts, departement }
    public var kind: Kind
    public var area: AreaAccessibility

    public init(_ kind: Kind, _ area: AreaAccessibility) { self.kind = kind; self.area = area }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: NamedKey.self)
        try c.encode(area.code, forKey: NamedKey(kind == .cpts ? "id" : "departement"))
        if kind == .cpts { try c.encode(area.name, forKey: NamedKey("name")) }
        try c.encode(area.communes, forKey: NamedKey("communes"))
        try c.encode(area.population, forKey: NamedKey("population"))
        try c.encode(Rounded.value(area.supplyGPs, 6), forKey: NamedKey("supply_gps"))
        try c.encode(Rounded.value(area.indexPer100k, 3), forKey: NamedKey("index_per_100k"))
    }
}

/// A commune's officines against the quota (CSP art. L.5125-4).
extension CommunePharmacyQuota: Encodable {
    enum CodingKeys: String, CodingKey {
        case code, name, departement, population, officines, licencesAllowed = "licences_allowed", difference
        case withoutOfficineAboveThreshold = "without_officine_above_threshold"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(departement, forKey: .departement)
        try c.encode(population, forKey: .population)
        try c.encode(officines, forKey: .officines)
        try c.encode(licencesAllowed, forKey: .licencesAllowed)
        try c.encode(difference, forKey: .difference)
        try c.encode(withoutOfficineAboveThreshold, forKey: .withoutOfficineAboveThreshold)
    }
}

extension PharmacyQuotaSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case communes, officines, licencesAllowed = "licences_allowed", communesOpeningPossible = "communes_opening_possible"
        case communesAboveQuota = "communes_above_quota", communesWithoutOfficineAboveThreshold = "communes_without_officine_above_threshold"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(communes, forKey: .communes)
        try c.encode(officines, forKey: .officines)
        try c.encode(licencesAllowed, forKey: .licencesAllowed)
        try c.encode(openingPossible, forKey: .communesOpeningPossible)
        try c.encode(aboveQuota, forKey: .communesAboveQuota)
        try c.encode(withoutOfficineAboveThreshold, forKey: .communesWithoutOfficineAboveThreshold)
    }
}

/// The pharmacy quota of a territory: its summary and one row per commune.
public struct PharmacyQuotaAnswer: Encodable, Sendable {
    public var summary: PharmacyQuotaSummary
    public var communes: [CommunePharmacyQuota]

    public init(communes: [CommunePharmacyQuota]) { summary = PharmacyQuotaSummary(communes); self.communes = communes }
}
