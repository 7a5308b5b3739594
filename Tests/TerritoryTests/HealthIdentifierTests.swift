import Territory
import XCTest

final class HealthIdentifierTests: XCTestCase {
    func testLuhn() {
        XCTAssertTrue(Luhn.isValid("79927398713"), "the textbook example")
        XCTAssertFalse(Luhn.isValid("79927398710"))
        XCTAssertEqual(Luhn.checkDigit("7992739871"), 3)
        XCTAssertFalse(Luhn.isValid("0"), "a key needs something to check")
        XCTAssertFalse(Luhn.isValid("7992739871a"))
        XCTAssertFalse(Luhn.isValid(""))
        XCTAssertNil(Luhn.checkDigit("12x"))
    }

    func testRPPS() {
        // Identifiers of the Hauts-de-France sample (Annuaire santé format).
        for rpps in ["10388744723", "10964471154", "10669688672"] {
            XCTAssertTrue(HealthIdentifier.isValidRPPS(rpps), rpps)
        }
        XCTAssertFalse(HealthIdentifier.isValidRPPS("10388744724"), "last digit changed")
        XCTAssertFalse(HealthIdentifier.isValidRPPS("10388745723"), "a middle digit changed")
        XCTAssertFalse(HealthIdentifier.isValidRPPS("1038874472"), "10 digits")
        XCTAssertFalse(HealthIdentifier.isValidRPPS("103887447230"), "12 digits")
        XCTAssertFalse(HealthIdentifier.isValidRPPS("810388744723"), "the 12-character national identification is not an RPPS")
        XCTAssertFalse(HealthIdentifier.isValidRPPS("1038874472 "))
        XCTAssertFalse(HealthIdentifier.isValidRPPS(""))
    }

    func testFINESS() {
        // Sample officines, real overseas establishments (Guadeloupe, Guyane, Mayotte 98…).
        for finess in ["023249402", "028936011", "010000024", "970100400", "970302022", "980501506"] {
            XCTAssertTrue(HealthIdentifier.isValidFINESS(finess), finess)
        }
        XCTAssertFalse(HealthIdentifier.isValidFINESS("023249403"), "key changed")
        XCTAssertFalse(HealthIdentifier.isValidFINESS("023259402"), "a digit changed")
        XCTAssertFalse(HealthIdentifier.isValidFINESS("02324940"), "8 characters")
        XCTAssertFalse(HealthIdentifier.isValidFINESS("0232494020"), "10 characters")
        XCTAssertFalse(HealthIdentifier.isValidFINESS("9A0000012"), "only Corsica's numbers start with letters")
    }

    func testCorsicanFINESSAcceptsBothConventions() {
        XCTAssertTrue(HealthIdentifier.isValidFINESS("2A0000016"), "key over 200000016 (2A read as 20)")
        XCTAssertTrue(HealthIdentifier.isValidFINESS("2B0000016"), "key over 200000016 (2B read as 20)")
        XCTAssertTrue(HealthIdentifier.isValidFINESS("2A0000014"), "key over 210000014 (A read as its rank)")
        XCTAssertTrue(HealthIdentifier.isValidFINESS("2B0000012"), "key over 220000012 (B read as its rank)")
        XCTAssertFalse(HealthIdentifier.isValidFINESS("2A0000015"))
        XCTAssertFalse(HealthIdentifier.isValidFINESS("2B0000014"))
        XCTAssertFalse(HealthIdentifier.isValidFINESS("2C0000016"))
        XCTAssertFalse(HealthIdentifier.isValidFINESS("2A000001"))
    }
}
