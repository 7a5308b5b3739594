import Foundation
import XCTest

/// The ARS what-if (`check-perimeter`) and the GeoJSON export of the CPTS layer, read back from the file written.
final class PerimeterCommandTests: XCTestCase {
    struct PerimeterOverlap: Decodable { var cpts: String, communeCodes: [String], population: Int }
    struct PerimeterCheck: Decodable {
        var id: String, population: Int, communes: Int, departements: [String], overlaps: [PerimeterOverlap]
        var whiteZoneCommunes: [String], whiteZonePopulationCovered: Int, unknownCodes: [String]
    }

    /// A proposed CPTS of Amiens (already in CPTS-80-002) and a Somme commune no CPTS lists: the overlap with
    /// CPTS-80-002 is reported, the other commune is white-zone gain; nothing is stored.
    func testCheckPerimeterReportsTheOverlap() throws {
        let covered = try SampleData.coveredCommunes()
        let uncovered = try SampleData.populationByCommune.get().filter { $0.value.departement == "80" && !covered.contains($0.key) }.keys.min()
        let other = try XCTUnwrap(uncovered, "the Somme has communes outside every CPTS")
        XCTAssertEqual(try SampleData.communes(ofCPTS: "CPTS-80-002").contains("80021"), true)
        let file = try SampleStore.temporaryFile("projet.csv", contents: """
            cpts_id;cpts_nom;statut;code_commune;nom_commune
            P-80;Projet Amiens;pre-projet;80021;Amiens
            P-80;Projet Amiens;pre-projet;\(other);Autre

            """)
        let check = try SampleStore.run(["check-perimeter", file]).decode(PerimeterCheck.self)
        XCTAssertEqual(check.id, "P-80")
        XCTAssertEqual(check.communes, 2)
        XCTAssertEqual(check.population, try SampleData.population(of: ["80021", other]))
        XCTAssertEqual(check.departements, ["80"])
        XCTAssertEqual(check.overlaps.map(\.cpts), ["CPTS-80-002"])
        XCTAssertEqual(check.overlaps.first?.communeCodes, ["80021"])
        XCTAssertEqual(check.overlaps.first?.population, try SampleData.population(of: ["80021"]))
        XCTAssertEqual(check.whiteZoneCommunes, [other])
        XCTAssertEqual(check.whiteZonePopulationCovered, try SampleData.population(of: [other]))
        XCTAssertEqual(check.unknownCodes, [])
        // Nothing stored: the covered communes are still those of the sample's perimeter file.
        let nation = try SampleStore.run(["coverage"]).decode(CoverageRow.self)
        XCTAssertEqual(nation.communesCovered, covered.count)
    }

    /// `diagnostic FILE`: a proposal of Amiens and a commune of no CPTS, diagnosed without being stored, its PDF written;
    /// `--cpts` and a file together, or an `--out` that is not a PDF, are refused.
    func testDiagnosticOfAProposalFile() throws {
        let file = try SampleStore.temporaryFile("projet-diagnostic.csv", contents: """
            cpts_id;cpts_nom;statut;code_commune;nom_commune
            P-80;Projet Amiens;pre-projet;80021;Amiens
            P-80;Projet Amiens;pre-projet;99999;Inconnue

            """)
        let out = try SampleStore.temporaryFile("diagnostic.pdf")
        let result = try SampleStore.run(["diagnostic", file, "--out", out]).succeeded()
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let perimeter = try XCTUnwrap(answer["perimeter"] as? [String: Any])
        XCTAssertEqual(perimeter["commune_codes"] as? [String], ["80021"])
        XCTAssertEqual(answer["unknown_codes"] as? [String], ["99999"])
        let flags = try XCTUnwrap(answer["flags"] as? [[String: Any]])
        XCTAssertTrue(flags.contains { $0["code"] as? String == "overlap" && ($0["communes"] as? [String]) == ["80021"] }, "\(flags)")
        let pdf = try XCTUnwrap(FileManager.default.contents(atPath: out))
        XCTAssertEqual(Array(pdf.prefix(5)), Array("%PDF-".utf8))
        XCTAssertTrue(result.stderr.contains("diagnostic imprimé dans \(out)"), result.transcript)

        let csv = try SampleStore.run(["diagnostic", "--cpts", "CPTS-80-002", "--format", "csv"]).succeeded()
        XCTAssertEqual(csv.stdoutText.split(whereSeparator: \.isNewline).count, 9, "a header and eight professions")
        for refused in [["diagnostic", "--cpts", "CPTS-80-002", file], ["diagnostic", "--cpts", "CPTS-80-002", "--out", "d.png"],
                        ["diagnostic", "--cpts", "CPTS-00-000"]] {
            let run = try SampleStore.run(refused)
            XCTAssertNotEqual(run.status, 0, refused.joined(separator: " "))
            XCTAssertFalse(run.stderr.isEmpty)
        }
    }

