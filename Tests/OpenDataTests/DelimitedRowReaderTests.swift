import Foundation
import XCTest
@testable import OpenData

/// The row reader's rules, on text in memory and on files read a few bytes at a time (every row then straddles
/// chunk boundaries), plain and gzip.
final class DelimitedRowReaderTests: XCTestCase {
    /// Every row of `text` as (line, fields), read from memory.
    func rows(_ text: String, delimiter: Character = ";", trailingDelimiter: Bool = false) throws -> [(Int, [String])] {
        var reader = try DelimitedRowReader(text: text, file: "t.csv", delimiter: delimiter, trailingDelimiter: trailingDelimiter)
        return try Self.drain(&reader)
    }

    static func drain(_ reader: inout DelimitedRowReader) throws -> [(Int, [String])] {
        var rows: [(Int, [String])] = []
        while let row = try reader.next() { rows.append((row.line, row.fields)) }
        return rows
    }

    func testSplitsFieldsAndKeepsLineNumbers() throws {
        var reader = try DelimitedRowReader(text: "a;b;c\r\n1;2;3\n\n4;\"x;y\";\"say \"\"hi\"\"\"\n;;\n", file: "t.csv", delimiter: ";")
        XCTAssertEqual(try reader.header().names, ["a", "b", "c"])
        let first = try XCTUnwrap(reader.next())
        XCTAssertEqual(first.line, 2)
        XCTAssertEqual(first.fields, ["1", "2", "3"], "CR LF ends a line")
        let second = try XCTUnwrap(reader.next())
        XCTAssertEqual(second.line, 4, "blank lines are skipped, numbering kept")
        XCTAssertEqual(second.fields, ["4", "x;y", "say \"hi\""])
        XCTAssertEqual(second[7], "", "a missing field reads as empty")
        XCTAssertNil(try reader.next(), "a row of bare delimiters carries no data")
    }

    func testQuotesAreOnlyOpenedAtTheStartOfAFieldAndNeverRunOverALineEnd() throws {
        let read = try rows("x;\"a\nb\";y\n \"q\" ;c\"d\n\"\";\"e\"f\n")
        XCTAssertEqual(read.map(\.0), [1, 2, 3, 4])
        XCTAssertEqual(read[0].1, ["x", "a"], "an unclosed quote ends with its line")
        XCTAssertEqual(read[1].1, ["b\"", "y"], "a quote inside an unquoted field is kept")
        XCTAssertEqual(read[2].1, [" \"q\" ", "c\"d"], "after a space the quote is text; subscripts trim the spaces")
        XCTAssertEqual(read[3].1, ["", "ef"], "text after the closing quote is kept")
    }

    func testTrimmingAndBlankRowsFollowUnicodeSpaces() throws {
        var reader = try DelimitedRowReader(text: "A;B\n\u{A0}59350\t; x \n\u{A0};\u{2009}\n", file: "t.csv", delimiter: ";")
        _ = try reader.header()
        let row = try XCTUnwrap(reader.next())
        XCTAssertEqual(row[0], "59350", "a no-break space and a tab are trimmed")
        XCTAssertEqual(row[1], "x")
        XCTAssertNil(try reader.next(), "fields of Unicode spaces only: a blank row")
    }

    func testTrailingDelimiterOfRPPSExtracts() throws {
        var reader = try DelimitedRowReader(text: "A|B|\n1||\n", file: "ps.txt", delimiter: "|", trailingDelimiter: true)
        XCTAssertEqual(try reader.header().names, ["A", "B"])
        XCTAssertEqual(try reader.next()?.fields, ["1", ""])
    }

