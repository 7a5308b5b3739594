import GeometryKit
import XCTest
@testable import OpenData

final class FieldParsingTests: XCTestCase {
    func testDecimals() {
        XCTAssertEqual(FieldParsing.decimal("50.628"), 50.628)
        XCTAssertEqual(FieldParsing.decimal("50,628"), 50.628, "French decimal comma")
        XCTAssertEqual(FieldParsing.decimal("-61.5"), -61.5)
        XCTAssertEqual(FieldParsing.decimal("6571540.8"), 6_571_540.8)
        for bad in ["", "abc", "nan", "inf", "0x1p3", "1.2.3", "50.6 N"] { XCTAssertNil(FieldParsing.decimal(bad), bad) }
    }

    func testCoordinates() {
        XCTAssertEqual(FieldParsing.coordinate(latitude: "", longitude: ""), .absent)
        XCTAssertEqual(FieldParsing.coordinate(latitude: "50.6", longitude: "3.06"), .valid(Coordinate(longitude: 3.06, latitude: 50.6)))
        for (lat, lon) in [("50.6", ""), ("x", "3"), ("91", "3"), ("50", "181")] {
            guard case .invalid = FieldParsing.coordinate(latitude: lat, longitude: lon) else { return XCTFail("\(lat) \(lon)") }
        }
    }

    func testDatesBooleansAndCounts() {
        XCTAssertEqual(FieldParsing.isoDate("2026-08-17"), "2026-08-17")
        XCTAssertEqual(FieldParsing.isoDate("2024-02-29"), "2024-02-29")
        for bad in ["2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "17/08/2026", "2026-8-17", "2026-08-17T10:00"] {
            XCTAssertNil(FieldParsing.isoDate(bad), bad)
        }
        XCTAssertEqual(FieldParsing.yesNo("Oui"), true)
        XCTAssertEqual(FieldParsing.yesNo("non"), false)
        XCTAssertNil(FieldParsing.yesNo("yes"))
        XCTAssertEqual(FieldParsing.count("25"), 25)
        XCTAssertNil(FieldParsing.count("-1"))
        XCTAssertNil(FieldParsing.count("2.5"))
        XCTAssertNil(FieldParsing.count(""))
    }
}
