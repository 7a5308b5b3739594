/// A health professional with all of their activities (sites), grouped by RPPS number.
///
/// ```swift
/// let practitioners = Practitioner.grouping(extract.activities)
/// let gps = practitioners.filter(\.isGeneralPractitioner)
/// gps.first?.activities.count   // 1 or more sites
/// ```
public struct Practitioner: Sendable, Hashable {
    public var rpps: String
    /// In the order of the source file; never empty.
    public var activities: [PractitionerActivity]

    public init(rpps: String, activities: [PractitionerActivity]) {
        self.rpps = rpps
        self.activities = activities
    }

    /// Whether any activity is general practice (a GP may also hold a salaried hospital activity).
    public var isGeneralPractitioner: Bool { activities.contains(where: \.isGeneralPractitioner) }

    /// The site that stands for the practitioner when only one can: the first libéral general-practice
    /// activity, else the first general-practice one, else the first activity.
    public var mainActivity: PractitionerActivity {
        activities.first { $0.isGeneralPractitioner && $0.isLiberal }
            ?? activities.first(where: \.isGeneralPractitioner)
            ?? activities[0]
    }

    /// Groups activities by RPPS, keeping the order of first appearance (and of the activities).
    public static func grouping(_ activities: [PractitionerActivity]) -> [Practitioner] {
        var order: [String] = []
        var byRPPS: [String: [PractitionerActivity]] = [:]
        for activity in activities {
            if byRPPS[activity.rpps] == nil { order.append(activity.rpps) }
            byRPPS[activity.rpps, default: []].append(activity)
        }
        return order.map { Practitioner(rpps: $0, activities: byRPPS[$0]!) }
    }
}
