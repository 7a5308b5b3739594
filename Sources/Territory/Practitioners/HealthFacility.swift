import GeometryKit

/// A FINESS establishment of a category the territorial diagnostic names: hospitals, centres de santé, maisons de santé
/// pluriprofessionnelles, EHPAD (`FacilityKind`). Officines are `Pharmacy`.
public struct HealthFacility: Sendable, Hashable {
    /// `nofinesset`, 9 characters with a Luhn key.
    public var finess: String
    public var name: String
    /// `categetab` and its label as the extract gives them ("603", "Maison de santé (L.6223-3)").
    public var category: String
    public var categoryLabel: String
    public var communeCode: String
    public var position: Coordinate
    public var precision: LocationPrecision

    public init(finess: String, name: String, category: String, categoryLabel: String, communeCode: String, position: Coordinate,
                precision: LocationPrecision) {
        self.finess = finess; self.name = name; self.category = category; self.categoryLabel = categoryLabel
        self.communeCode = communeCode; self.position = position; self.precision = precision
    }

    public var kind: FacilityKind? { FacilityKind(category: category) }
}

/// The groups of FINESS categories (`categetab`, nomenclature TRE-R66) a diagnostic counts.
public enum FacilityKind: String, CaseIterable, Sendable, Hashable {
    case hopital, centreDeSante = "centre-de-sante", maisonDeSante = "maison-de-sante", ehpad

    /// 101 Centre Hospitalier Régional, 106 Centre hospitalier ex hôpital local, 355 Centre Hospitalier; 124 Centre de
    /// santé; 603 Maison de santé (L.6223-3); 500 EHPAD.
    public static let byCategory: [String: FacilityKind] = ["101": .hopital, "106": .hopital, "355": .hopital, "124": .centreDeSante,
                                                            "603": .maisonDeSante, "500": .ehpad]

    public init?(category: String) {
        guard let kind = Self.byCategory[category] else { return nil }
        self = kind
    }

    /// In French, as the diagnostic prints it.
    public var label: String {
        switch self {
        case .hopital: "Centres hospitaliers"
        case .centreDeSante: "Centres de santé"
        case .maisonDeSante: "Maisons de santé pluriprofessionnelles"
        case .ehpad: "EHPAD"
        }
    }
}
