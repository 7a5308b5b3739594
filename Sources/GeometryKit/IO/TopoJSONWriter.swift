/// Writes a TopoJSON Topology (topojson-specification 1.0) whose arcs are the edges of a `PolygonCoverage`:
/// a border shared by two features is one arc, written once and referred to from both sides (`~i` when
/// walked backwards), so neighbours stay glued in every client that reads it (GDAL's TopoJSON driver,
/// topojson-client, mapshaper). Arcs are quantised (§2.1.2: a `transform`, integer positions delta-encoded)
/// on a grid of 1e-6° — the 6 decimals (about 11 cm) of our GeoJSON — so each shared position is written once
/// and each next one as a few digits.
///
/// A feature's rings are matched to the coverage's edges from where they start: a union or face of the same
/// coverage (`coverage.faces[i]`, `coverage.union(of:)`) is written entirely with shared arcs. A ring that
/// matches no edge path (a GEOS fallback union) gets an arc of its own, so nothing is lost.
///
/// ```swift
/// var writer = TopoJSONWriter(coverage: coverage)
/// try writer.addFeature(object: "cpts", id: "CPTS-80-002", properties: [("name", .string("CPTS Amiens"))],
///                       geometry: try coverage.union(of: members)?.geometry)
/// let text = writer.finish()   // {"type":"Topology","bbox":[…],"objects":{"cpts":{…}},"arcs":[…]}
/// ```
public struct TopoJSONWriter {
    /// The first two positions of a directed edge: where a ring walking that edge starts it.
    private struct EdgeStart: Hashable {
        let first: Coordinate
        let second: Coordinate
    }

    private let coverage: PolygonCoverage
    private let edgeStarting: [EdgeStart: (edge: Int, reversed: Bool)]
    /// The arc written for each coverage edge used so far.
    private var arcOfEdge: [Int: Int] = [:]
    private var arcs: [[Coordinate]] = []
    private var objects: [(name: String, geometries: [String])] = []
    private var bbox: Envelope?

    public init(coverage: PolygonCoverage) {
        self.coverage = coverage
        var starts: [EdgeStart: (edge: Int, reversed: Bool)] = [:]
        starts.reserveCapacity(2 * coverage.edges.count)
        for (id, edge) in coverage.edges.enumerated() where edge.coordinates.count >= 2 {
            let c = edge.coordinates
            starts[EdgeStart(first: c[0], second: c[1])] = starts[EdgeStart(first: c[0], second: c[1])] ?? (id, false)
            let n = c.count
            starts[EdgeStart(first: c[n - 1], second: c[n - 2])] = starts[EdgeStart(first: c[n - 1], second: c[n - 2])] ?? (id, true)
        }
        edgeStarting = starts
    }

    /// Number of arcs written so far.
    public var arcCount: Int { arcs.count }

    /// Appends one feature to the named object (a GeometryCollection, one per layer): a polygonal geometry's rings become
    /// arcs of a MultiPolygon; anything else (or nil) an empty MultiPolygon — GDAL drops the features of `"type": null`,
    /// which would leave the TopoJSON a feature short of the GeoJSON export.
    public mutating func addFeature(object: String, id: String, properties: [(String, JSONValue)], geometry: Geometry?) throws {
        var text = "{"
        let polygons = geometry?.shape.polygons ?? []
        let indexed = polygons.map { $0.map { arcIndices(ofRing: $0) } }
        // Always MultiPolygon, as the GeoJSON exports: one geometry type per layer.
        text += "\"type\":\"MultiPolygon\",\"arcs\":[" + indexed.map(Self.list).joined(separator: ",") + "]"
        if !polygons.isEmpty, let envelope = geometry?.envelope { bbox = bbox?.union(envelope) ?? envelope }
        text += ",\"id\":"
        JSONWriter.writeString(id, to: &text)
        text += ",\"properties\":"
        JSONWriter.writeObject(properties, to: &text)
        text += "}"
        if let position = objects.firstIndex(where: { $0.name == object }) {
            objects[position].geometries.append(text)
        } else {
            objects.append((object, [text]))
        }
    }

