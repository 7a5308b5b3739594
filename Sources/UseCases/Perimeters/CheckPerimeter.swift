import OpenData
import Territory

/// The ARS what-if of a proposed perimeter, not stored: population, size category, overlaps, contiguity and white-zone
/// gain. `maillage check-perimeter FILE` and `POST /api/v1/perimeter-check`. Codes are carried to the current communes
/// by `CommuneLookup.currentCode`; unknown ones are listed in the answer.
public struct CheckPerimeter: Sendable {
    public let perimeter: CPTSPerimeter
    public let unknownCodes: [String]
    public let translatedCodes: [String: String]

    /// The most codes a proposal lists: more than France has communes (34 875), so that any real list fits.
    public static let maximumCodes = 40_000
    /// The longest code, id or name accepted: an INSEE code has 5 characters.
    public static let maximumCodeLength = 10, maximumNameLength = 200

    /// A proposal as a list of codes (the service's JSON body). Sizes a caller chooses are bounded before any work.
    public init(id: String?, name: String?, status: CPTSStatus?, codes: [String], communes lookup: CommuneLookup) throws {
        guard codes.count <= Self.maximumCodes else {
            throw UseCaseError.outOfRange(parameter: "communes", allowed: "une liste d’au plus \(Self.maximumCodes) codes (\(codes.count) reçus)")
        }
        if let long = codes.first(where: { $0.utf8.count > Self.maximumCodeLength }) {
            throw UseCaseError.invalid(parameter: "communes", reason: "code de \(long.utf8.count) octets ; un code INSEE en a 5 (au plus \(Self.maximumCodeLength))")
        }
        for (parameter, text) in [("id", id), ("name", name)] where (text?.utf8.count ?? 0) > Self.maximumNameLength {
            throw UseCaseError.outOfRange(parameter: parameter, allowed: "au plus \(Self.maximumNameLength) octets")
        }
        var current: [String] = [], seen: Set<String> = [], unknown: [String] = [], translated: [String: String] = [:]
        for code in codes {
            guard let found = lookup.currentCode(code) else { unknown.append(code); continue }
            if found.translated { translated[code] = found.code }
            if seen.insert(found.code).inserted { current.append(found.code) }
        }
        guard !current.isEmpty else { throw UseCaseError.noKnownCommune(unknown: unknown) }
        perimeter = CPTSPerimeter(id: id ?? "proposition", name: name ?? "Proposition", status: status ?? .preProjet, communeCodes: current)
        (unknownCodes, translatedCodes) = (unknown, translated)
    }

    /// A proposal file in the layout of `import cpts`, holding exactly one CPTS; its issues and translations are the
    /// file's, for the caller to show.
    public init(file: CPTSPerimeterFile, name path: String) throws {
        guard file.perimeters.count == 1, let perimeter = file.perimeters.first else {
            let found = file.perimeters.prefix(10).map(\.id).joined(separator: ", ") + (file.perimeters.count > 10 ? ", …" : "")
            throw UseCaseError.invalidFile("\(path) : une seule CPTS attendue, \(file.perimeters.count) trouvée(s) (\(found))"
                                           + (file.issues.first.map { " ; \($0)" } ?? ""))
        }
        guard perimeter.communeCodes.count <= Self.maximumCodes else {
            throw UseCaseError.outOfRange(parameter: "communes", allowed: "une liste d’au plus \(Self.maximumCodes) codes (\(perimeter.communeCodes.count) reçus)")
        }
        self.perimeter = perimeter
        (unknownCodes, translatedCodes) = (file.unknownCodes, file.translatedCodes)
    }

    /// One CPTS in the layout of `import cpts` given as text (a request's body, `name` standing for the file): an
    /// unreadable text is refused as an invalid file.
    public init(csv text: String, name: String, communes lookup: CommuneLookup) throws {
        let file: CPTSPerimeterFile
        do { file = try CPTSPerimeterFile(.text(text, name: name), communes: lookup) } catch {
            throw UseCaseError.invalidFile("\(error)")
        }
        try self.init(file: file, name: name)
    }

    /// Dissolves the proposed communes: a caller serving requests runs it off its event loops.
    public func answer(analysis: TerritoryAnalysis) throws -> PerimeterCheckAnswer {
        PerimeterCheckAnswer(check: try analysis.check(perimeter), unknownCodes: unknownCodes, translatedCodes: translatedCodes)
    }
}
