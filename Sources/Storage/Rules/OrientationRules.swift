import Territory

/// The rules of the orientation writes, stated once for both stores.
public enum OrientationRules {
    /// A coordinator's roster upload writes the rows of the GPs it lists. A GP practising in a commune only this CPTS
    /// claims is its own: another CPTS that uploaded him keeps him (the first such GP refuses the whole upload). A GP
    /// practising in a commune several CPTS claim (`shared`) belongs to none: each of their coordinators may update him,
    /// the last write wins and the audit trail says who wrote it. Rows of the operator's import may be taken over.
    public static func checkRosterOwnership(of volunteers: [Volunteer], by cpts: String, owners: [String: String],
                                            shared: Set<String>) throws {
        if let taken = volunteers.first(where: { rosterRowOwner(of: $0, for: cpts, owners: owners, shared: shared) != nil }) {
            throw StorageError.rosterRowOwned(rpps: taken.rpps, owner: owners[taken.rpps]!)
        }
    }

    /// The other CPTS whose row `volunteer` would overwrite, or nil when `cpts` may write it.
    public static func rosterRowOwner(of volunteer: Volunteer, for cpts: String, owners: [String: String], shared: Set<String>) -> String? {
        guard !shared.contains(volunteer.communeCode), let owner = owners[volunteer.rpps], owner != cpts else { return nil }
        return owner
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
