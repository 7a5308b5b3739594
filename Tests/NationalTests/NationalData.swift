import Foundation
import GeometryKit
import NationalScenario
import OpenData
import Territory
import XCTest

/// The whole country from the project's `Data/` (or `$MAILLAGE_DATA`), imported once per test run, and the
/// national scenario generated on it.
///
/// The national tier runs in release (`swift test -c release --filter NationalTests`), where users run and
/// where Swift ends object lifetimes earliest: a debug build keeps objects alive longer and hid a GEOS crash.
enum NationalData {
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment["MAILLAGE_DATA"] { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data").path
    }()

    static let layer: Result<CommuneLayer, Error> = Result {
        return CommuneLayer(try CommuneLayerImport.run(CommuneSources(dataDirectory: directory)).communes)
    }

    static let scenario: Result<NationalScenario, Error> = Result { NationalScenario(layer: try layer.get(), seed: 2026) }

    /// The scenario's analysis (all statuses cover, as by default).
    static let analysis: Result<TerritoryAnalysis, Error> = Result {
        let generated = try NationalData.scenario.get()
        return TerritoryAnalysis(layer: generated.layer, perimeters: generated.perimeters)
    }

    /// Skips in a debug build: this tier is about the release build users run.
    static func requireRelease() throws {
        #if DEBUG
        throw XCTSkip("the national tier runs in release: swift test -c release --filter NationalTests")
        #endif
    }
}
