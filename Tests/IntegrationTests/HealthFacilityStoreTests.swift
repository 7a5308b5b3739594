import Foundation
import GeometryKit
import Storage
import Territory
import XCTest

/// The health facilities a FINESS import keeps for the diagnostic, on each store: replaced whole, read back as written,
/// the supply counter bumped (a running service reads its diagnostic's basis again).
final class HealthFacilityStoreTests: XCTestCase {
    static func facility(_ finess: String, _ category: String, _ commune: String, precision: LocationPrecision = .address) -> HealthFacility {
        HealthFacility(finess: finess, name: "Établissement \(finess) — « test »", category: category, categoryLabel: "Catégorie \(category)",
                       communeCode: commune, position: Coordinate(longitude: 2.2957, latitude: 49.8942), precision: precision)
    }

    func testReplacedWholeAndReadBack() async throws {
        let (store, _) = try await scratchStore("health-facilities")
        let first = [Self.facility("800000030", "500", "80021", precision: .commune), Self.facility("800000014", "603", "80021")]
        let before = try await store.changeCounters()
        try await store.replaceHealthFacilities(first)
        let read = try await store.healthFacilities()
        XCTAssertEqual(read, first.sorted { $0.finess < $1.finess })
        XCTAssertEqual(read.map(\.kind), [.maisonDeSante, .ehpad])
        let after = try await store.changeCounters()
        XCTAssertTrue(after.changed(since: before).contains(.supply))
        try await store.replaceHealthFacilities([Self.facility("590000022", "355", "59350")])
        let replaced = try await store.healthFacilities()
        XCTAssertEqual(replaced.map(\.finess), ["590000022"])
        try await store.replaceHealthFacilities([])
        let emptied = try await store.healthFacilities()
        XCTAssertEqual(emptied, [])
    }
}
