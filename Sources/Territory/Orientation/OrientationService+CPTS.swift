import GeometryKit

extension OrientationService {
    /// The desk of one CPTS's coordinator: its own waiting requests, and the volunteers practising in its communes.
    ///
    /// This is how the places of GPs shared by neighbouring CPTS are taken: a GP practising in a commune that two
    /// CPTS claim serves both, and its places go to whichever commits first (the store refuses a place that is gone:
    /// the later commit is matched again). A coordinator never takes the places of a GP practising outside its
    /// communes, never sees or counts another CPTS's patients, and never edits a roster row another CPTS owns.
    ///
    /// ```swift
    /// let mine = desk.scoped(toCPTS: "CPTS-80-01", communes: Set(perimeter.communeCodes))
    /// mine.matchWaitingList(maxKm: 30)   // its patients, its GPs
    /// ```
    public func scoped(toCPTS cpts: String, communes: Set<String>) -> OrientationService {
        OrientationService(analysis: analysis, volunteers: roster.filter { communes.contains($0.communeCode) }, practice: practice,
                           waiting: waiting.filter { $0.cpts == cpts })
    }
}
