import Foundation
import OpenData
import Territory

/// `../shared/data` beside the project root (or `$MAILLAGE_SHARED_DATA`): the real open data.
enum SharedData {
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["MAILLAGE_SHARED_DATA"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    static func path(_ relative: String) -> String { directory + "/" + relative }

    static let communeSources = CommuneSources(geometryDirectory: path("communes"), cogCommunes: path("cog/communes-2026.csv"),
                                               movements: path("cog/mouvements-communes.csv"),
                                               population: path("population/donnees_communes.csv"),
                                               epci: path("epci/epci-communes-2025.csv"))

    /// The national import, done once per test run.
    static let nationalImport: Result<(communes: [Commune], report: CommuneImportReport), Error> = Result {
        try CommuneLayerImport.run(communeSources)
    }

    static let hautsDeFrance: Set<String> = ["02", "59", "60", "62", "80"]

    /// Rows of a `;` or `,` file read the plainest way, to derive expected figures independently of OpenData.
    static func plainRows(_ relative: String, separator: Character) throws -> [[String]] {
        let text = try String(contentsOfFile: path(relative), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }
}
