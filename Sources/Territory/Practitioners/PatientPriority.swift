/// Priority of a patient looking for a médecin traitant: ALD, over 70, C2S/AME beneficiaries, then
/// the others. Comparable, the most urgent first: `.ald < .over70 < .c2s < .none`.
///
/// The raw values are those of the `priorite` column of the patient request file.
///
/// ```swift
/// PatientPriority(rawValue: "plus-de-70-ans")   // .over70
/// requests.sorted { $0.priority < $1.priority } // ALD first
/// ```
public enum PatientPriority: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// Affection de longue durée.
    case ald = "ALD"
    case over70 = "plus-de-70-ans"
    /// Complémentaire santé solidaire (or AME) beneficiary.
    case c2s = "C2S"
    case none = "aucune"

    /// 0 for the most urgent.
    public var rank: Int {
        switch self {
        case .ald: return 0
        case .over70: return 1
        case .c2s: return 2
        case .none: return 3
        }
    }

    public static func < (lhs: PatientPriority, rhs: PatientPriority) -> Bool { lhs.rank < rhs.rank }
}
