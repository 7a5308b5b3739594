import Territory

/// What the CLI and the HTTP service load from a store before answering: the analysis of the CPTS
/// over the commune layer, and the orientation desk (roster, practitioners, waiting list).
///
/// ```swift
/// let analysis = try store.territoryAnalysis(coveringStatuses: [.aciSigne])
/// let desk = try store.orientationService(analysis: analysis)
/// ```
extension MaillageStore {
    /// The commune layer; `StorageError.empty` when no commune was imported yet.
    public func requireCommuneLayer() throws -> CommuneLayer {
        let layer = try communeLayer()
        guard !layer.communes.isEmpty else { throw StorageError.empty("no commune in the store: run `maillage import communes` first") }
        return layer
    }

    public func territoryAnalysis(coveringStatuses: Set<CPTSStatus> = Set(CPTSStatus.allCases)) throws -> TerritoryAnalysis {
        TerritoryAnalysis(layer: try requireCommuneLayer(), perimeters: try allCPTS(), coveringStatuses: coveringStatuses)
    }

    public func orientationService(analysis: TerritoryAnalysis) throws -> OrientationService {
        OrientationService(analysis: analysis, volunteers: try volunteers(), activities: try practitionerActivities(),
                           waiting: try pendingPatientRequests())
    }
}
