import Foundation
import OpenData
import Territory

/// The project's `Data/` folder (or `$MAILLAGE_DATA`): the real open data, gzip-compressed, and the sample.
enum DataFolder {
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["MAILLAGE_DATA"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data").path
    }()

    static func path(_ relative: String) -> String { directory + "/" + relative }

    static let communeSources = CommuneSources(dataDirectory: directory)

    /// The national import, done once per test run.
    static let nationalImport: Result<(communes: [Commune], report: CommuneImportReport), Error> = Result {
        try CommuneLayerImport.run(communeSources)
    }

    static let hautsDeFrance: Set<String> = ["02", "59", "60", "62", "80"]

    /// The decompressed bytes of a file of `Data/` (zlib; the parsing below is the test's own).
    static func bytes(_ relative: String) throws -> [UInt8] { try FileBytes.read(path(relative)) }

    /// Rows of a `;` or `,` file read the plainest way, to derive expected figures independently of OpenData's parsers.
    static func plainRows(_ relative: String, separator: Character) throws -> [[String]] {
        let text = String(decoding: try bytes(relative), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
    }
}
