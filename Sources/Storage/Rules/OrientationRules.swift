import Territory

/// The rules of the orientation writes, stated once for both stores.
public enum OrientationRules {
    /// A coordinator's roster upload takes the rows of the GPs it lists, unless another CPTS uploaded one of them:
    /// the first such GP refuses the whole upload. Rows of the operator's import (no owner) may be taken over.
    public static func checkRosterOwnership<Rows: Sequence>(of rpps: Rows, by cpts: String, owners: [String: String]) throws
    where Rows.Element == String {
        if let taken = rpps.first(where: { owners[$0].map { $0 != cpts } ?? false }) {
            throw StorageError.rosterRowOwned(rpps: taken, owner: owners[taken]!)
        }
    }

    /// The places a commit takes: each GP once, in RPPS order (so that two concurrent commits lock their GPs in the
    /// same order), with the number of patients it receives and the first of them (named when it has too few places).
    /// A commit is refused whole when one of its requests is no longer waiting (`StorageError.requestNotWaiting`) or
    /// one of its GPs has fewer places left than `count` (`StorageError.noPlaceLeft`).
    public static func placesTaken(by assignments: [Assignment]) -> [(rpps: String, count: Int, firstReference: String)] {
        var byGP: [String: (count: Int, firstReference: String)] = [:]
        for a in assignments {
            byGP[a.rpps, default: (0, a.reference)].count += 1
        }
        return byGP.sorted { $0.key < $1.key }.map { (rpps: $0.key, count: $0.value.count, firstReference: $0.value.firstReference) }
    }

    /// A stored request's priority; an unknown one means the store was written by something else.
    public static func priority(_ text: String, reference: String) throws -> PatientPriority {
        guard let priority = PatientPriority(rawValue: text) else {
            throw StorageError.corrupt("patient request \(reference) has priority '\(text)'")
        }
        return priority
    }
}
