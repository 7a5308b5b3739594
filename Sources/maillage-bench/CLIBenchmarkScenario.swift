import Foundation
import GeometryKit
import NationalScenario
import OpenData
import Territory

/// The national scenario of `maillage-bench cli`, the release test tier's (CPTS grown over the touch graph, seed
/// 2026; volunteers and waiting patients weighted by population), written as the files coordinators publish, so
/// that the shipped `maillage import …` reads them as it reads the real ones.
struct CLIScenario {
    let layer: CommuneLayer
    let perimeters: [CPTSPerimeter]
    /// As written to the roster file: RPPS numbers are those given to GP activities of the RPPS extract.
    let volunteers: [Volunteer]
    let patients: [PatientRequest]
    let files: Files
    /// Data rows of the 2.3 M-row extract.
    let largeRPPSRows: Int

    /// Where the published files are written (a temporary folder).
    struct Files {
        let directory: String
        var perimeters: String { directory + "/cpts-perimetres.csv" }
        var rpps: String { directory + "/PS_LibreAcces_Personne_activite.txt" }
        var roster: String { directory + "/medecins-volontaires.csv" }
        var patients: String { directory + "/patients-sans-medecin-traitant.csv" }
        /// The 2.3 M-row extract of the streaming-import measure.
        var largeRPPS: String { directory + "/PS_LibreAcces_Personne_activite-large.txt" }
    }

    /// The issue's 20 000 waiting patients: 19 800 by population and 40 in each of the five overseas départements.
    static let patientsByPopulation = 19_800

    /// Generates the scenario on the layer of `dataDirectory` and writes its files into `directory`.
    static func write(dataDirectory: String, into directory: String) throws -> CLIScenario {
        let layer = CommuneLayer(try CommuneLayerImport.run(CommuneSources(dataDirectory: dataDirectory)).communes)
        let perimeters = NationalScenario(layer: layer, seed: 2026).perimeters
        let generated = NationalRoster.volunteers(layer, seed: 11)
        let patients = NationalRoster.patients(layer, count: patientsByPopulation, seed: 13)
        let files = Files(directory: directory)

        let sample = try ScenarioRPPS.Sample(path: dataDirectory + "/sample-hauts-de-france/PS_LibreAcces_Personne_activite.txt.gz")
        let rppsOfVolunteer = try ScenarioRPPS.writeNational(sample, volunteers: generated, layer: layer, to: files.rpps)
        let volunteers = zip(generated, rppsOfVolunteer).map { volunteer, rpps in
            var renamed = volunteer
            renamed.rpps = rpps
            return renamed
        }
        try ScenarioRPPS.writeRepeated(sample, times: ScenarioRPPS.largeRepetitions, to: files.largeRPPS)
        let largeRPPSRows = sample.rows.count * ScenarioRPPS.largeRepetitions
        try perimeterFile(perimeters, layer: layer).write(toFile: files.perimeters, atomically: true, encoding: .utf8)
        try rosterFile(volunteers).write(toFile: files.roster, atomically: true, encoding: .utf8)
        try patientFile(patients).write(toFile: files.patients, atomically: true, encoding: .utf8)
        return CLIScenario(layer: layer, perimeters: perimeters, volunteers: volunteers, patients: patients, files: files,
                           largeRPPSRows: largeRPPSRows)
    }

    /// Degrees as the files write them (6 decimals, ~0.1 m); PostGIS is loaded from the same text.
    static func degrees(_ value: Double) -> String { String(format: "%.6f", value) }

    static func yesNo(_ value: Bool) -> String { value ? "oui" : "non" }

    /// `cpts_id;cpts_nom;statut;code_commune;nom_commune`, one row per commune of a perimeter.
    static func perimeterFile(_ perimeters: [CPTSPerimeter], layer: CommuneLayer) -> String {
        let names = Dictionary(layer.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var text = "cpts_id;cpts_nom;statut;code_commune;nom_commune\n"
        for perimeter in perimeters {
            for code in perimeter.communeCodes {
                text += "\(perimeter.id);\(perimeter.name);\(perimeter.status.rawValue);\(code);\(names[code] ?? "")\n"
            }
        }
        return text
    }

    /// `rpps;accepte_nouveaux_patients;places_restantes;visites_domicile;latitude;longitude;mis_a_jour_le`.
    static func rosterFile(_ volunteers: [Volunteer]) -> String {
        var text = VolunteerRoster.columns.joined(separator: ";") + "\n"
        for v in volunteers {
            text += "\(v.rpps);\(yesNo(v.acceptsNewPatients));\(v.placesRemaining);\(yesNo(v.homeVisits));"
                + "\(degrees(v.position.latitude));\(degrees(v.position.longitude));\(v.updatedOn)\n"
        }
        return text
    }

    /// `reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le`.
    static func patientFile(_ patients: [PatientRequest]) -> String {
        var text = "reference;code_commune;latitude;longitude;priorite;besoin_visite_domicile;inscrit_le\n"
        for p in patients {
            text += "\(p.reference);\(p.communeCode);\(degrees(p.position.latitude));\(degrees(p.position.longitude));"
                + "\(p.priority.rawValue);\(yesNo(p.needsHomeVisit));\(p.registeredOn)\n"
        }
        return text
    }
}
