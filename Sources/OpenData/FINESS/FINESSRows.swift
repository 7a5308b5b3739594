/// The rows of a FINESS extract sorted as they are read: officine `structureet` rows kept (once per FINESS
/// number), the other establishments only counted, `geolocalisation` rows kept by FINESS number. What is kept
/// grows with the establishments of the territory, not with the rows of the file.
struct FINESSRows {
    let file: String
    /// First `structureet` row of each officine, in file order.
    private(set) var officines: [DelimitedRow] = []
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
                return RowLedger.reject(row, "\(row.fieldCount) fields, a structureet row has 32", \.wrongFieldCount, file: file,
                                        issues: &report.issues, counts: &report.counts)
            }
            let finess = row[1]
            establishments.insert(finess)
            guard row[18] == FINESSExtract.officineCategory else { report.counts.otherCategories += 1; return }
            report.counts.officines += 1
            if let earlier = officineLines[finess] {
                return RowLedger.reject(row, "FINESS \(finess) already read at line \(earlier)", \.duplicateFINESS, file: file,
                                        issues: &report.issues, counts: &report.counts)
            }
            officineLines[finess] = row.line
            officines.append(row)
        case "geolocalisation":
            report.counts.geolocationRows += 1
            guard row.fieldCount >= 5 else { issue("\(row.fieldCount) fields, a geolocalisation row has 6"); return }
            if let earlier = geolocations[row[1]] {
                issue("second geolocalisation of FINESS \(row[1]) (first at line \(earlier.line)), ignored")
            } else {
                geolocations[row[1]] = FINESSGeolocation(line: row.line, x: row[2], y: row[3], source: row[4])
            }
        default:
            report.counts.unknownRows += 1
            issue("unknown record type '\(row[0])'")
        }
    }

    /// A position for an establishment the file does not list is reported (the issues are sorted by line later).
    func reportGeolocationsWithoutEstablishment(_ issues: inout ImportIssueLog) {
        for (finess, geolocation) in geolocations.sorted(by: { $0.value.line < $1.value.line }) where !establishments.contains(finess) {
            issues.append(ImportIssue(file: file, line: geolocation.line, reason: "geolocalisation of FINESS '\(finess)', which has no structureet row"))
        }
    }
}
