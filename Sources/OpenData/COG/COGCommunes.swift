/// A row of the Code officiel géographique communes file (`communes-2026.csv`).
public struct COGEntry: Sendable, Hashable {
    /// `COM` commune, `ARM` municipal arrondissement, `COMA` associated, `COMD` delegated commune.
    public var type: String
    public var code: String
    public var region: String
    public var departement: String
    public var name: String
    /// For ARM/COMA/COMD: the commune they belong to.
    public var parent: String
}

/// The COG communes file: `TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT`.
///
/// ```swift
/// let cog = try COGCommunes(path: "cog/communes-2026.csv")
/// cog.communes["59350"]?.name   // "Lille"
/// ```
public struct COGCommunes: Sendable {
    /// Current communes (TYPECOM = COM) by code.
    public let communes: [String: COGEntry]
    /// Every row, including ARM/COMA/COMD.
    public let entries: [COGEntry]
    public let issues: [ImportIssue]

    public init(path: String) throws {
        var reader = try DelimitedRowReader(path: path, delimiter: ",")
        let c = try reader.header().columns(["TYPECOM", "COM", "REG", "DEP", "LIBELLE", "COMPARENT"])
        var entries: [COGEntry] = []
        var issues: [ImportIssue] = []
        while let row = try reader.next() {
            let entry = COGEntry(type: row[c[0]], code: row[c[1]], region: row[c[2]], departement: row[c[3]], name: row[c[4]], parent: row[c[5]])
            guard entry.code.count == 5 else {
                issues.append(ImportIssue(file: path, line: row.line, reason: "le code commune '\(entry.code)' n'a pas 5 caractères"))
                continue
            }
            entries.append(entry)
        }
        self.entries = entries
        self.issues = issues
        // COMA/COMD rows reuse the code of a former commune; REG/DEP are only filled on COM rows.
        self.communes = Dictionary(entries.filter { $0.type == "COM" }.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
