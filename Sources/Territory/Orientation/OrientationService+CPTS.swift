import GeometryKit

extension OrientationService {
    /// The orientation service of one CPTS's coordinator: its own waiting requests, and the volunteers practising in its communes.
    ///
    /// This is how the places of GPs shared by neighbouring CPTS are taken: a GP practising in a commune that two
    /// CPTS claim serves both, and its places go to whichever commits first (the store refuses a place that is gone:
    /// the later commit is matched again). A coordinator never takes the places of a GP practising outside its
    /// communes, never sees or counts another CPTS's patients, and never edits a roster row another CPTS owns.
    ///
    /// ```swift
    /// let mine = orientation service.scoped(toCPTS: "CPTS-80-01", communes: Set(perimeter.communeCodes))
    /// mine.matchWaitingList(maxKm: 30)   // its patients, its GPs
    /// ```
    public func scoped(toCPTS cpts: String, communes: Set<String>) -> OrientationService {
        OrientationService(cpts: cpts, communes: communes, analysis: analysis, volunteers: roster, practice: practice, waiting: waiting)
    }

    /// The orientation service of one CPTS over a roster and waiting list read for it (a commit's fresh read): the same selection as
    /// `scoped`, made before the volunteers are indexed.
    public convenience init(cpts: String, communes: Set<String>, analysis: TerritoryAnalysis, volunteers: [Volunteer],
                            practice: @escaping @Sendable (String) throws -> Coordinate?, waiting: [PatientRequest]) {
        self.init(analysis: analysis, volunteers: volunteers.filter { communes.contains($0.communeCode) }, practice: practice,
                  waiting: waiting.filter { $0.cpts == cpts })
    }
}

extension OrientationService {
    /// This service without the roster entries `freshness` excludes (they take no patient), and how many of them had
    /// places to give: what a matching reports as left out. Itself when none is excluded.
    public func leavingOut(excludedBy freshness: RosterFreshness) -> (service: OrientationService, leftOut: Int) {
        let excluded = roster.filter(freshness.isExcluded)
        guard !excluded.isEmpty else { return (self, 0) }
        return (OrientationService(analysis: analysis, volunteers: roster.filter { !freshness.isExcluded($0) }, practice: practice, waiting: waiting),
                excluded.count(where: \.isAvailable))
    }
}
