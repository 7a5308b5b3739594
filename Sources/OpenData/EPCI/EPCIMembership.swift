/// An établissement public de coopération intercommunale.
public struct EPCI: Sendable, Hashable {
    public var siren: String
    public var name: String
    public var departement: String
}

/// The BANATIC membership file (`dept;siren;raison_sociale;…;insee;…`): which EPCI each commune is in.
///
/// ```swift
/// let membership = try EPCIMembership(path: "epci/epci-communes-2025.csv")
/// membership.epciOfCommune["59350"]   // "200093201" (Métropole Européenne de Lille)
/// ```
public struct EPCIMembership: Sendable {
    public let epcis: [String: EPCI]
    public let epciOfCommune: [String: String]
    public let issues: [ImportIssue]

    public init(path: String) throws {
        var reader = try DelimitedRowReader(path: path, delimiter: ";")
        let c = try reader.header().columns(["dept", "siren", "raison_sociale", "insee"])
        var epcis: [String: EPCI] = [:]
        var epciOfCommune: [String: String] = [:]
        var issues: [ImportIssue] = []
        while let row = try reader.next() {
            let siren = row[c[1]], commune = row[c[3]]
            guard siren.count == 9, commune.count == 5 else {
                issues.append(ImportIssue(file: path, line: row.line, reason: "SIREN '\(siren)' ou commune '\(commune)' mal formé"))
                continue
            }
            epcis[siren] = epcis[siren] ?? EPCI(siren: siren, name: row[c[2]], departement: row[c[0]])
            if let other = epciOfCommune[commune], other != siren {
                issues.append(ImportIssue(file: path, line: row.line, reason: "commune \(commune) déjà dans l'EPCI \(other) ; elle y reste"))
                continue
            }
            epciOfCommune[commune] = siren
        }
        self.epcis = epcis
        self.epciOfCommune = epciOfCommune
        self.issues = issues
    }
}
