extension Geometry {
    /// This geometry with every position transformed by PROJ (one `proj_trans_generic` call for all of them),
    /// e.g. to Web Mercator for tiles or to Lambert-93 for maps.
    public func transformed(by transform: CoordinateTransform) throws -> Geometry {
        let shape = self.shape
        var positions: [Coordinate] = []
        shape.forEachCoordinate { positions.append($0) }
        let moved = try transform.transform(positions)
        var next = 0
        return try Geometry(shape: shape.mappingCoordinates { _ in defer { next += 1 }; return moved[next] })
    }
}

extension GeometryShape {
    /// Every position, in the order `mappingCoordinates` visits them.
    func forEachCoordinate(_ body: (Coordinate) -> Void) {
        _ = mappingCoordinates { body($0); return $0 }
    }

    /// The same shape with each position replaced, visited in order.
    func mappingCoordinates(_ transform: (Coordinate) -> Coordinate) -> GeometryShape {
        switch self {
        case .point(let c): return .point(transform(c))
        case .multiPoint(let cs): return .multiPoint(cs.map(transform))
        case .lineString(let cs): return .lineString(cs.map(transform))
        case .multiLineString(let lines): return .multiLineString(lines.map { $0.map(transform) })
        case .polygon(let rings): return .polygon(rings.map { $0.map(transform) })
        case .multiPolygon(let polygons): return .multiPolygon(polygons.map { $0.map { $0.map(transform) } })
        case .collection(let members): return .collection(members.map { $0.mappingCoordinates(transform) })
        }
    }
}
