/// The ARS what-if on a proposed perimeter, computed without storing it.
public struct PerimeterCheck: Sendable {
    /// Population, size category, dissolved perimeter, area, départements, contiguity of the proposal.
    public var report: CPTSReport
    /// Communes shared with each existing CPTS (any status), with their population.
    public var overlaps: [CPTSOverlap]
    /// Communes of the proposal that lie in today's white zones, and their population.
    public var whiteZoneCommunes: [String]
    public var whiteZonePopulation: Int
}

extension TerritoryAnalysis {
    /// Checks a proposed perimeter against the existing CPTS. An existing CPTS with the same id (a
    /// perimeter being revised) is left out of the comparison.
    ///
    /// ```swift
    /// let check = try analysis.check(CPTSPerimeter(id: "NEW", name: "Projet", status: .preProjet, communeCodes: codes))
    /// check.overlaps.map(\.cptsB)    // existing CPTS that already claim some of these communes
    /// ```
    public func check(_ proposal: CPTSPerimeter) throws -> PerimeterCheck {
        let members = proposal.communeCodes.compactMap(layer.index(of:))
        let overlaps = self.overlaps(of: proposal, members: members)
        let report = TerritoryAnalysis.describe(proposal, members: members, overlapsWith: overlaps.map(\.cptsB), layer: layer,
                                               dissolved: try TerritoryAnalysis.dissolvedPerimeter(members, in: layer))
        return check(report, members: members, overlaps: overlaps)
    }

    /// The check of a stored CPTS from its report (its perimeter dissolved at the import).
    public func check(_ report: CPTSReport) -> PerimeterCheck {
        let members = report.perimeter.communeCodes.compactMap(layer.index(of:))
        return check(report, members: members, overlaps: overlaps(of: report.perimeter, members: members))
    }

    private func check(_ report: CPTSReport, members: [Int], overlaps: [CPTSOverlap]) -> PerimeterCheck {
        let inWhiteZones = members.filter { index in !isCovered(index) }
        return PerimeterCheck(report: report, overlaps: overlaps,
                              whiteZoneCommunes: inWhiteZones.map { layer.communes[$0].code },
                              whiteZonePopulation: inWhiteZones.reduce(0) { $0 + (layer.communes[$1].population ?? 0) })
    }

    /// The communes `proposal` shares with each other CPTS.
    private func overlaps(of proposal: CPTSPerimeter, members: [Int]) -> [CPTSOverlap] {
        var shared: [String: [Int]] = [:]
        for member in members {
            for claimant in cpts(claiming: layer.communes[member].code) where claimant != proposal.id {
                shared[claimant, default: []].append(member)
            }
        }
        return shared.map { id, communes in
            CPTSOverlap(cptsA: proposal.id, cptsB: id, communeCodes: communes.map { layer.communes[$0].code }.sorted(),
                        population: communes.reduce(0) { $0 + (layer.communes[$1].population ?? 0) })
        }.sorted { $0.cptsB < $1.cptsB }
    }
}
