import Foundation
import GeometryKit
import Territory

/// Hand-made territory and file snippets for the practitioner, pharmacy, roster and patient importers.
enum PractitionerFixtures {
    /// A square commune of side 2 × `half` degrees centred on `center`.
    static func square(_ code: String, _ name: String, center: Coordinate, half: Double = 0.02) -> Commune {
        let box = Envelope(minX: center.x - half, minY: center.y - half, maxX: center.x + half, maxY: center.y + half)
        let departement = code.hasPrefix("97") ? String(code.prefix(3)) : String(code.prefix(2))
        var commune = Commune(code: code, name: name, departement: departement, region: "00", population: 1_000)
        try! commune.attach(geometry: Geometry(envelope: box))
        return commune
    }

    /// The PROJ control points of the FINESS CRS (EPSG:2154, 5490, 2972, 2975, 4471), WGS84.
    static let bourg = Coordinate(longitude: 5.20918, latitude: 46.22229)          // EPSG:2154 (870262.2, 6571540.8)
    static let guadeloupe = Coordinate(longitude: -61.52874, latitude: 16.23400)   // EPSG:5490 (657242.9, 1795384.4)
    static let guyane = Coordinate(longitude: -52.31973, latitude: 4.92347)        // EPSG:2972 (353672.8, 544349.1)
    static let reunion = Coordinate(longitude: 55.29821, latitude: -20.97571)      // EPSG:2975 (323086.6, 7679599.8)
    static let mayotte = Coordinate(longitude: 45.22868, latitude: -12.77989)      // EPSG:4471 (524819.9, 8587194.7)
    static let lille = Coordinate(longitude: 3.06, latitude: 50.63)

    /// One square commune at each control point, each with a neighbour to the east that must not catch it.
    static let layer: CommuneLayer = {
        var communes: [Commune] = []
        for (code, neighbour, name, point) in [("01053", "01054", "Bourg-en-Bresse", bourg), ("97120", "97121", "Pointe-à-Pitre", guadeloupe),
                                               ("97302", "97303", "Cayenne", guyane), ("97407", "97408", "Le Port", reunion),
                                               ("97611", "97612", "Mamoudzou", mayotte), ("59350", "59351", "Lille", lille)] {
            // Off centre, so that the point is inside but not at the middle of its commune.
            communes.append(square(code, name, center: Coordinate(x: point.x + 0.005, y: point.y - 0.004)))
            communes.append(square(neighbour, name + " Est", center: Coordinate(x: point.x + 0.045, y: point.y - 0.004)))
        }
        // Paris, for arrondissement codes of RPPS addresses.
        communes.append(square("75056", "Paris", center: Coordinate(longitude: 2.35, latitude: 48.86), half: 0.05))
        return CommuneLayer(communes)
    }()

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
        let directory = NSTemporaryDirectory() + "maillage-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // MARK: - RPPS

    /// The header of the Annuaire santé extract (56 columns and the trailing `|`).
    static let rppsHeader = "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|Libellé civilité d'exercice|Code civilité|Libellé civilité|Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|Code catégorie professionnelle|Libellé catégorie professionnelle|Code type savoir-faire|Libellé type savoir-faire|Code savoir-faire|Libellé savoir-faire|Code mode exercice|Libellé mode exercice|Numéro SIRET site|Numéro SIREN site|Numéro FINESS site|Numéro FINESS établissement juridique|Identifiant technique de la structure|Raison sociale site|Enseigne commerciale site|Complément destinataire (coord. structure)|Complément point géographique (coord. structure)|Numéro Voie (coord. structure)|Indice répétition voie (coord. structure)|Code type de voie (coord. structure)|Libellé type de voie (coord. structure)|Libellé Voie (coord. structure)|Mention distribution (coord. structure)|Bureau cedex (coord. structure)|Code postal (coord. structure)|Code commune (coord. structure)|Libellé commune (coord. structure)|Code pays (coord. structure)|Libellé pays (coord. structure)|Téléphone (coord. structure)|Téléphone 2 (coord. structure)|Télécopie (coord. structure)|Adresse e-mail (coord. structure)|Code Département (structure)|Libellé Département (structure)|Ancien identifiant de la structure|Autorité d'enregistrement|Code secteur d'activité|Libellé secteur d'activité|Code section tableau pharmaciens|Libellé section tableau pharmaciens|Code rôle|Libellé rôle|Code genre activité|Libellé genre activité|"

    /// One extract line with the fields matching needs; the other columns are empty.
    static func rppsLine(type: String = "8", rpps: String, profession: String = "10", professionLabel: String = "Médecin",
                         savoirFaire: String = "SM54", mode: String = "L", commune: String) -> String {
        var fields = Array(repeating: "", count: 56)
        fields[0] = type; fields[1] = rpps; fields[2] = type + rpps
        fields[9] = profession; fields[10] = professionLabel
        fields[15] = savoirFaire; fields[16] = savoirFaire.isEmpty ? "" : "Médecine Générale"
        fields[17] = mode; fields[18] = mode == "L" ? "Libéral, indépendant, artisan, commerçant" : "Salarié"
        fields[36] = commune
        return fields.joined(separator: "|") + "|"
    }

    /// Luhn-valid RPPS numbers for the fixtures.
    static let gpLille = "10000000009"
    static let gpParis = "10000000017"
    static let nurse = "10000000025"
}
