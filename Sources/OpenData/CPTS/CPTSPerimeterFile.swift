import Territory

/// The CPTS perimeter list as ARS and CPAM publish it: `cpts_id;cpts_nom;statut;code_commune;nom_commune`,
/// one row per commune.
///
/// Unknown statuses, unknown commune codes and duplicate rows are rejected with their line; a code of
/// a commune merged since is translated to the current commune and reported as such.
///
/// ```swift
/// let file = try CPTSPerimeterFile(path: "cpts-perimetres.csv", isCurrentCommune: layer.contains(code:), formerCodes: former)
/// file.perimeters.count   // 63
/// ```
public struct CPTSPerimeterFile: Sendable {
    public let perimeters: [CPTSPerimeter]
    /// Rows not imported, with line and reason.
    public let issues: [ImportIssue]
    /// Rows imported under another code: the former code was translated to the current commune.
    public let translations: [ImportIssue]
    /// Former code → current code, for every translated row.
    public let translatedCodes: [String: String]
    public let unknownCodes: [String]
    public let rowsRead: Int

    /// Codes checked against the stored communes (`CommuneLookup.currentCode`).
    public init(path: String, communes: CommuneLookup) throws {
        try self.init(path: path, current: communes.currentCode)
    }

    /// Codes checked against a set of current codes, former codes translated through `formerCodes` alone.
    public init(path: String, isCurrentCommune: (String) -> Bool, formerCodes: [String: String]) throws {
        try self.init(path: path) { code in isCurrentCommune(code) ? (code, false) : formerCodes[code].map { ($0, true) } }
    }

    /// A perimeter list given as text (a request's body), `source.name` standing for the file in the issues.
    public init(_ source: DelimitedSource, communes: CommuneLookup) throws {
        try self.init(source, current: communes.currentCode)
    }

    init(path: String, current: (String) -> (code: String, translated: Bool)?) throws {
        try self.init(.file(path), current: current)
    }

    /// `current`: the current code of a commune code, and whether it was translated; nil for an unknown code.
    init(_ source: DelimitedSource, current: (String) -> (code: String, translated: Bool)?) throws {
        let path = source.name
        var reader = try source.reader(delimiter: ";")
        let c = try reader.header().columns(["cpts_id", "cpts_nom", "statut", "code_commune"])
        var builders: [String: (name: String, status: CPTSStatus, line: Int, codes: [String: Int])] = [:]
        var issues: [ImportIssue] = [], translations: [ImportIssue] = []
        var translatedCodes: [String: String] = [:], unknownCodes: [String] = []
        var rowsRead = 0
        while let row = try reader.next() {
            rowsRead += 1
            let id = row[c[0]], name = row[c[1]], statusText = row[c[2]]
            var code = row[c[3]]
            func reject(_ reason: String) { issues.append(ImportIssue(file: path, line: row.line, reason: reason)) }
            guard !id.isEmpty else { reject("cpts_id vide"); continue }
            guard let status = CPTSStatus(rawValue: statusText) else {
                reject("statut '\(statusText)' inconnu pour \(id) (attendu : \(CPTSStatus.allCases.map(\.rawValue).joined(separator: ", ")))"); continue
            }
            guard let current = current(code) else {
                unknownCodes.append(code)
                reject("code commune '\(code)' inconnu pour \(id)"); continue
            }
            if current.translated {
                translations.append(ImportIssue(file: path, line: row.line, reason: "code commune \(code) traduit vers la commune actuelle \(current.code)"))
                translatedCodes[code] = current.code
                code = current.code
            }
            var builder = builders[id] ?? (name, status, row.line, [:])
            if builder.status != status || builder.name != name {
                reject("\(id) est '\(builder.name)' au statut \(builder.status.rawValue) depuis la ligne \(builder.line) ; cette ligne dit '\(name)', \(status.rawValue)")
                continue
            }
            if let first = builder.codes[code] {
                reject("doublon : commune \(code) déjà listée pour \(id) ligne \(first)"); continue
            }
            builder.codes[code] = row.line
            builders[id] = builder
        }
        perimeters = builders.map { CPTSPerimeter(id: $0.key, name: $0.value.name, status: $0.value.status, communeCodes: Array($0.value.codes.keys)) }
            .sorted { $0.id < $1.id }
        self.issues = issues
        self.translations = translations
        self.translatedCodes = translatedCodes
        self.unknownCodes = unknownCodes
        self.rowsRead = rowsRead
    }
}
