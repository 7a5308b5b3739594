/// The INSEE population légale file: `REG;Région;DEP;CODARR;CODCAN;CODCOM;COM;Commune;PMUN;PCAP;PTOT`.
///
/// ```swift
/// let table = try PopulationTable(path: "population/donnees_communes.csv")
/// table.rows.first   // (code: "01001", population: 860)
/// ```
public struct PopulationTable: Sendable {
    /// Population municipale per published code (communes and municipal arrondissements).
    public let rows: [(code: String, population: Int)]
    public let issues: [ImportIssue]

    public init(path: String) throws {
        var reader = try DelimitedRowReader(path: path, delimiter: ";")
        let c = try reader.header().columns(["COM", "PMUN"])
        var rows: [(code: String, population: Int)] = []
        var issues: [ImportIssue] = []
        while let row = try reader.next() {
            guard let population = Int(row[c[1]]), population >= 0 else {
                issues.append(ImportIssue(file: path, line: row.line, reason: "PMUN '\(row[c[1]])' n'est pas un nombre d'habitants"))
                continue
            }
            rows.append((row[c[0]], population))
        }
        self.rows = rows
        self.issues = issues
    }
}
