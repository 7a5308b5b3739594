import OpenData
import Territory

/// The ARS what-if of a proposed perimeter, not stored: population, size category, overlaps, contiguity and white-zone
/// gain. `maillage check-perimeter FILE` and `POST /api/v1/perimeter-check`. Codes are carried to the current communes
/// by `CommuneLookup.currentCode`; unknown ones are listed in the answer.
public struct CheckPerimeter: Sendable {
    public let perimeter: CPTSPerimeter
    public let unknownCodes: [String]
    public let translatedCodes: [String: String]

    /// A proposal as a list of codes (the service's JSON body).
    public init(id: String?, name: String?, status: CPTSStatus?, codes: [String], communes lookup: CommuneLookup) throws {
        var current: [String] = [], unknown: [String] = [], translated: [String: String] = [:]
        for code in codes {
            guard let found = lookup.currentCode(code) else { unknown.append(code); continue }
            if found.translated { translated[code] = found.code }
            if !current.contains(found.code) { current.append(found.code) }
        }
        guard !current.isEmpty else { throw UseCaseError.noKnownCommune(unknown: unknown) }
        perimeter = CPTSPerimeter(id: id ?? "proposition", name: name ?? "Proposition", status: status ?? .preProjet, communeCodes: current)
        (unknownCodes, translatedCodes) = (unknown, translated)
    }

    /// A proposal file in the layout of `import cpts`, holding exactly one CPTS; its issues and translations are the
    /// file's, for the caller to show.
    public init(file: CPTSPerimeterFile, name path: String) throws {
        guard file.perimeters.count == 1, let perimeter = file.perimeters.first else {
            throw UseCaseError.invalidFile("\(path) : une seule CPTS attendue, trouvé \(file.perimeters.map(\.id))")
        }
        self.perimeter = perimeter
        (unknownCodes, translatedCodes) = (file.unknownCodes, file.translatedCodes)
    }

    /// Dissolves the proposed communes: a caller serving requests runs it off its event loops.
    public func answer(analysis: TerritoryAnalysis) throws -> PerimeterCheckAnswer {
        PerimeterCheckAnswer(check: try analysis.check(perimeter), unknownCodes: unknownCodes, translatedCodes: translatedCodes)
    }
}