    /// The Topology document.
    public func finish() -> String {
        var out = "{\"type\":\"Topology\""
        if let bbox {
            out += ",\"bbox\":[" + [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map { JSONWriter.format($0, decimals: GeoJSONWriter.decimals) }
                .joined(separator: ",") + "]"
        }
        // The grid's origin on whole quanta, so that quantised positions are the 6-decimal ones.
        let origin = Envelope(covering: arcs.joined()).map { Coordinate(x: ($0.minX / Self.quantum).rounded(.down) * Self.quantum,
                                                                         y: ($0.minY / Self.quantum).rounded(.down) * Self.quantum) }
            ?? Coordinate(x: 0, y: 0)
        out += ",\"transform\":{\"scale\":[" + JSONWriter.format(Self.quantum, decimals: 6) + "," + JSONWriter.format(Self.quantum, decimals: 6) + "],\"translate\":["
            + JSONWriter.format(origin.x, decimals: GeoJSONWriter.decimals) + "," + JSONWriter.format(origin.y, decimals: GeoJSONWriter.decimals) + "]}"
        out += ",\"objects\":{"
        for (i, object) in objects.enumerated() {
            if i > 0 { out += "," }
            JSONWriter.writeString(object.name, to: &out)
            out += ":{\"type\":\"GeometryCollection\",\"geometries\":[" + object.geometries.joined(separator: ",") + "]}"
        }
        out += "},\"arcs\":["
        for (i, arc) in arcs.enumerated() {
            if i > 0 { out += "," }
            out += "["
            var previous: (x: Int, y: Int)?
            for (j, c) in arc.enumerated() {
                let q = (x: Int(((c.x - origin.x) / Self.quantum).rounded()), y: Int(((c.y - origin.y) / Self.quantum).rounded()))
                let delta = previous.map { (x: q.x - $0.x, y: q.y - $0.y) } ?? q
                // A position that quantises onto the previous one adds nothing, except as the arc's last (its node).
                if previous != nil, delta == (0, 0), j < arc.count - 1 { continue }
                if previous != nil { out += "," }
                out += "[\(delta.x),\(delta.y)]"
                previous = q
            }
            out += "]"
        }
        return out + "]}"
    }

    /// The quantisation grid, in degrees.
    static let quantum = 1e-6

    private static func list(_ rings: [[Int]]) -> String {
        "[" + rings.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// The ring as arc indices (`~i`, i.e. `-i - 1`, for an arc walked backwards): the coverage edges it follows,
    /// in either direction of the ring, or a new arc of its own.
    private mutating func arcIndices(ofRing ring: [Coordinate]) -> [Int] {
        if let path = edgePath(ring) ?? edgePath(ring.reversed()).map({ $0.reversed().map { ($0.edge, !$0.reversed) } }) {
            return path.map { part in
                let arc = arcOfEdge[part.edge] ?? {
                    arcs.append(coverage.edges[part.edge].coordinates)
                    arcOfEdge[part.edge] = arcs.count - 1
                    return arcs.count - 1
                }()
                return part.reversed ? ~arc : arc
            }
        }
        arcs.append(ring)
        return [arcs.count - 1]
    }

    /// The directed edges that walk the closed ring end to end, starting where one of them starts; nil if none does.
    private func edgePath(_ ring: [Coordinate]) -> [(edge: Int, reversed: Bool)]? {
        let n = ring.count - 1
        guard n >= 3, let start = (0..<n).first(where: { edgeStarting[EdgeStart(first: ring[$0], second: ring[$0 + 1])] != nil }) else { return nil }
        var path: [(edge: Int, reversed: Bool)] = []
        var walked = 0
        while walked < n {
            let at = (start + walked) % n
            guard let part = edgeStarting[EdgeStart(first: ring[at], second: ring[(at + 1) % n])] else { return nil }
            let coordinates = coverage.edges[part.edge].coordinates
            let count = coordinates.count
            for k in 0..<count where ring[(at + k) % n] != coordinates[part.reversed ? count - 1 - k : k] { return nil }
            path.append(part)
            walked += count - 1
        }
        return walked == n ? path : nil
    }
}
