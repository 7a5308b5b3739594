/// The COG départements file: `DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE` — each département's name as the État writes
/// it ("Nord", "Côtes-d'Armor"), shown beside its code and accepted in its place.
///
/// ```swift
/// let departements = try COGDepartements(path: "cog/departements-2026.csv")
/// departements.names["59"]   // "Nord"
/// ```
public struct COGDepartements: Sendable {
    /// Names by département code.
    public let names: [String: String]
    public let issues: [ImportIssue]

    public init(path: String) throws {
        var reader = try DelimitedRowReader(path: path, delimiter: ",")
        let c = try reader.header().columns(["DEP", "LIBELLE"])
        var names: [String: String] = [:]
        var issues: [ImportIssue] = []
        while let row = try reader.next() {
            let code = row[c[0]], name = row[c[1]]
            guard (2...3).contains(code.count) else {
                issues.append(ImportIssue(file: path, line: row.line, reason: "le code département '\(code)' n'a pas 2 ou 3 caractères"))
                continue
            }
            guard !name.isEmpty else {
                issues.append(ImportIssue(file: path, line: row.line, reason: "le département \(code) n'a pas de LIBELLE"))
                continue
            }
            if names.updateValue(name, forKey: code) != nil {
                issues.append(ImportIssue(file: path, line: row.line, reason: "le département \(code) figure deux fois"))
            }
        }
        self.names = names
        self.issues = issues
    }
}
