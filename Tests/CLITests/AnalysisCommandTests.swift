import ChildProcess
import XCTest

/// One row of `coverage` (the nation object, or a row of `--by departement|region`); also read by the tests that
/// check a store is unchanged.
struct CoverageRow: Decodable {
    var departement: String?
    var region: String?
    var name: String?
    var populationTotal: Int, populationCovered: Int, coverageRate: Double, communesTotal: Int, communesCovered: Int
}

/// `coverage`, `overlaps` and `white-zones` on the imported sample, against figures summed here from the INSEE
/// population file and the perimeter file (every status counts by default, so a commune is covered when any CPTS lists it).
final class AnalysisCommandTests: XCTestCase {
    /// The nation figure holds Hauts-de-France and Guadeloupe (no CPTS there): 5 992 194 + Guadeloupe's inhabitants.
    func testCoverageByNation() throws {
        let nation = try SampleStore.run(["coverage", "--by", "nation"]).decode(CoverageRow.self)
        let hautsDeFrance = try SampleData.population(departements: SampleData.hautsDeFrance)
        XCTAssertEqual(hautsDeFrance, 5_992_194)
        let total = hautsDeFrance + (try SampleData.population(departements: [SampleData.guadeloupe]))
        let covered = try SampleData.population(of: SampleData.coveredCommunes())
        XCTAssertEqual(nation.populationTotal, total)
        XCTAssertEqual(nation.populationCovered, covered)
        XCTAssertEqual(nation.coverageRate, Double(covered) / Double(total), accuracy: 0.00005)
        XCTAssertEqual(nation.communesTotal, 3814)
        XCTAssertEqual(nation.communesCovered, try SampleData.coveredCommunes().count)
    }

    /// `coverage` without `--by` is the nation figure.
    func testCoverageDefaultsToNation() throws {
        XCTAssertEqual(try SampleStore.run(["coverage"]).stdoutText, try SampleStore.run(["coverage", "--by", "nation"]).stdoutText)
    }

    /// One row per département; the five of Hauts-de-France sum to the scenario's 84.0 %.
    func testCoverageByDepartement() throws {
        let rows = try SampleStore.run(["coverage", "--by", "departement"]).decode([CoverageRow].self)
        XCTAssertEqual(rows.compactMap(\.departement), SampleData.hautsDeFrance + [SampleData.guadeloupe])
        XCTAssertEqual(rows.compactMap(\.name), ["Aisne", "Nord", "Oise", "Pas-de-Calais", "Somme", "Guadeloupe"], "the COG's names beside the codes")
        for row in rows {
            XCTAssertEqual(row.populationTotal, try SampleData.population(departements: [row.departement ?? ""]), "département \(row.departement ?? "?")")
        }
        let region = rows.filter { SampleData.hautsDeFrance.contains($0.departement ?? "") }
        let total = region.map(\.populationTotal).reduce(0, +), covered = region.map(\.populationCovered).reduce(0, +)
        XCTAssertEqual(total, 5_992_194)
        XCTAssertEqual(covered, try SampleData.population(of: SampleData.coveredCommunes()))
        XCTAssertEqual(Double(covered) / Double(total), 0.840, accuracy: 0.0005)
        XCTAssertEqual(rows.last?.populationCovered, 0, "no CPTS in Guadeloupe")
    }

    /// `coverage --by cpts`: one row of coverage figures per CPTS, keyed `id`, as the API's; each CPTS's communes all
    /// covered (by itself, at least), its population the sum of its communes'.
    func testCoverageByCPTS() throws {
        struct Row: Decodable { var id: String; var populationTotal: Int, populationCovered: Int, communesTotal: Int, communesCovered: Int }
        let rows = try SampleStore.run(["coverage", "--by", "cpts"]).decode([Row].self)
        XCTAssertEqual(Set(rows.map(\.id)), Set(try SampleData.perimeterRows.get().map(\.cpts)))
        for row in rows {
            let communes = try SampleData.communes(ofCPTS: row.id)
            XCTAssertEqual(row.populationTotal, try SampleData.population(of: communes), row.id)
            XCTAssertEqual(row.communesTotal, communes.count, row.id)
            XCTAssertEqual([row.populationCovered, row.communesCovered], [row.populationTotal, row.communesTotal], row.id)
        }
    }

