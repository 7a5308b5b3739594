import GeometryKit

extension CandidateRows {
    /// The available volunteers within `maxKm` of each patient — among those who make home visits for a patient
    /// who needs one — as rows of lower bounds, searched on every core.
    ///
    /// The point index gives the volunteers that may be within reach; `ChordBounds` then bounds each distance to
    /// a few centimetres, and PROJ's geodesic is computed only where the bounds straddle `maxKm` (whether the GP is
    /// a candidate at all). Every other distance is left for the solvers to measure if they need it, through the
    /// same geodesic: a pair is a candidate exactly when `finder.within(km:of:homeVisits:)` lists it, at the same
    /// distance. `maxKm` is taken no larger than `BatchMatcher.maximumDistanceKm`.
    static func volunteers(of finder: VolunteerFinder, within maxKm: Double, for patients: [PatientRequest]) -> CandidateRows {
        let maxMetres = min(maxKm, BatchMatcher.maximumDistanceKm) * 1000
        let (rowOfPatient, places) = sharedPlaces(patients)
        let gpPoints = finder.volunteers.map { ChordBounds.Point($0.position) }
        let limit = ChordBounds.Limit(metres: maxMetres)
        let homeVisits = finder.volunteers.map(\.homeVisits)
        let gpCount = finder.volunteers.count, longest = BatchMatcher.millimetres(maxMetres / 1000)
        let binShift = Builder.binShift(forLongest: longest)

        // Consecutive ranges of places, more than cores so that dense and empty regions even out.
        let chunkCount = min(places.count, 64)
        let chunks = (0..<chunkCount).map { c in (places.count * c / chunkCount)..<(places.count * (c + 1) / chunkCount) }
        var parts = (try? ParallelMap.map(chunks) { range -> Builder in
            var builder = Builder(gpCount: gpCount, binShift: binShift)
            var keys: [UInt64] = []
            for place in places[range] {
                keys.removeAll(keepingCapacity: true)
                let origin = ChordBounds.Point(place.position)
                for found in finder.volunteers(possiblyWithin: maxMetres, of: place.position) {
                    let g = found.item
                    if place.needsHomeVisit && !homeVisits[g] { continue }
                    let chord = origin.chord(to: gpPoints[g])
                    if chord.lowerBound > maxMetres { continue }
                    // Straddling the limit (a few centimetres wide): the geodesic decides, and is measured again
                    // if a solver needs it, which is rarer still.
                    if !limit.certainlyWithin(chord) && finder.distanceMetres(from: place.position, toVolunteer: g) > maxMetres { continue }
                    keys.append(Builder.key(lower: storable(BatchMatcher.millimetres(chord.lowerBound / 1000)), gp: g))
                }
                builder.appendRow(&keys)
            }
            return builder
        }) ?? []
        return CandidateRows(rowOfPatient: rowOfPatient, built: Builder(concatenating: &parts),
                             longestMillimetres: longest,
                             measure: { row, gp in finder.distanceMetres(from: places[row].position, toVolunteer: gp) / 1000 })
    }

    /// A place to search from: patients at the same position with the same needs have the same candidates.
    private struct Place: Hashable {
        var position: Coordinate
        var needsHomeVisit: Bool
    }

    /// The distinct places of the patients, in order of first appearance, and the place of each patient.
    private static func sharedPlaces(_ patients: [PatientRequest]) -> (rowOfPatient: [Int32], places: [Place]) {
        var places: [Place] = []
        var rowOfPlace: [Place: Int32] = [:]
        let rowOfPatient = patients.map { patient in
            let place = Place(position: patient.position, needsHomeVisit: patient.needsHomeVisit)
            if let row = rowOfPlace[place] { return row }
            rowOfPlace[place] = Int32(places.count)
            places.append(place)
            return Int32(places.count - 1)
        }
        return (rowOfPatient, places)
    }
}
