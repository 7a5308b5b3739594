import Foundation
import GeometryKit
import Territory

/// The web map's commune search — by INSEE code prefix or by name, accents, case, hyphens and apostrophes
/// ignored — over the whole layer on the server, since the page no longer loads every commune.
///
/// ```swift
/// CommuneSearch(layer: layer).matches("st quentin")   // Saint-Quentin (02691) first: name start, then population
/// ```
struct CommuneSearch: Sendable {
    private let layer: CommuneLayer
    /// Folded names, aligned with `layer.communes`.
    private let names: [String]
    /// The CPTS with their folded names, by id.
    private let cpts: [(report: CPTSReport, name: String)]
    /// The régions of the layer, with their extent.
    private let regions: [(code: String, name: String, extent: Envelope)]

    init(layer: CommuneLayer, reports: [CPTSReport] = []) {
        self.layer = layer
        names = layer.communes.map { Self.fold($0.name) }
        cpts = reports.map { ($0, Self.fold($0.perimeter.name)) }
        var extents: [String: Envelope] = [:]
        for commune in layer.communes {
            guard let envelope = commune.geometry?.envelope else { continue }
            extents[commune.region] = extents[commune.region].map { $0.union(envelope) } ?? envelope
        }
        regions = extents.sorted { $0.key < $1.key }.map { (code: $0.key, name: RegionNames.byCode[$0.key] ?? "région \($0.key)", extent: $0.value) }
    }

    /// The CPTS whose id starts with the query or whose name holds it, then by name.
    func cptsMatches(_ query: String, limit: Int = 5) -> [CPTSReport] {
        let folded = Self.fold(query), upper = query.uppercased()
        guard !folded.isEmpty else { return [] }
        return cpts.filter { $0.report.id.uppercased().hasPrefix(upper) || $0.name.contains(folded) }
            .sorted { ($0.report.id.uppercased() == upper ? 0 : 1, $0.report.perimeter.name) < ($1.report.id.uppercased() == upper ? 0 : 1, $1.report.perimeter.name) }
            .prefix(limit).map(\.report)
    }

    /// The régions whose name or code the query starts.
    func regionMatches(_ query: String) -> [(code: String, name: String, extent: Envelope)] {
        let folded = Self.fold(query)
        guard !folded.isEmpty else { return [] }
        return regions.filter { $0.code == query || Self.fold($0.name).hasPrefix(folded) || Self.fold($0.name).contains(" " + folded) }
    }

    /// The best `limit` matches: exact code, code prefix, name start, word start, anywhere in the name;
    /// then the most populated.
    func matches(_ query: String, limit: Int = 8) -> [Commune] {
        let folded = Self.fold(query)
        guard !folded.isEmpty else { return [] }
        let saint = folded.replacingOccurrences(of: "st ", with: "saint ")
        var ranked: [(rank: Int, commune: Commune)] = []
        for (commune, name) in zip(layer.communes, names) {
            let rank: Int
            if commune.code == query { rank = 0 }
            else if commune.code.hasPrefix(query) { rank = 1 }
            else if name.hasPrefix(folded) || name.hasPrefix(saint) { rank = 2 }
            else if name.contains(" " + folded) || name.contains(" " + saint) { rank = 3 }
            else if name.contains(folded) { rank = 4 }
            else { continue }
            ranked.append((rank, commune))
        }
        return ranked.sorted { a, b in
            a.rank != b.rank ? a.rank < b.rank : (a.commune.population ?? 0, b.commune.code) > (b.commune.population ?? 0, a.commune.code)
        }.prefix(limit).map(\.commune)
    }

    private static let french = Locale(identifier: "fr_FR")

    /// Lower case without accents; hyphens and apostrophes as spaces ("Villers-Bretonneux" → "villers bretonneux").
    static func fold(_ text: String) -> String {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: french)
        return plain.map { "-'’".contains($0) ? " " : $0 }.reduce(into: "") { $0.append($1) }.trimmingCharacters(in: .whitespaces)
    }
}
