import ArgumentParser
import Territory
import UseCases

struct WhiteZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "white-zones",
        abstract: "White zones: the zones themselves (the default), or which CPTS should take in their communes.",
        subcommands: [WhiteZonesListCommand.self, WhiteZoneProposalsCommand.self], defaultSubcommand: WhiteZonesListCommand.self
    )
}

struct WhiteZonesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Communes covered by no CPTS, grouped into zones of touching communes, largest population first."
    )

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var area: AreaFilter
    @Option(help: "json, csv or geojson.") var format: OutputFormat = .json
    @Flag(help: "Zones as the touch graph joins them across régions (by default they are cut at the régions' limits: one list per ARS).")
    var national = false

    func run() async throws {
        let question = WhiteZones(coveringStatuses: try analysis.coveringStatuses(), area: area.area, cut: national ? .national : .region)
        let zones = try await analysis.answering { try await question.answer(from: $0, withGeometry: format == .geojson) }
        if format == .geojson {
            Terminal.printText(try TerritoryGeoJSON.collection(TerritoryFeature.whiteZones(numbered: zones)))
        } else {
            try Terminal.printRows(zones, format: format.table)
        }
    }
}

struct WhiteZoneProposalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "For every uncovered commune, the existing CPTS that should take it in, or none; nothing stored.",
        discussion: """
        Every commune a CPTS can reach is attached (the most population), each joined to its CPTS through communes of its
        région attached to the same CPTS, to a CPTS serving that région, with the least total number of steps (communes
        crossed from the CPTS: 1 for one touching it). Ties: a CPTS holding a commune of the same EPCI, then the nearest
        (its most populous commune's point), then the smaller id. Per CPTS: communes added, population, size category and
        ACI funding before and after; the zones no CPTS reaches, with their population.
        """
    )

    @OptionGroup var analysis: AnalysisOptions
    @Option(help: "Only the uncovered communes of this région (code, e.g. 32, or name).") var region: String?
    @Option(help: "json, csv (the communes) or geojson (the communes' polygons).") var format: OutputFormat = .json
    @Option(help: "Print this CPTS's proposed perimeter instead, in the layout of `import cpts` (for check-perimeter and diagnostic).")
    var perimeter: String?

    func run() async throws {
        let question = ProposeForWhiteZones(coveringStatuses: try analysis.coveringStatuses(), region: region)
        let proposals = try await analysis.answering { try await question.answer(from: $0) }
        Terminal.report("\(proposals.populationAttached) habitants rattachés à \(proposals.cpts.count) CPTS en \(proposals.totalSteps) pas ; "
                        + "\(proposals.unreachable.count) zone(s) hors d'atteinte, \(proposals.unreachable.reduce(0) { $0 + $1.population }) habitants")
        if let perimeter {
            let loaded = try await analysis.loadAnalysis(communes: .attributes)
            guard let stored = loaded.perimeter(id: perimeter) else { throw ValidationError("aucune CPTS \(perimeter) dans la base") }
            let proposed = proposals.proposedPerimeter(of: stored)
            Terminal.printText(CSVTable.text(proposed.communeCodes.map { code in
                [("cpts_id", .string(proposed.id)), ("cpts_nom", .string(proposed.name)), ("statut", .string(proposed.status.rawValue)),
                 ("code_commune", .string(code)), ("nom_commune", .string(loaded.layer.commune(code)?.name ?? ""))]
            }), terminator: "")
        } else if format == .geojson {
            let layer = try await analysis.loadAnalysis(communes: .full).layer
            Terminal.printText(try TerritoryGeoJSON.collection(TerritoryFeature.proposals(proposals, layer: layer)))
        } else {
            Terminal.printText(try question.text(of: proposals, format: format.table))
        }
    }
}

/// `--departement` / `--region`: restricts an analysis to some communes.
struct AreaFilter: ParsableArguments {
    @Option(help: "Only this département (code, e.g. 59 or 2A); zones are computed inside it.") var departement: String?
    @Option(help: "Only this région (code, e.g. 32).") var region: String?

    var area: Area { Area(departement: departement, region: region) }

    var predicate: ((Commune) -> Bool)? {
        let area = self.area
        return area.isWhole ? nil : { area.contains($0) }
    }
}
