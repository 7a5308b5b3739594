import ChildProcess
import Foundation

/// The Hauts-de-France sample in Data/ and the figures the tests expect, read independently of the project: each file
/// is decompressed by `/bin/gzip -dc` and split here, so that a bug in the importers cannot hide in the expectation.
enum SampleData {
    static let root = MaillageProcess.projectRoot.appendingPathComponent("Data").path
    static let sample = root + "/sample-hauts-de-france"
    static let communes = root + "/communes"
    static let cog = root + "/cog/communes-2026.csv.gz"
    static let movements = root + "/cog/mouvements-communes.csv.gz"
    static let population = root + "/population/donnees_communes.csv.gz"
    static let epci = root + "/epci/epci-communes-2025.csv.gz"
    static let cogDepartements = root + "/cog/departements-2026.csv.gz"
    static let perimeters = sample + "/cpts-perimetres.csv.gz"
    static let rpps = sample + "/PS_LibreAcces_Personne_activite.txt.gz"
    static let finess = sample + "/etalab-cs1100507-stock.csv.gz"
    static let roster = sample + "/medecins-volontaires.csv.gz"
    static let patients = sample + "/patients-sans-medecin-traitant.csv.gz"
    static let scenario = sample + "/scenario-summary.json.gz"

    /// The five départements of Hauts-de-France, and Guadeloupe (overseas: another hemisphere of longitudes, another region).
    static let hautsDeFrance = ["02", "59", "60", "62", "80"]
    static let guadeloupe = "971"

    /// The decompressed text of a `.gz` file.
    static func gunzip(_ path: String) throws -> String {
        let result = try ChildProcess.capture("/bin/gzip", ["-dc", path])
        guard result.status == 0 else { throw CLITestError("gzip -dc \(path): exit \(result.status) \(result.standardError)") }
        return result.standardOutputText
    }

    /// Rows of a delimited file as dictionaries keyed by the header's column names.
    static func table(_ path: String, separator: Character) throws -> [[String: String]] {
        let lines = try gunzip(path).split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: separator, omittingEmptySubsequences: false).map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields + Array(repeating: "", count: max(0, header.count - fields.count))))
        }
    }

    /// INSEE population municipale (PMUN) of every commune of the sample's départements, by INSEE code.
    static let populationByCommune: Result<[String: (departement: String, population: Int)], Error> = Result {
        let departements = Set(hautsDeFrance + [guadeloupe])
        var result: [String: (String, Int)] = [:]
        for row in try table(population, separator: ";") where departements.contains(row["DEP"] ?? "") {
            guard let code = row["COM"], let pmun = Int(row["PMUN"] ?? "") else { throw CLITestError("bad population row \(row)") }
            result[code] = (row["DEP"]!, pmun)
        }
        return result
    }

    static func population(departements: [String]) throws -> Int {
        let wanted = Set(departements)
        return try populationByCommune.get().values.filter { wanted.contains($0.departement) }.map(\.population).reduce(0, +)
    }

    static func population(of codes: some Sequence<String>) throws -> Int {
        let table = try populationByCommune.get()
        return try codes.map { code in
            guard let entry = table[code] else { throw CLITestError("no population row for \(code)") }
            return entry.population
        }.reduce(0, +)
    }

    /// Communes (type COM) of the COG 2026 in the given départements.
    static func cogCommuneCount(departements: [String]) throws -> Int {
        let wanted = Set(departements)
        return try table(cog, separator: ",").filter { $0["TYPECOM"] == "COM" && wanted.contains($0["DEP"] ?? "") }.count
    }

    /// The perimeter file: rows (cpts_id, code_commune) in file order.
    static let perimeterRows: Result<[(cpts: String, commune: String)], Error> = Result {
        try table(perimeters, separator: ";").map { ($0["cpts_id"] ?? "", $0["code_commune"] ?? "") }
    }

    static func communes(ofCPTS id: String) throws -> Set<String> {
        Set(try perimeterRows.get().filter { $0.cpts == id }.map(\.commune))
    }

    /// Every commune claimed by at least one CPTS (the sample's statuses all count by default).
    static func coveredCommunes() throws -> Set<String> { Set(try perimeterRows.get().map(\.commune)) }

    /// The roster: one row per volunteer GP, with the position when the coordinator gave one.
    struct RosterRow: Sendable {
        var rpps: String, accepts: Bool, places: Int, homeVisits: Bool, lat: Double?, lon: Double?, updatedOn: String
    }

    static let rosterRows: Result<[RosterRow], Error> = Result {
        try table(roster, separator: ";").map { row in
            RosterRow(rpps: row["rpps"] ?? "", accepts: row["accepte_nouveaux_patients"] == "oui", places: Int(row["places_restantes"] ?? "") ?? -1,
                      homeVisits: row["visites_domicile"] == "oui", lat: Double(row["latitude"] ?? ""), lon: Double(row["longitude"] ?? ""),
                      updatedOn: row["mis_a_jour_le"] ?? "")
        }
    }

    /// The waiting list: reference, commune, position.
    struct PatientRow: Sendable { var reference: String, commune: String, lat: Double, lon: Double }

    static let patientRows: Result<[PatientRow], Error> = Result {
        try table(patients, separator: ";").map { row in
            guard let lat = Double(row["latitude"] ?? ""), let lon = Double(row["longitude"] ?? "") else { throw CLITestError("patient without position \(row)") }
            return PatientRow(reference: row["reference"] ?? "", commune: row["code_commune"] ?? "", lat: lat, lon: lon)
        }
    }

    /// The overlaps injected by the scenario generator: (one CPTS, the other, the shared commune).
    static func injectedOverlaps() throws -> [(cptsA: String, cptsB: String, commune: String)] {
        struct Summary: Decodable { var overlapsInjected: [[String]] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Summary.self, from: Data(try gunzip(scenario).utf8)).overlapsInjected.map { ($0[0], $0[1], $0[2]) }
    }
}
