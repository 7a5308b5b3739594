import GeometryKit
import XCTest
@testable import Territory

/// The tile layer's selection and thinning on hand-built features near Paris (tile 10/518/352).
final class TileLayerTests: XCTestCase {
    static let tile = TileID(z: 10, x: 518, y: 352)!

    /// A square of `side` degrees with its south-west corner at (lon, lat).
    static func square(_ lon: Double, _ lat: Double, _ side: Double) throws -> Geometry {
        try Geometry(shape: .polygon([[.init(x: lon, y: lat), .init(x: lon + side, y: lat), .init(x: lon + side, y: lat + side),
                                       .init(x: lon, y: lat + side), .init(x: lon, y: lat)]]))
    }

    /// 30 squares inside the tile (2.109…2.461° E, 48.69…48.92° N), the i-th of side 0.001 × (i + 1)°.
    static func squares() throws -> [TerritoryFeature] {
        try (0..<30).map { (i: Int) -> TerritoryFeature in
            let lon = 2.12 + Double(i % 6) * 0.05, lat = 48.70 + Double(i / 6) * 0.04, side = 0.001 * Double(i + 1)
            let properties: [(String, JSONValue)] = [("rank", .number(Double(i))), ("name", .string("square \(i)")), ("big", .bool(i > 15))]
            return TerritoryFeature(id: "s\(i)", properties: properties, geometry: try square(lon, lat, side))
        }
    }

    func testEveryFeatureInTheTileWithinBudget() throws {
        let layer = try TileLayer(name: "squares", features: try Self.squares())
        let encoded = try layer.tile(Self.tile)
        XCTAssertEqual(encoded.candidates, 30)
        XCTAssertEqual(encoded.keptIDs, (1...30).map(UInt64.init))
        XCTAssertEqual(layer.tiles(atZoom: 10), [Self.tile])
        XCTAssertEqual(layer.tiles(atZoom: 0), [TileID(z: 0, x: 0, y: 0)!])
        XCTAssertEqual(try layer.tile(TileID(z: 10, x: 0, y: 0)!).bytes, [], "a tile far away is empty")
        XCTAssertEqual(try layer.tile(Self.tile).bytes, encoded.bytes, "the same request, the same bytes")
        XCTAssertEqual(layer.fields.map(\.name), ["rank", "name", "big"])
        XCTAssertEqual(layer.fields.map(\.type), ["Number", "String", "Boolean"])
    }

    func testOverBudgetKeepsTheLargestPolygons() throws {
        let all = try TileLayer(name: "squares", features: try Self.squares()).tile(Self.tile).bytes.count
        let budget = all / 3
        let layer = try TileLayer(name: "squares", features: try Self.squares(), maxTileBytes: budget)
        let encoded = try layer.tile(Self.tile)
        XCTAssertLessThanOrEqual(encoded.bytes.count, budget)
        XCTAssertGreaterThan(encoded.kept, 0)
        XCTAssertLessThan(encoded.kept, 30)
        // Squares grow with their rank: the kept ones are the last ranks, whatever their count.
        XCTAssertEqual(encoded.keptIDs, ((30 - encoded.kept + 1)...30).map(UInt64.init))
    }

    func testPolygonsUnderOneGridSquareAreLeftOut() throws {
        // At zoom 0 one square of the 4096 grid is 9.8 km wide: the 0.03° square (3.3 km × 2.2 km) is under it, a 0.5° one is not.
        let layer = try TileLayer(name: "squares", features: [
            TerritoryFeature(id: "small", properties: [], geometry: try Self.square(2.3, 48.8, 0.03)),
            TerritoryFeature(id: "large", properties: [], geometry: try Self.square(2.0, 48.5, 0.5)),
        ])
        let world = try layer.tile(TileID(z: 0, x: 0, y: 0)!)
        XCTAssertEqual(world.candidates, 2)
        XCTAssertEqual(world.keptIDs, [2])
        XCTAssertEqual(try layer.tile(TileID(z: 10, x: 518, y: 352)!).keptIDs, [1, 2], "both at zoom 10")
    }

    func testOverBudgetPointsAreThinnedToOnePerCell() throws {
        // 400 points on a 20 × 20 lattice 0.01° apart: at zoom 10 (a display pixel is 0.0014°), one per cell of 1, 2, 4… pixels.
        let points = (0..<400).map { i in
            TerritoryFeature(id: "p\(i)", properties: [("n", .number(Double(i)))],
                             geometry: Geometry(point: Coordinate(x: 2.15 + Double(i % 20) * 0.01, y: 48.70 + Double(i / 20) * 0.01)))
        }
        let full = try TileLayer(name: "points", features: points).tile(Self.tile)
        XCTAssertEqual(full.kept, 400)
        let thinned = try TileLayer(name: "points", features: points, maxTileBytes: full.bytes.count / 4).tile(Self.tile)
        XCTAssertLessThanOrEqual(thinned.bytes.count, full.bytes.count / 4)
        XCTAssertGreaterThan(thinned.kept, 0)
        XCTAssertLessThan(thinned.kept, 400)
        // The first point of the lattice always stays (the first of its cell), and the spread is even: every kept
        // point's lattice column and row are multiples of the same step.
        XCTAssertEqual(thinned.keptIDs.first, 1)
        let columns = Set(thinned.keptIDs.map { Int($0 - 1) % 20 }), rows = Set(thinned.keptIDs.map { Int($0 - 1) / 20 })
        XCTAssertEqual(thinned.kept, columns.count * rows.count, "a regular sub-lattice")
    }
}
