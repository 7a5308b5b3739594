import Cartography
import GeometryKit
import Territory

/// The territorial diagnostic of a CPTS or of a proposed perimeter (nothing stored): `maillage diagnostic`,
/// `GET /api/v1/cpts/{id}/diagnostic` and `POST /api/v1/diagnostic`. Every profession of the RPPS extract, accessibility,
/// officines, the validation flags and the neighbours, under every status counting as covering (as `cpts`).
public struct Diagnostic: TerritoryQuestion {
    public enum Subject: Sendable {
        /// `proposed`: with the communes the white-zone proposals give it (`ProposeForWhiteZones`, every status covering).
        case cpts(String, proposed: Bool)
        /// Checked, its codes carried to today's communes (`CheckPerimeter`).
        case proposal(CheckPerimeter)
    }

    public let subject: Subject

    public init(cpts id: String, proposed: Bool = false) throws {
        guard id.utf8.count <= CheckPerimeter.maximumNameLength else {
            throw UseCaseError.outOfRange(parameter: "id", allowed: "au plus \(CheckPerimeter.maximumNameLength) octets")
        }
        subject = .cpts(id, proposed: proposed)
    }

    public init(proposal: CheckPerimeter) { subject = .proposal(proposal) }

    /// A stored CPTS's answer is kept until the territory changes; a proposal's is the caller's alone.
    public var cacheKey: String {
        switch subject {
        case .cpts(let id, let proposed): return "diagnostic|\(id)" + (proposed ? "|proposed" : "")
        case .proposal(let proposal): return "diagnostic-proposal|" + proposal.perimeter.communeCodes.joined(separator: ",")
        }
    }

    public func answer(from territory: some TerritorySource) async throws -> DiagnosticAnswer {
        let statuses = Set(CPTSStatus.allCases)
        let check: PerimeterCheck, analysis: TerritoryAnalysis
        switch subject {
        case .cpts(let id, proposed: false):
            analysis = try await territory.analysis(coveringStatuses: statuses, communes: .adjacency)
            guard let report = try await territory.reports().first(where: { $0.id == id }) else { throw UseCaseError.unknownCPTS(id) }
            check = analysis.check(report)
        case .cpts(let id, proposed: true):
            // The perimeter grown by the proposals is dissolved from the communes' polygons.
            analysis = try await territory.analysis(coveringStatuses: statuses, communes: .full)
            guard let perimeter = analysis.perimeter(id: id) else { throw UseCaseError.unknownCPTS(id) }
            check = try analysis.check(analysis.whiteZoneProposals().proposedPerimeter(of: perimeter))
        case .proposal(let proposal):
            // The proposal is dissolved from the communes' polygons.
            analysis = try await territory.analysis(coveringStatuses: statuses, communes: .full)
            check = try analysis.check(proposal.perimeter)
        }
        let diagnostic = analysis.diagnose(check, basis: try await territory.diagnosticBasis(over: analysis.layer),
                                           accessibility: try await territory.accessibility(.standard),
                                           whiteZones: try await territory.whiteZones(coveringStatuses: statuses, cut: .region, withGeometry: false))
        guard case .proposal(let proposal) = subject else { return DiagnosticAnswer(diagnostic: diagnostic) }
        return DiagnosticAnswer(diagnostic: diagnostic, unknownCodes: proposal.unknownCodes, translatedCodes: proposal.translatedCodes)
    }

    /// The answer on one A4 page in French (PDF); `analysis` holds the communes' polygons (the map). A caller serving
    /// requests runs it off its event loops.
    public func pdf(of answer: DiagnosticAnswer, analysis: TerritoryAnalysis, date: String) throws -> [UInt8] {
        try CairoRenderer.pdf(try DiagnosticPage(answer.diagnostic, analysis: analysis, date: date).scene)
    }

    /// The table is the professions'.
    public func rows(of answer: DiagnosticAnswer) throws -> [[(String, JSONValue)]] {
        try answer.diagnostic.professions.map { try JSONValueEncoder.members($0) }
    }
}

/// A diagnostic, with the codes of a proposal that were unknown or translated to today's communes.
public struct DiagnosticAnswer: Encodable, Sendable {
    public var diagnostic: PerimeterDiagnostic
    public var unknownCodes: [String]?
    public var translatedCodes: [String: String]?

    enum CodingKeys: String, CodingKey { case unknownCodes = "unknown_codes", translatedCodes = "translated_codes" }

    public func encode(to encoder: any Encoder) throws {
        try diagnostic.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(unknownCodes, forKey: .unknownCodes)
        try c.encodeIfPresent(translatedCodes, forKey: .translatedCodes)
    }
}
