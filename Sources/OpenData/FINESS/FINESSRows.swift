import Territory

/// The rows of a FINESS extract sorted as they are read: officine `structureet` rows kept (once per FINESS
/// number), and those of the categories a diagnostic counts (`FacilityKind`), the other establishments only counted,
/// `geolocalisation` rows kept by FINESS number. What is kept
/// grows with the establishments of the territory, not with the rows of the file.
struct FINESSRows {
    let file: String
    /// First `structureet` row of each officine, in file order.
    private(set) var officines: [DelimitedRow] = []
    /// First `structureet` row of each establishment of a `FacilityKind` category, in file order.
    private(set) var facilities: [DelimitedRow] = []
    private(set) var geolocations: [String: FINESSGeolocation] = [:]
    private var establishments: Set<String> = []
    /// Line of the first row of each officine FINESS number.
    private var officineLines: [String: Int] = [:]

    init(file: String) { self.file = file }

    mutating func read(_ row: DelimitedRow, report: inout FINESSExtract.Report) {
        func issue(_ reason: String, line: Int = row.line) { report.issues.append(ImportIssue(file: file, line: line, reason: reason)) }
        switch row[0] {
        case "structureet":
            report.counts.rowsRead += 1
            guard FINESSExtract.structureFieldCounts.contains(row.fieldCount) else {
                return RowLedger.reject(row, "\(row.fieldCount) champs, une ligne structureet en a 32", \.wrongFieldCount, file: file,
                                        issues: &report.issues, counts: &report.counts)
            }
            let finess = row[1]
            establishments.insert(finess)
            if FacilityKind(category: row[18]) != nil {
                report.counts.facilities += 1
                if let earlier = officineLines[finess] { issue("FINESS \(finess) déjà lu ligne \(earlier) : ignoré"); return }
                officineLines[finess] = row.line
                facilities.append(row)
                return
            }
            guard row[18] == FINESSExtract.officineCategory else { report.counts.otherCategories += 1; return }
            report.counts.officines += 1
            if let earlier = officineLines[finess] {
                return RowLedger.reject(row, "FINESS \(finess) déjà lu ligne \(earlier)", \.duplicateFINESS, file: file,
                                        issues: &report.issues, counts: &report.counts)
            }
            officineLines[finess] = row.line
            officines.append(row)
        case "geolocalisation":
            report.counts.geolocationRows += 1
            guard row.fieldCount >= 5 else { issue("\(row.fieldCount) champs, une ligne geolocalisation en a 6"); return }
            if let earlier = geolocations[row[1]] {
                issue("deuxième ligne geolocalisation du FINESS \(row[1]) (la première est ligne \(earlier.line)) : ignorée")
            } else {
                geolocations[row[1]] = FINESSGeolocation(line: row.line, x: row[2], y: row[3], source: row[4])
            }
        default:
            report.counts.unknownRows += 1
            issue("type d'enregistrement '\(row[0])' inconnu")
        }
    }

    /// A position for an establishment the file does not list is reported (the issues are sorted by line later).
    func reportGeolocationsWithoutEstablishment(_ issues: inout ImportIssueLog) {
        for (finess, geolocation) in geolocations.sorted(by: { $0.value.line < $1.value.line }) where !establishments.contains(finess) {
            issues.append(ImportIssue(file: file, line: geolocation.line, reason: "ligne geolocalisation du FINESS '\(finess)', qui n'a pas de ligne structureet"))
        }
    }
}