    /// `maillage cpts` as CSV: the README's columns, one row per CPTS, each population the sum of its communes'.
    func testCPTSListAsCSV() throws {
        let result = try SampleStore.run(["cpts", "--format", "csv"]).succeeded()
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "id;name;status;population;size_category;funding_eur;communes;area_km2;departements;regions;contiguous;parts;overlaps_with;counts_as_covering")
        let rows = lines.dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.count, 63)
        XCTAssertEqual(Set(rows.map { $0[0] }), Set(try SampleData.perimeterRows.get().map(\.cpts)))
        for row in rows {
            let communes = try SampleData.communes(ofCPTS: row[0])
            XCTAssertEqual(Int(row[3]), try SampleData.population(of: communes), "population of \(row[0])")
            XCTAssertEqual(Int(row[6]), communes.count, "communes of \(row[0])")
            XCTAssertEqual(row[13], "true", "every status counts by default")
        }
    }

    struct Overlap: Decodable { var cptsA: String, cptsB: String, communeCodes: [String], communes: Int, population: Int }

    /// Exactly the 10 (pair, commune) overlaps the scenario injected, each with its population.
    func testOverlaps() throws {
        let overlaps = try SampleStore.run(["overlaps"]).decode([Overlap].self)
        func key(_ a: String, _ b: String, _ commune: String) -> String { [a, b].sorted().joined(separator: "+") + "/" + commune }
        let found = overlaps.flatMap { o in o.communeCodes.map { key(o.cptsA, o.cptsB, $0) } }
        let injected = try SampleData.injectedOverlaps().map { key($0.cptsA, $0.cptsB, $0.commune) }
        XCTAssertEqual(injected.count, 10)
        XCTAssertEqual(found.sorted(), injected.sorted())
        for overlap in overlaps {
            XCTAssertEqual(overlap.communes, overlap.communeCodes.count)
            XCTAssertEqual(overlap.population, try SampleData.population(of: overlap.communeCodes), "\(overlap.cptsA)/\(overlap.cptsB)")
        }
    }

    struct WhiteZone: Decodable { var id: String, population: Int, communes: Int, communeCodes: [String], departements: [String], departementNames: [String] }

    /// The white zones partition the uncovered communes: their populations sum exactly to total − covered.
    func testWhiteZones() throws {
        let zones = try SampleStore.run(["white-zones"]).decode([WhiteZone].self)
        let nation = try SampleStore.run(["coverage"]).decode(CoverageRow.self)
        XCTAssertEqual(zones.map(\.population).reduce(0, +), nation.populationTotal - nation.populationCovered)
        let codes = zones.flatMap(\.communeCodes)
        XCTAssertEqual(codes.count, Set(codes).count, "a commune is in one zone only")
        XCTAssertEqual(codes.count, nation.communesTotal - nation.communesCovered)
        XCTAssertTrue(Set(codes).isDisjoint(with: try SampleData.coveredCommunes()))
        XCTAssertEqual(zones.map(\.population), zones.map(\.population).sorted(by: >), "largest first")
        for zone in zones { XCTAssertEqual(zone.population, try SampleData.population(of: zone.communeCodes), zone.id) }
        // Départements by name as by code; the zones name theirs.
        let nord = try SampleStore.run(["white-zones", "--departement", "nord"])
        XCTAssertEqual(nord.stdoutText, try SampleStore.run(["white-zones", "--departement", "59"]).stdoutText, nord.transcript)
        XCTAssertTrue(try nord.decode([WhiteZone].self).allSatisfy { $0.departements == ["59"] && $0.departementNames == ["Nord"] })
        XCTAssertEqual(Set(zones.flatMap(\.departementNames)).subtracting(["Aisne", "Nord", "Oise", "Pas-de-Calais", "Somme", "Guadeloupe"]), [])
        // Cut at the régions' limits by default: the sample's two régions do not touch, so --national gives the same zones.
        XCTAssertEqual(try SampleStore.run(["white-zones", "--national"]).decode([WhiteZone].self).map(\.id), zones.map(\.id))
    }

    /// What the imports store (CPTS dissolves, white zones per status set) follows the next import: after a CPTS file of
    /// one perimeter, every other commune is in a white zone, whatever was read before.
    func testStoredAnalysesFollowTheNextImport() async throws {
        let db = try await SampleStore.scratchCopy()
        let before = try MaillageProcess.run(["white-zones", "--db", db, "--status", "aci-signe"]).decode([WhiteZone].self)   // stored on first use
        XCTAssertFalse(before.isEmpty)
        let file = try SampleStore.temporaryFile("lille.csv", contents: "cpts_id;cpts_nom;statut;code_commune;nom_commune\nQ-59;Lille;aci-signe;59350;Lille\n")
        _ = try MaillageProcess.run(["import", "cpts", "--db", db, file]).succeeded()

        let nation = try MaillageProcess.run(["coverage", "--db", db]).decode(CoverageRow.self)
        XCTAssertEqual(nation.populationCovered, try SampleData.population(of: ["59350"]))
        for status in [[], ["--status", "aci-signe"], ["--status", "pre-projet"]] {
            let zones = try MaillageProcess.run(["white-zones", "--db", db] + status).decode([WhiteZone].self)
            let codes = zones.flatMap(\.communeCodes)
            let covering = status != ["--status", "pre-projet"]   // Q-59's status covers unless only pre-projet counts
            XCTAssertEqual(codes.count, nation.communesTotal - (covering ? 1 : 0), "\(status)")
            XCTAssertEqual(codes.contains("59350"), !covering, "\(status)")
            XCTAssertEqual(zones.map(\.population).reduce(0, +), nation.populationTotal - (covering ? nation.populationCovered : 0))
            // Read again: the same answer, from the store this time.
            XCTAssertEqual(try MaillageProcess.run(["white-zones", "--db", db] + status).stdoutText,
                           try MaillageProcess.run(["white-zones", "--db", db] + status).stdoutText)
        }
        struct CPTSRow: Decodable { var id: String, population: Int, communes: Int, parts: Int }
        let rows = try MaillageProcess.run(["cpts", "--db", db]).decode([CPTSRow].self)
        XCTAssertEqual(rows.map(\.id), ["Q-59"])
        XCTAssertEqual(rows.first?.parts, 1)
    }
}

