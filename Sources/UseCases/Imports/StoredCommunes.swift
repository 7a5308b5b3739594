import OpenData
import Storage
import Territory

extension CommuneLookup {
    /// The stored communes as the importers look them up (with former codes); their polygons only when rows carry
    /// coordinates to place (`polygons`): RPPS activities sit at their commune's point, and 34 875 polygons take most of
    /// the memory. An empty store is `StorageError.empty`.
    public static func stored(in store: any MaillageStore, polygons: Bool) async throws -> CommuneLookup {
        CommuneLookup(communes: try await store.requireCommuneLayer(polygons ? .full : .attributes), formerCodes: try await store.formerCommuneCodes())
    }
}

/// What an operator's import read: the summary the CLI prints and the store's import log keeps, and the issues found
/// (every one counted, the first `ImportIssueLog.defaultLimit` listed).
public struct ImportOutcome<Summary: Encodable & Sendable>: Sendable {
    public let summary: Summary
    public let issues: ImportIssueLog
}

/// How many records an import has written so far: a progress line on a terminal.
public typealias ImportProgress = @Sendable (_ written: Int) -> Void

/// A sink that counts the records it passes to the store.
func counting<Record>(_ progress: @escaping ImportProgress, _ write: @escaping ([Record]) throws -> Void) -> ([Record]) throws -> Void {
    var written = 0
    return { batch in
        try write(batch)
        written += batch.count
        progress(written)
    }
}
