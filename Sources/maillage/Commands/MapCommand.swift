import ArgumentParser
import Cartography
import Foundation
import Territory
import UseCases

/// `maillage map coverage|white-zones`: report maps as SVG or PNG (`Cartography`).
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a report map (SVG or PNG): the coverage choropleth or the white zones.",
        discussion: """
        Metropolitan France in Lambert-93 (EPSG:2154) with Guadeloupe, Martinique, Guyane, La Réunion and Mayotte in \
        insets, each in its local projection; or one région with --region. Title, legend with the class bounds, scale \
        bar, source and date. The file's extension (.svg or .png) picks the format.
        """,
        subcommands: [Coverage.self, WhiteZones.self]
    )

    /// What both maps take.
    struct Output: ParsableArguments {
        @OptionGroup var analysis: AnalysisOptions
        @Option(help: "Only this région's communes (INSEE code, e.g. 32), without the insets.") var region: String?
        @Option(help: "Output file: .svg or .png.") var out: String
        @Option(parsing: .unconditional, help: "Width in pixels (\(ReportMapLayout.widths.lowerBound)–\(ReportMapLayout.widths.upperBound)).") var width: Int = 1200

        func draw(_ subject: ReportMap.Subject) async throws {
            let format: MapImageFormat
            do { format = try MapImageFormat(fileName: out) } catch { throw ValidationError("--out \(error)") }
            let drawing = try await refusingAsUsage {
                try DrawReportMap(subject: subject, region: region, width: width, format: format, coveringStatuses: try analysis.coveringStatuses())
            }
            // The generalised levels the store keeps, no polygon; the polygons only for a map finer than the finest level.
            let territory = try await analysis.loadAnalysis(communes: .drawing(levels: drawing.levels))
            let started = ContinuousClock.now
            let drawn: DrawReportMap.Drawn
            do {
                do {
                    drawn = try await refusingAsUsage { try drawing.draw(territory) }
                } catch CartographyError.polygonsNeeded {
                    let full = try await analysis.loadAnalysis(communes: .full)
                    drawn = try await refusingAsUsage { try drawing.draw(full) }
                }
            } catch let error as CartographyError {
                throw ValidationError("\(error)")
            }
            do {
                try Data(drawn.bytes).write(to: URL(fileURLWithPath: out))
            } catch {
                throw ValidationError("impossible d'écrire \(out) : \(error.localizedDescription)")
            }
            let elapsed = started.duration(to: .now)
            Terminal.report("écrit \(out) (\(drawn.map.layout.width) × \(drawn.map.layout.height) px, \(drawn.bytes.count) octets, "
                + (drawn.map.toleranceMetres.map { "généralisation à \(Int($0)) m" } ?? "pleine résolution")
                + String(format: ", %.2f s)", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        }
    }

    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coverage",
            abstract: "Choropleth of the population covered by CPTS, in fixed classes: 0 %, ]0–25], ]25–50], ]50–75], ]75–100[, 100 %."
        )

        @OptionGroup var output: Output
        @Option(help: "departement, cpts or commune.") var by: ReportMap.Level = .departement

        func run() async throws { try await output.draw(.coverage(by)) }
    }

    struct WhiteZones: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "white-zones",
            abstract: "The white zones (communes in no covering CPTS) in red over the communes."
        )

        @OptionGroup var output: Output

        func run() async throws { try await output.draw(.whiteZones) }
    }
}

extension ReportMap.Level: ExpressibleByArgument {}
