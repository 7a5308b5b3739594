import GeometryKit

/// One activity (one practice site) of a health professional, as listed in the Annuaire santé RPPS
/// extract (`PS_LibreAcces_Personne_activite`): a practitioner with several sites has several.
///
/// The name and practice address of the public directory are kept for the coordinators', ARS and practitioners'
/// answers (never the anonymous ones); phone numbers and e-mails are not (data minimisation).
///
/// ```swift
/// let activity = PractitionerActivity(rpps: "10669688672", professionCode: "10", professionLabel: "Médecin",
///                                     savoirFaireCode: "SM54", savoirFaireLabel: "Médecine Générale",
///                                     modeCode: "L", modeLabel: "Libéral, indépendant, artisan, commerçant",
///                                     communeCode: "02014", departementCode: "02",
///                                     position: Coordinate(longitude: 3.35, latitude: 49.54), precision: .commune)
/// activity.isGeneralPractitioner   // true
/// activity.isLiberal               // true
/// ```
public struct PractitionerActivity: Sendable, Hashable {
    /// RPPS number, 11 digits with a Luhn key.
    public var rpps: String
    /// Profession code of the RPPS nomenclature ("10" médecin, "21" pharmacien, "60" infirmier…).
    public var professionCode: String
    public var professionLabel: String
    /// Savoir-faire (speciality) code, "" when none ("SM54" médecine générale…).
    public var savoirFaireCode: String
    public var savoirFaireLabel: String
    /// Mode d'exercice: "L" libéral, "S" salarié, "B" bénévole; "" when not given.
    public var modeCode: String
    public var modeLabel: String
    /// INSEE code of the commune of the practice site (current COG).
    public var communeCode: String
    /// Département of that commune ("02", "2A", "971").
    public var departementCode: String
    /// WGS84 position of the site.
    public var position: Coordinate
    public var precision: LocationPrecision
    /// "Prénom NOM" d'exercice, "" when the extract gives none.
    public var name: String
    /// The practice site's street address and postcode ("86 BOULEVARD GAMBETTA, 02000 ACY"), "" when not given.
    public var practiceAddress: String

    public init(rpps: String, professionCode: String, professionLabel: String, savoirFaireCode: String, savoirFaireLabel: String,
                modeCode: String, modeLabel: String, communeCode: String, departementCode: String,
                position: Coordinate, precision: LocationPrecision, name: String = "", practiceAddress: String = "") {
        self.rpps = rpps
        self.professionCode = professionCode; self.professionLabel = professionLabel
        self.savoirFaireCode = savoirFaireCode; self.savoirFaireLabel = savoirFaireLabel
        self.modeCode = modeCode; self.modeLabel = modeLabel
        self.communeCode = communeCode; self.departementCode = departementCode
        self.position = position; self.precision = precision
        self.name = name; self.practiceAddress = practiceAddress
    }

    /// Savoir-faire codes of general practice: SM54 médecine générale, SM53 spécialiste en médecine
    /// générale, SM26 qualifié en médecine générale.
    public static let generalPracticeSavoirFaire: Set<String> = ["SM54", "SM53", "SM26"]
    /// Médecin, in the RPPS profession nomenclature.
    public static let generalPractitionerProfession = "10"

    /// A médecin (profession 10) whose savoir-faire is general practice: who can be a médecin traitant
    /// in the sense of the matching.
    public var isGeneralPractitioner: Bool {
        professionCode == Self.generalPractitionerProfession && Self.generalPracticeSavoirFaire.contains(savoirFaireCode)
    }

    /// Libéral practice (mode "L"), where a GP takes patients as médecin traitant in the usual way.
    public var isLiberal: Bool { modeCode == "L" }
}
