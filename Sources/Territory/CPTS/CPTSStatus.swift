/// Where a CPTS stands in its life, in order (the ACI's statuses).
public enum CPTSStatus: String, CaseIterable, Sendable, Comparable, Codable {
    case preProjet = "pre-projet"
    case lettreIntentionValidee = "lettre-intention-validee"
    case projetSanteValide = "projet-sante-valide"
    case aciSigne = "aci-signe"

    public static func < (a: CPTSStatus, b: CPTSStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list ("aci-signe,projet-sante-valide"); throws naming the unknown value.
    public static func parseList(_ text: String) throws -> Set<CPTSStatus> {
        var statuses: Set<CPTSStatus> = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let status = CPTSStatus(rawValue: item) else { throw UnknownStatus(value: item) }
            statuses.insert(status)
        }
        return statuses
    }

    public struct UnknownStatus: Error, CustomStringConvertible {
        public let value: String
        public var description: String {
            "statut de CPTS '\(value)' inconnu (attendu : \(CPTSStatus.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }
}
