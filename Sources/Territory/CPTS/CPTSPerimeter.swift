/// A CPTS as the ARS lists it: an id, a name, a status and the communes of its territory.
///
/// ```swift
/// let lille = CPTSPerimeter(id: "CPTS-59-001", name: "CPTS Lille", status: .preProjet, communeCodes: ["59350"])
/// ```
public struct CPTSPerimeter: Sendable, Hashable {
    public var id: String
    public var name: String
    public var status: CPTSStatus
    /// Distinct current commune codes, sorted.
    public var communeCodes: [String]

    public init(id: String, name: String, status: CPTSStatus, communeCodes: [String]) {
        self.id = id; self.name = name; self.status = status
        // The store's rows are distinct and sorted already: checked in one pass (every command reads 850 perimeters).
        let isDistinctSorted = zip(communeCodes, communeCodes.dropFirst()).allSatisfy { $0 < $1 }
        self.communeCodes = isDistinctSorted ? communeCodes : Array(Set(communeCodes)).sorted()
    }
}
