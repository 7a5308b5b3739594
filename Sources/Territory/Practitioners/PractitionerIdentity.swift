/// Who a practitioner is in the public RPPS directory, as a coordinator calls him: name and the address of the
/// practice site in question. Shown to coordinator, ARS and practitioner tokens, never to anonymous callers.
public struct PractitionerIdentity: Sendable, Equatable, Encodable {
    public var name: String
    public var practiceAddress: String

    public init(name: String, practiceAddress: String) { self.name = name; self.practiceAddress = practiceAddress }

    enum CodingKeys: String, CodingKey { case name = "nom", practiceAddress = "adresse" }

    /// The identity of each practitioner among `activities`, at his site in `commune[rpps]` when he has one there, else at
    /// his first site (an activity without name gives none).
    public static func of(_ activities: [PractitionerActivity], practisingIn commune: [String: String] = [:]) -> [String: PractitionerIdentity] {
        var found: [String: (identity: PractitionerIdentity, atCommune: Bool)] = [:]
        for activity in activities where !activity.name.isEmpty {
            let atCommune = commune[activity.rpps] == activity.communeCode
            if let known = found[activity.rpps], known.atCommune || !atCommune { continue }
            found[activity.rpps] = (PractitionerIdentity(name: activity.name, practiceAddress: activity.practiceAddress), atCommune)
        }
        return found.mapValues(\.identity)
    }
}
