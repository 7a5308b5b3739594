/// Polygons from closed rings that bound a region with the region on their left: counter-clockwise rings
/// are shells, clockwise rings holes (orientation by GEOS, `GEOSCoordSeq_isCCW`), each hole going to the
/// smallest shell that covers it (`GEOSCovers`), as GEOS's polygonizer assigns them.
enum PolygonAssembly {
    /// A polygon, or a multipolygon when there are several shells; nil when a hole lies in no shell.
    static func polygons(fromRings rings: [[Coordinate]]) throws -> Geometry? {
        var shells: [[Coordinate]] = []
        var holes: [[Coordinate]] = []
        for ring in rings {
            if RingOrientation.isCounterClockwise(ring) { shells.append(ring) } else { holes.append(ring) }
        }
        guard !shells.isEmpty else { return nil }
        if shells.count == 1 { return try Geometry(shape: .polygon(shells + holes)) }
        guard !holes.isEmpty else { return try Geometry(shape: .multiPolygon(shells.map { [$0] })) }
        var polygons = shells.map { [$0] }
        let shellBoxes = shells.map { Envelope(covering: $0)! }
        let shellPolygons = try shells.map { try Geometry(shape: .polygon([$0])) }
        for hole in holes {
            let box = Envelope(covering: hole)!
            var candidates = shells.indices.filter { shellBoxes[$0].contains(box) }
            if candidates.count > 1 {
                let line = try Geometry(shape: .lineString(hole))
                candidates = candidates.filter { shellPolygons[$0].covers(line) }
            }
            guard let owner = candidates.min(by: { shellPolygons[$0].area < shellPolygons[$1].area }) else { return nil }
            polygons[owner].append(hole)
        }
        return try Geometry(shape: .multiPolygon(polygons))
    }
}
