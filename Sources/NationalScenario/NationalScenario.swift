import Foundation
import GeometryKit
import Territory
import TestSupport

/// A national CPTS scenario generated from the real commune layer with a fixed seed: perimeters grown over
/// the touch graph until they cover about 80 % of the population, every overseas département included, then
/// made as awkward as real lists are — overlaps along shared borders, perimeters in several parts, enclaves
/// (a commune left out in the middle of a perimeter). The white zones are what is left: thousands of zones,
/// many touching themselves at a point (the polygonizer path of the dissolve). One generator for the release test
/// tier (NationalTests) and `maillage-bench cli`, which writes it as the published files.
public struct NationalScenario: Sendable {
    public let layer: CommuneLayer
    public let perimeters: [CPTSPerimeter]
    /// Communes claimed by two CPTS on purpose, as (cpts, cpts, commune code).
    public let injectedOverlaps: [(String, String, String)]
    /// CPTS given a commune far from the rest of their territory.
    public let multiPart: [String]
    /// Communes taken out of a perimeter all of whose neighbours stay in it.
    public let enclaves: [String]

    public static let overseas = ["971", "972", "973", "974", "976"]

    public init(layer: CommuneLayer, seed: UInt64, coveredShare: Double = 0.8) {
        self.layer = layer
        var random = SeededRandom(seed: seed)
        let communes = layer.communes
        let total = Double(layer.totalPopulation)
        var owner = Array(repeating: -1, count: communes.count)
        var members: [[Int]] = []
        var covered = 0.0

        // Grows one perimeter from a seed over touching unowned communes, breadth first, to a target population.
        func grow(from seed: Int) {
            let target = Double(Int.random(in: 15_000...110_000, using: &random))
            var group = [seed], queue = [seed], population = Double(communes[seed].population ?? 0)
            owner[seed] = members.count
            var head = 0
            while head < queue.count, population < target {
                let current = queue[head]; head += 1
                for next in layer.neighbours[current].shuffled(using: &random) where owner[next] == -1 {
                    owner[next] = members.count
                    group.append(next); queue.append(next)
                    population += Double(communes[next].population ?? 0)
                    if population >= target { break }
                }
            }
            covered += population
            members.append(group)
        }

        // One perimeter in each overseas département first, then seeds anywhere until the share is reached.
        for departement in Self.overseas {
            let candidates = communes.indices.filter { communes[$0].departement == departement && communes[$0].geometry != nil }
            if let seed = candidates.randomElement(using: &random) { grow(from: seed) }
        }
        // CPTS start where people live: seeds in a random order weighted by population (Efraimidis–Spirakis keys
        // u^(1/w)), so that, as in the real map, rural communes are most of what is left uncovered.
        let seeds = communes.indices.filter { communes[$0].geometry != nil }
            .map { ($0, pow(random.unit(), 1 / Double((communes[$0].population ?? 0) + 1))) }
            .sorted { $0.1 > $1.1 }.map(\.0)
        for seed in seeds where covered < coveredShare * total && owner[seed] == -1 { grow(from: seed) }

        // Enclaves: every 9th perimeter loses one commune whose neighbours all belong to it and whose whole border
        // they share (GEOS: the union of the neighbours covers the commune's rings; a coastal commune is a notch).
        var enclaves: [String] = []
        func isInland(_ c: Int) -> Bool {
            guard let geometry = communes[c].geometry,
                  let around = try? Geometry.union(of: layer.neighbours[c].compactMap { communes[$0].geometry }) else { return false }
            return geometry.shape.polygons.allSatisfy { rings in
                rings.allSatisfy { ring in (try? Geometry(shape: .lineString(ring))).map(around.covers) ?? false }
            }
        }
        for p in stride(from: 0, to: members.count, by: 9) {
            guard let inner = members[p].first(where: { c in
                c != members[p][0] && !layer.neighbours[c].isEmpty && layer.neighbours[c].allSatisfy { owner[$0] == p } && isInland(c)
            }) else { continue }
            members[p].removeAll { $0 == inner }
            owner[inner] = -1
            enclaves.append(communes[inner].code)
        }

        // Overlaps: every 7th perimeter also claims a bordering commune of a neighbouring perimeter.
        var overlaps: [(Int, Int, Int)] = []
        for p in stride(from: 3, to: members.count, by: 7) {
            let border = members[p].lazy.flatMap { layer.neighbours[$0] }.first { owner[$0] >= 0 && owner[$0] != p }
            if let commune = border { overlaps.append((p, owner[commune], commune)); members[p].append(commune) }
        }

        // Several parts: every 11th perimeter also claims a commune of its département that nobody has, away from its own.
        var multiPart: [Int] = []
        for p in stride(from: 5, to: members.count, by: 11) {
            let own = Set(members[p]).union(members[p].flatMap { layer.neighbours[$0] })
            let departement = communes[members[p][0]].departement
            let apart = communes.indices.filter { owner[$0] == -1 && !own.contains($0) && communes[$0].geometry != nil
                                                  && communes[$0].departement == departement && !enclaves.contains(communes[$0].code) }
            if let chosen = apart.randomElement(using: &random) { members[p].append(chosen); owner[chosen] = p; multiPart.append(p) }
        }

        let statuses = CPTSStatus.allCases
        let ids = members.indices.map { p in String(format: "CPTS-%@-%03d", communes[members[p][0]].departement, p) }
        perimeters = members.indices.map { p in
            CPTSPerimeter(id: ids[p], name: "CPTS \(communes[members[p][0]].name)", status: statuses[p % statuses.count],
                          communeCodes: members[p].map { communes[$0].code })
        }
        injectedOverlaps = overlaps.map { (ids[$0.0], ids[$0.1], communes[$0.2].code) }
        self.multiPart = multiPart.map { ids[$0] }
        self.enclaves = enclaves
    }
}