/// A command that runs a while shows it on a terminal: one progress line on stderr, erased before the answer is
/// printed; off a terminal (a pipe, a file), nothing is added.
final class ProgressLineTests: XCTestCase {
    func testAProgressLineOnATerminalOnly() throws {
        let binary = try MaillageProcess.binary.get(), db = try SampleStore.shared.get().path
        // `script` gives the command a pseudo-terminal; MAILLAGE_PROGRESS_AFTER=0 shows the line at once.
        let command = "MAILLAGE_DB='\(db)' MAILLAGE_PROGRESS_AFTER=0 '\(binary)' coverage --by departement"
        let onTerminal = try ChildProcess.capture("/usr/bin/script", ["-qec", command, "/dev/null"])
        XCTAssertEqual(onTerminal.status, 0, onTerminal.standardError)
        let text = onTerminal.standardOutputText
        XCTAssertTrue(text.contains("\r\u{1B}[Kmaillage coverage … 0 s"), text.debugDescription)
        let answer = try XCTUnwrap(text.range(of: "[{\"departement\""), "the answer follows: \(text.debugDescription)")
        XCTAssertTrue(text[..<answer.lowerBound].hasSuffix("\r\u{1B}[K"), "the line erased before the answer: \(text.debugDescription)")
        let piped = try SampleStore.run(["coverage", "--by", "departement"])
        XCTAssertFalse(piped.stderr.contains("…"), "no progress line off a terminal: \(piped.stderr)")
    }
}
