import XCTest
@testable import OpenData

final class DelimitedTextTests: XCTestCase {
    func testSplitsFieldsAndKeepsLineNumbers() throws {
        let text = "a;b;c\r\n1;2;3\n\n4;\"x;y\";\"say \"\"hi\"\"\"\n;;\n"
        let table = try DelimitedText(text: text, file: "t.csv", delimiter: ";")
        XCTAssertEqual(table.header, ["a", "b", "c"])
        XCTAssertEqual(table.rows.map(\.line), [2, 4], "blank lines and rows of bare delimiters are skipped, numbering kept")
        XCTAssertEqual(table.rows[0].fields, ["1", "2", "3"])
        XCTAssertEqual(table.rows[1].fields, ["4", "x;y", "say \"hi\""])
        XCTAssertEqual(table.rows[1][7], "", "a missing field reads as empty")
    }

    func testTrailingDelimiterOfRPPSExtracts() throws {
        let table = try DelimitedText(text: "A|B|\n1||\n", file: "ps.txt", delimiter: "|", trailingDelimiter: true)
        XCTAssertEqual(table.header, ["A", "B"])
        XCTAssertEqual(table.rows[0].fields, ["1", ""])
    }

    func testMissingColumnNamesTheFileAndColumn() throws {
        let table = try DelimitedText(text: "COM;PMUN\n01001;860\n", file: "pop.csv", delimiter: ";")
        XCTAssertThrowsError(try table.columns(["COM", "PTOT"])) { error in
            XCTAssertTrue("\(error)".contains("pop.csv:1"))
            XCTAssertTrue("\(error)".contains("PTOT"))
        }
    }

    func testEncodingDetection() {
        let utf8 = Array("Évreux;Hôpital".utf8)
        XCTAssertEqual(TextDecoding.decode(utf8).text, "Évreux;Hôpital")
        XCTAssertEqual(TextDecoding.decode(utf8).encoding, .utf8)
        let latin1: [UInt8] = [0xC9, 0x76, 0x72, 0x65, 0x75, 0x78, 0x3B, 0x48, 0xF4, 0x70, 0x80]   // "Évreux;Hôp€" in Windows-1252
        XCTAssertEqual(TextDecoding.decode(latin1).text, "Évreux;Hôp€")
        XCTAssertEqual(TextDecoding.decode(latin1).encoding, .windows1252)
        XCTAssertEqual(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x41]).text, "A", "a UTF-8 BOM is dropped")
    }
}