    func testMissingColumnNamesTheFileAndLine() throws {
        var reader = try DelimitedRowReader(text: "\nCOM;PMUN\n01001;860\n", file: "pop.csv", delimiter: ";")
        let header = try reader.header()
        XCTAssertThrowsError(try header.columns(["COM", "PTOT"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("pop.csv:2: colonne(s) manquante(s) PTOT"), "\(error)")
        }
        XCTAssertEqual(try header.columns(["PMUN", "COM"]), [1, 0])
        var empty = try DelimitedRowReader(text: "\n \n", file: "empty.csv", delimiter: ";")
        XCTAssertThrowsError(try empty.header()) { XCTAssertEqual("\($0)", "empty.csv: le fichier est vide") }
    }

    func testEncodingDetection() {
        let utf8 = Array("Évreux;Hôpital".utf8)
        XCTAssertEqual(TextDecoding.decode(utf8).text, "Évreux;Hôpital")
        XCTAssertEqual(TextDecoding.decode(utf8).encoding, .utf8)
        let latin1: [UInt8] = [0xC9, 0x76, 0x72, 0x65, 0x75, 0x78, 0x3B, 0x48, 0xF4, 0x70, 0x80]   // "Évreux;Hôp€" in Windows-1252
        XCTAssertEqual(TextDecoding.decode(latin1).text, "Évreux;Hôp€")
        XCTAssertEqual(TextDecoding.decode(latin1).encoding, .windows1252)
        XCTAssertEqual(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x41]).text, "A", "a UTF-8 BOM is dropped")
        for invalid: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            XCTAssertEqual(TextDecoding.decode(invalid).encoding, .windows1252, "overlong, surrogate, above U+10FFFF, truncated: \(invalid)")
        }
        XCTAssertEqual(TextDecoding.decode([0xF0, 0x9F, 0x98, 0x80]).encoding, .utf8)
    }

    /// A file exercising every rule, with multi-byte characters, a BOM and no final line end.
    static let awkward = "\u{FEFF}code;nom;note\r\n59350;Lille;\"a;b\"\n\n  \t\n59009;Villeneuve-d'Ascq;\"dit \"\"VdA\"\"\"\r\n;;\n"
        + "62041;Arras;\"x\ny\";z\n80021;Amiens — Somme;é\n02691;Saint-Quentin;fin"

    func testRowsAreTheSameWhateverTheChunkSizeAndCompression() throws {
        let expected = try rows(Self.awkward)
        XCTAssertEqual(expected.map(\.0), [1, 2, 5, 7, 8, 9, 10])
        XCTAssertEqual(expected[0].1, ["code", "nom", "note"], "the BOM is not part of the first name")
        XCTAssertEqual(expected[4].1, ["y\"", "z"])
        XCTAssertEqual(expected[5].1, ["80021", "Amiens — Somme", "é"])
        XCTAssertEqual(expected.last?.1, ["02691", "Saint-Quentin", "fin"], "the last line needs no line end")
        let plain = try PractitionerFixtures.temporaryFile("awkward.csv", bytes: Array(Self.awkward.utf8))
        for path in [plain, try FileBytesTests.gzip(plain)] {
            for chunkSize in [1, 2, 3, 5, 7, 13, 64, 1 << 20] {
                var reader = try DelimitedRowReader(path: path, delimiter: ";", chunkSize: chunkSize)
                let read = try Self.drain(&reader)
                XCTAssertEqual(read.map(\.0), expected.map(\.0), "\(path), chunks of \(chunkSize)")
                XCTAssertEqual(read.map(\.1), expected.map(\.1), "\(path), chunks of \(chunkSize)")
                XCTAssertEqual(reader.encoding, .utf8)
            }
        }
    }

    func testLatin1IsDetectedAtItsFirstNonASCIILineEvenFarIntoTheFile() throws {
        // 3 000 ASCII rows (more than a chunk), then Latin-1 names.
        let ascii = (1...3_000).map { "\($0);Commune \($0)\n" }.joined()
        let bytes = Array(("n;nom\n" + ascii).utf8) + "3001;Évreux\n3002;Hôp€\n".unicodeScalars.map { $0 == "€" ? 0x80 : UInt8($0.value) }
        let path = try PractitionerFixtures.temporaryFile("latin1.csv", bytes: bytes)
        var reader = try DelimitedRowReader(path: path, delimiter: ";", chunkSize: 4_096)
        _ = try reader.header()
        var last: [String] = []
        var count = 0
        while let row = try reader.next() { count += 1; last = row.fields }
        XCTAssertEqual(count, 3_002)
        XCTAssertEqual(reader.encoding, .windows1252)
        XCTAssertEqual(last, ["3002", "Hôp€"])
    }

    func testAUTF8FileWithLatin1FurtherOnIsRefusedAtThatLine() throws {
        let head = Array("n;nom\n1;Évreux\n".utf8) + Array(String(repeating: "2;Lille\n", count: 2_000).utf8)
        let path = try PractitionerFixtures.temporaryFile("mixed.csv", bytes: head + [0x33, 0x3B, 0xC9, 0x76, 0x0A])   // "3;Év" in Latin-1
        var reader = try DelimitedRowReader(path: path, delimiter: ";", chunkSize: 1_024)
        XCTAssertThrowsError(try Self.drain(&reader)) { error in
            XCTAssertEqual((error as? ImportError)?.line, 2_003)
            XCTAssertTrue("\(error)".contains("depuis la ligne 2"), "\(error)")
        }
    }

    func testALineLongerThanTheChunkGrowsTheBuffer() throws {
        let long = String(repeating: "x", count: 50_000)
        let path = try PractitionerFixtures.temporaryFile("long.csv", bytes: Array("a;b\n\(long);1\n2;3\n".utf8))
        var reader = try DelimitedRowReader(path: path, delimiter: ";", chunkSize: 1_000)
        let read = try Self.drain(&reader)
        XCTAssertEqual(read.map(\.1), [["a", "b"], [long, "1"], ["2", "3"]])
    }

    func testADelimiterMustBeOneASCIIByte() {
        XCTAssertThrowsError(try DelimitedRowReader(text: "a", file: "t.csv", delimiter: "é"))
        XCTAssertThrowsError(try DelimitedRowReader(text: "a", file: "t.csv", delimiter: "\""))
    }
}
