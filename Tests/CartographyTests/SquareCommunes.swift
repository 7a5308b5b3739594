import ChildProcess
import Foundation
import GeometryKit
import Territory
import XCTest

/// Four square communes of 0.1° in the Somme (2×2 around 2.4° E, 49.9° N, 1 000 inhabitants each), the two northern
/// ones in one ACI-signed CPTS: département 80 is covered at exactly 50 %.
enum SquareCommunes {
    /// code → (west, south) corner.
    static let corners: [(String, Double, Double)] = [("80001", 2.3, 49.9), ("80002", 2.4, 49.9), ("80003", 2.3, 49.8), ("80004", 2.4, 49.8)]
    static let covered: Set<String> = ["80001", "80002"]

    static func analysis() throws -> TerritoryAnalysis {
        let communes = try corners.map { code, west, south in
            var commune = Commune(code: code, name: "Carré \(code)", departement: "80", region: "32", population: 1000)
            try commune.attach(geometry: Geometry(envelope: Envelope(minX: west, minY: south, maxX: west + 0.1, maxY: south + 0.1)))
            return commune
        }
        let cpts = CPTSPerimeter(id: "CPTS-TEST", name: "CPTS Nord", status: .aciSigne, communeCodes: covered.sorted())
        return TerritoryAnalysis(layer: CommuneLayer(communes), perimeters: [cpts])
    }

    /// The centre of a commune's square.
    static func centre(_ code: String) -> Coordinate {
        let (_, west, south) = corners.first { $0.0 == code }!
        return Coordinate(longitude: west + 0.05, latitude: south + 0.05)
    }
}

/// GDAL reads the PNG: an independent reader, not cairo.
enum GDAL {
    static func require() throws {
        if ChildProcess.isInstalled("gdallocationinfo") { return }
        if ProcessInfo.processInfo.environment["MAILLAGE_REQUIRE_VALIDATORS"] == "1" { XCTFail("gdal-bin is required but not installed") }
        throw XCTSkip("gdal-bin not installed")
    }

    /// The red, green and blue of the pixel at column x, row y (`gdallocationinfo -valonly`).
    static func rgb(_ path: String, x: Int, y: Int) throws -> [Int] {
        let out = try ChildProcess.run("/usr/bin/env", ["gdallocationinfo", "-valonly", path, String(x), String(y)])
        XCTAssertEqual(out.status, 0, out.output)
        return out.output.split(whereSeparator: \.isNewline).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Width and height as `gdalinfo` reads them ("Size is W, H").
    static func size(_ path: String) throws -> (Int, Int)? {
        let out = try ChildProcess.run("/usr/bin/env", ["gdalinfo", path])
        guard let line = out.output.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Size is ") }) else { return nil }
        let numbers = line.dropFirst("Size is ".count).split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }
}
