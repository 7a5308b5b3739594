import Foundation
import GeometryKit
import Territory

/// Turns one officine `structureet` row, with its geolocalisation, into a `Pharmacy` or a reported
/// rejection. Split from `FINESSExtract` so that reading the file and placing a pharmacy read apart.
struct PharmacyBuilder {
    let file: String
    let lookup: CommuneLookup
    let transforms: WGS84Transforms
    let geolocations: [String: FINESSGeolocation]

    init(file: String, lookup: CommuneLookup, transforms: WGS84Transforms, geolocations: [String: FINESSGeolocation]) {
        self.file = file; self.lookup = lookup; self.transforms = transforms; self.geolocations = geolocations
    }

    /// The pharmacy of an officine row (counted in `imported`), or nil with the reject counted and reported.
    func pharmacy(_ row: DelimitedRow, report: inout FINESSExtract.Report) -> Pharmacy? {
        func reject(_ reason: String, _ cause: WritableKeyPath<FINESSExtract.Counts, Int>) -> Pharmacy? {
            RowLedger.reject(row, reason, cause, file: file, issues: &report.issues, counts: &report.counts)
            return nil
        }
        let finess = row[1]
        guard HealthIdentifier.isValidFINESS(finess) else {
            return reject(finess.count == 9 ? "le FINESS '\(finess)' a une clé de Luhn erronée" : "le FINESS '\(finess)' n'a pas 9 caractères", \.invalidFINESS)
        }
        let filePosition = position(of: finess, issues: &report.issues)

        let code = FINESSGeography.communeCode(departement: row[13], commune: row[12])
        var commune: Commune
        if let code, let found = lookup.commune(code) {
            commune = found.commune
            if found.translated { report.counts.communeCodesTranslated += 1 }
        } else if let point = filePosition?.point, let found = lookup.communes.communeContaining(point) {
            commune = found
            report.counts.placedByCoordinates += 1
            report.issues.append(ImportIssue(file: file, line: row.line, reason: "FINESS \(finess) : commune '\(row[13])' + '\(row[12])' inconnue du territoire ; "
                                      + "placé dans \(found.code) \(found.name) d'après ses coordonnées"))
        } else {
            return reject("FINESS \(finess) : commune '\(row[13])' + '\(row[12])' (\(code ?? "sans code")) inconnue du territoire", \.unknownCommune)
        }

        let position: Coordinate
        if let point = filePosition?.point {
            position = point
            if let polygon = commune.geometry, !polygon.covers(Geometry(point: point)) {
                report.counts.outsideCommune += 1
                report.issues.append(ImportIssue(file: file, line: geolocations[finess]!.line, reason: "FINESS \(finess) : position \(Self.format(point)) "
                                          + "hors de sa commune \(commune.code) \(commune.name) ; gardée"))
            }
        } else {
            guard let point = commune.representativePoint else {
                return reject("FINESS \(finess) : pas de coordonnées et la commune \(commune.code) n'a pas de polygone : aucune position", \.communeWithoutPosition)
            }
            position = point
            report.counts.withoutCoordinates += 1
        }
        let name = row[3].isEmpty ? row[4] : row[3]
        report.counts.imported += 1
        return Pharmacy(finess: finess, finessEJ: row[2], name: name, communeCode: commune.code, position: position,
                        precision: filePosition == nil ? .commune : .address, sourceCRS: filePosition?.crs)
    }

    /// The WGS84 position the file gives for an establishment; nil (reported when unusable) otherwise.
    private func position(of finess: String, issues: inout ImportIssueLog) -> (point: Coordinate, crs: String)? {
        guard let geolocation = geolocations[finess] else { return nil }
        switch geolocation.read(transforms: transforms) {
        case .position(let point, let crs): return (point, crs)
        case .empty: return nil
        case .unusable(let reason):
            issues.append(ImportIssue(file: file, line: geolocation.line, reason: "FINESS \(finess) : \(reason) ; placé au point de sa commune"))
            return nil
        }
    }

    static func format(_ c: Coordinate) -> String {
        String(format: "(lon %.5f, lat %.5f)", c.longitude, c.latitude)
    }
}
