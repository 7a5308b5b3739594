import Foundation
import GeometryKit
import OpenData
import Territory
import TestSupport

/// Annuaire santé extracts built from the Hauts-de-France sample's rows (27 527 activities), in its exact format: the
/// national store of `maillage-bench` and the national tier's diagnostic checks.
public enum ScenarioRPPS {
    /// National activities: ~330 000 rows, the 325 818 order of magnitude.
    public static let nationalRepetitions = 12
    /// The streaming-import measure: 83 × 27 527 = 2.28 M rows, the national-size extract.
    public static let largeRepetitions = 83

    /// The sample's header and data lines, and where the columns the scenario rewrites are.
    public struct Sample: Sendable {
        public let header: Substring
        public let rows: [[Substring]]
        let data: [UInt8]
        public let rppsColumn: Int, nationalIdColumn: Int, professionColumn: Int, savoirFaireColumn: Int
        public let communeColumn: Int, communeNameColumn: Int

        public init(path: String) throws {
            data = try FileBytes.read(path)
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            guard let first = lines.first else { throw ScenarioError("\(path) is empty") }
            header = first
            rows = lines.dropFirst().map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            let names = first.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            func column(_ name: String) throws -> Int {
                guard let index = names.firstIndex(of: name) else { throw ScenarioError("\(path): no column '\(name)'") }
                return index
            }
            rppsColumn = try column("Identifiant PP")
            nationalIdColumn = try column("Identification nationale PP")
            professionColumn = try column("Code profession")
            savoirFaireColumn = try column("Code savoir-faire")
            communeColumn = try column("Code commune (coord. structure)")
            communeNameColumn = try column("Libellé commune (coord. structure)")
        }

        func isGeneralPractice(_ row: [Substring]) -> Bool {
            row[professionColumn] == PractitionerActivity.generalPractitionerProfession && PractitionerActivity.generalPracticeSavoirFaire.contains(String(row[savoirFaireColumn]))
        }
    }

    /// The sample repeated `nationalRepetitions` times over the whole country: each copy of a practitioner gets a new
    /// Luhn-valid RPPS number (rows whose identifier is not a valid RPPS, ADELI numbers say, keep it and are rejected as
    /// in the sample), and each located activity a commune drawn by population — except that the first GP activities
    /// are given to the volunteers, one each, in the volunteer's commune, since the roster import looks every volunteer
    /// up among the GPs' activities. Only the commune code and name are rewritten: the importer reads the code alone.
    /// Returns the RPPS number given to each volunteer.
    public static func writeNational(_ sample: Sample, volunteers: [Volunteer], layer: CommuneLayer, repetitions: Int = nationalRepetitions,
                                     to path: String) throws -> [String] {
        let placed = layer.communes.filter { $0.geometry != nil }
        let byPopulation = WeightedDraw(weights: placed.map { $0.population ?? 0 })
        let names = Dictionary(layer.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var random = SeededRandom(seed: 2026)
        var rppsOfCopy: [String: String] = [:]
        var isVolunteer = Set<String>()
        var rppsOfVolunteer: [String] = []
        var text = String(sample.header) + "\n"
        for copy in 0..<repetitions {
            for var row in sample.rows {
                let original = String(row[sample.rppsColumn])
                if HealthIdentifier.isValidRPPS(original) {
                    let key = "\(copy)|\(original)"
                    let rpps = rppsOfCopy[key] ?? luhnRPPS(serial: rppsOfCopy.count)
                    rppsOfCopy[key] = rpps
                    row[sample.rppsColumn] = Substring(rpps)
                    row[sample.nationalIdColumn] = Substring("8" + rpps)
                    if !row[sample.communeColumn].isEmpty {
                        var code = placed[byPopulation.draw(using: &random)].code
                        if rppsOfVolunteer.count < volunteers.count, sample.isGeneralPractice(row), !isVolunteer.contains(rpps) {
                            code = volunteers[rppsOfVolunteer.count].communeCode
                            isVolunteer.insert(rpps)
                            rppsOfVolunteer.append(rpps)
                        }
                        row[sample.communeColumn] = Substring(code)
                        row[sample.communeNameColumn] = Substring(names[code] ?? "")
                    }
                }
                text += row.joined(separator: "|")
                text += "\n"
            }
        }
        guard rppsOfVolunteer.count == volunteers.count else {
            throw ScenarioError("only \(rppsOfVolunteer.count) GP activities for \(volunteers.count) volunteers")
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return rppsOfVolunteer
    }

    /// The sample's header, then its data rows `times` times over, unchanged (a file of the published size and shape,
    /// for the streaming import and PostgreSQL's `\copy` of the same bytes).
    public static func writeRepeated(_ sample: Sample, times: Int, to path: String) throws {
        guard let headerEnd = sample.data.firstIndex(of: UInt8(ascii: "\n")) else { throw ScenarioError("the sample has no header line") }
        var body = Data(sample.data[(headerEnd + 1)...])
        if body.last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
        guard FileManager.default.createFile(atPath: path, contents: Data(sample.data[...headerEnd])),
              let file = FileHandle(forWritingAtPath: path) else { throw ScenarioError("cannot write \(path)") }
        defer { try? file.close() }
        try file.seekToEnd()
        for _ in 0..<times { try file.write(contentsOf: body) }
    }

    /// "1", nine digits of `serial`, and the Luhn key: 11 digits, as RPPS numbers are.
    public static func luhnRPPS(serial: Int) -> String {
        let stem = "1" + String(format: "%09d", serial)
        return stem + String(Luhn.checkDigit(stem)!)
    }
}

/// A scenario file that cannot be built, and why.
public struct ScenarioError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
