import Territory

/// Finds the current commune behind a code read in a practitioner, pharmacy or patient file.
///
/// Those files may carry a municipal arrondissement (RPPS addresses in Paris give "75112") or a code
/// older than the COG (a commune since merged); both lead to a commune of the layer. Anything else
/// is unknown and reported by the caller.
///
/// The layer needs polygons only for files whose rows carry coordinates (FINESS, rosters, waiting lists): an
/// RPPS extract places each activity at its commune's point, so `communeLayer(geometry: false)` serves it.
public struct CommuneLookup: Sendable {
    public let communes: CommuneLayer
    /// Former code → current code, as `CommuneImportReport.formerCodes` gives.
    public let formerCodes: [String: String]

    public init(communes: CommuneLayer, formerCodes: [String: String]) {
        self.communes = communes
        self.formerCodes = formerCodes
    }

    /// The current commune's code of `code` (a current code, a municipal arrondissement, a former code the COG movements
    /// carry to a current commune), and whether it had to be translated: the one rule of every importer and check.
    public func currentCode(_ code: String) -> (code: String, translated: Bool)? {
        commune(code).map { ($0.commune.code, $0.translated) }
    }

    /// The commune, and whether the code had to be translated to reach it.
    public func commune(_ code: String) -> (commune: Commune, translated: Bool)? {
        if let commune = communes.commune(code) { return (commune, false) }
        if let parent = MunicipalArrondissements.parentCommune(ofArrondissement: code), let commune = communes.commune(parent) {
            return (commune, true)
        }
        if let current = formerCodes[code], let commune = communes.commune(current) { return (commune, true) }
        return nil
    }
}
