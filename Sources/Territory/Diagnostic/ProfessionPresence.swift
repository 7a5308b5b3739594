/// Which practitioners of each profession practise in each commune, from the RPPS activities: the diagnostic's counts.
///
/// Professions are the RPPS profession codes, GPs (profession 10 with savoir-faire SM54, SM53 or SM26, as everywhere
/// in Maillage) apart from other doctors as `10-generaliste`. A practitioner counts once in an area however many of
/// his activities lie there; one with activities in two départements counts in each.
///
/// ```swift
/// let presence = ProfessionPresence(activities: try await store.practitionerActivities())
/// presence.practitioners(of: presence.position(of: "60")!, inCommunes: ["80021"])   // nurses practising in Amiens
/// ```
public struct ProfessionPresence: Sendable {
    public struct Profession: Sendable, Hashable {
        /// `10-generaliste`, `10` (other doctors) or the RPPS profession code.
        public var code: String
        public var label: String
    }

    public static let generalPractitionerCode = "10-generaliste"

    /// Sorted by code.
    public let professions: [Profession]
    /// For each profession (same order), the practitioners (numbered from 0) practising in each commune, sorted, each once.
    private let byCommune: [[String: [Int32]]]

    public init(activities: [PractitionerActivity]) {
        var number: [String: Int32] = [:]
        var groups: [String: (label: String, byCommune: [String: Set<Int32>])] = [:]
        for activity in activities where !activity.communeCode.isEmpty {
            let id: Int32
            if let known = number[activity.rpps] { id = known } else { id = Int32(number.count); number[activity.rpps] = id }
            let group = Self.profession(of: activity)
            groups[group.code, default: (group.label, [:])].byCommune[activity.communeCode, default: []].insert(id)
        }
        let codes = groups.keys.sorted()
        professions = codes.map { Profession(code: $0, label: groups[$0]!.label) }
        byCommune = codes.map { code in groups[code]!.byCommune.mapValues { $0.sorted() } }
    }

    /// The diagnostic's profession of an activity.
    public static func profession(of activity: PractitionerActivity) -> Profession {
        if activity.isGeneralPractitioner { return Profession(code: generalPractitionerCode, label: "Médecin généraliste") }
        if activity.professionCode == PractitionerActivity.generalPractitionerProfession {
            return Profession(code: activity.professionCode, label: "Médecin (autres spécialités)")
        }
        return Profession(code: activity.professionCode, label: activity.professionLabel)
    }

    public func position(of code: String) -> Int? { professions.firstIndex { $0.code == code } }

    /// The practitioners of a commune, numbered as this presence numbers them.
    public func practitioners(of profession: Int, inCommune code: String) -> [Int32] { byCommune[profession][code] ?? [] }

    /// Distinct practitioners of a profession with at least one activity in these communes.
    public func practitioners(of profession: Int, inCommunes codes: some Sequence<String>) -> Int {
        var seen = Set<Int32>()
        for code in codes { if let ids = byCommune[profession][code] { seen.formUnion(ids) } }
        return seen.count
    }
}