    /// `white-zones proposals`: the proposed perimeter of a CPTS, printed in the layout of `import cpts`, is what
    /// `check-perimeter` and `diagnostic` read, and `diagnostic --proposed` diagnoses the same perimeter.
    func testAProposedPerimeterFeedsTheCheckAndTheDiagnostic() throws {
        struct Growth: Decodable { var id: String, communesAdded: [String], populationBefore: Int, populationAfter: Int }
        struct Proposals: Decodable { var populationAttached: Int, cpts: [Growth] }
        let proposals = try SampleStore.run(["white-zones", "proposals"]).decode(Proposals.self)
        let growth = try XCTUnwrap(proposals.cpts.first { $0.id == "CPTS-02-007" })
        XCTAssertFalse(growth.communesAdded.isEmpty)
        XCTAssertEqual(proposals.populationAttached, proposals.cpts.reduce(0) { $0 + $1.populationAfter - $1.populationBefore })
        let printed = try SampleStore.run(["white-zones", "proposals", "--perimeter", "CPTS-02-007"]).succeeded().stdoutText
        let lines = printed.split(whereSeparator: \.isNewline)
        XCTAssertEqual(lines.first, "cpts_id;cpts_nom;statut;code_commune;nom_commune")
        let codes = lines.dropFirst().map { String($0.split(separator: ";")[3]) }
        XCTAssertEqual(Array(codes.suffix(growth.communesAdded.count)), growth.communesAdded)
        let file = try SampleStore.temporaryFile("propose.csv", contents: printed)
        let check = try SampleStore.run(["check-perimeter", file]).decode(PerimeterCheck.self)
        XCTAssertEqual(check.population, growth.populationAfter)
        XCTAssertEqual(Set(check.whiteZoneCommunes), Set(growth.communesAdded))
        for arguments in [["diagnostic", file], ["diagnostic", "--cpts", "CPTS-02-007", "--proposed"]] {
            let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: try SampleStore.run(arguments).succeeded().stdout) as? [String: Any])
            XCTAssertEqual((answer["perimeter"] as? [String: Any])?["population"] as? Int, growth.populationAfter, arguments.joined(separator: " "))
        }
    }

    /// `export cpts --out F.geojson`: an RFC 7946 FeatureCollection of the 63 CPTS (no `crs`), polygons with their figures.
    func testExportCPTS() throws {
        let out = try SampleStore.temporaryFile("cpts.geojson")
        let result = try SampleStore.run(["export", "cpts", "--out", out]).succeeded()
        XCTAssertTrue(result.stderr.contains("écrit \(out)"), result.transcript)
        let data = try XCTUnwrap(FileManager.default.contents(atPath: out), "export wrote no file")
        let collection = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(collection["type"] as? String, "FeatureCollection")
        XCTAssertNil(collection["crs"], "RFC 7946 has no crs member")
        let features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 63)
        var ids: Set<String> = []
        for feature in features {
            let properties = try XCTUnwrap(feature["properties"] as? [String: Any])
            let geometry = try XCTUnwrap(feature["geometry"] as? [String: Any])
            let id = try XCTUnwrap(properties["id"] as? String)
            ids.insert(id)
            XCTAssertEqual(feature["type"] as? String, "Feature")
            XCTAssertTrue(["Polygon", "MultiPolygon"].contains(geometry["type"] as? String ?? ""), "\(id): \(geometry["type"] ?? "no type")")
            XCTAssertEqual(properties["population"] as? Int, try SampleData.population(of: SampleData.communes(ofCPTS: id)), id)
        }
        XCTAssertEqual(ids, Set(try SampleData.perimeterRows.get().map(\.cpts)))
    }
}
