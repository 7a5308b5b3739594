/// Why a store refused a write or could not answer: one case per cause, its message (French, as users read it) beside it.
///
/// ```swift
/// do { try await store.recordAssignments(match.assignments, audit: event) }
/// catch let error as StorageError where error.isConflict { /* match again on what the store now holds */ }
/// ```
public enum StorageError: Error, CustomStringConvertible, Equatable {
    /// The store holds something the code cannot read back.
    case corrupt(String)
    /// The store lacks what the operation needs (no commune imported yet).
    case empty(String)
    /// zlib refused to compress (an MBTiles tile).
    case compression(String)
    /// A coordinator's roster lists a GP whose row another CPTS uploaded.
    case rosterRowOwned(rpps: String, owner: String)
    /// A request of a commit was oriented or removed since it was read.
    case requestNotWaiting(reference: String)
    /// A GP of a commit has fewer places left than the patients the commit gives it (`reference`: the first of them).
    case noPlaceLeft(rpps: String, reference: String)
    /// A practitioner's update of a roster entry he does not have.
    case notInRoster(rpps: String)

    /// A write that contradicts the stored state, which another attempt on fresh data may not.
    public var isConflict: Bool {
        switch self {
        case .rosterRowOwned, .requestNotWaiting, .noPlaceLeft: return true
        case .corrupt, .empty, .compression, .notInRoster: return false
        }
    }

    public var description: String {
        switch self {
        case .compression(let message): return "gzip : \(message)"
        case .empty(let message): return message
        case .corrupt(let message): return "contenu du stockage illisible : \(message)"
        case .rosterRowOwned(let rpps, let owner): return "refusé : la ligne du médecin \(rpps) appartient à \(owner)"
        case .requestNotWaiting(let reference): return "refusé : la demande \(reference) n'est plus en attente"
        case .noPlaceLeft(let rpps, let reference): return "refusé : le médecin \(rpps) n'a plus de place pour \(reference)"
        case .notInRoster(let rpps): return "le médecin \(rpps) n'est pas dans la liste des volontaires : sa CPTS l'y inscrit"
        }
    }
}
