import GeometryKit

/// Which existing CPTS should take in each uncovered commune, so that the white zones disappear wherever a CPTS can
/// reach them. The objective, met exactly:
///
/// 1. the most population attached: every uncovered commune that a CPTS can reach is attached;
/// 2. each attached commune is joined to its CPTS through communes attached to the same CPTS (or touches it), within its
///    région, and only to a CPTS serving that région (one of its communes there): no CPTS gains a detached piece;
/// 3. the least total number of steps — communes crossed from the CPTS to each attached commune, 1 for one touching it.
///
/// (3) is at least Σ d(u), d(u) the breadth-first distance of u from the nearest CPTS over the touch graph of uncovered
/// communes of its région; a level-by-level search reaches it exactly: a commune at distance d takes the CPTS of one of
/// its neighbours at distance d − 1, so it is joined through them and counts d steps. Among the CPTS of those neighbours
/// (ties), the rule is: one already holding a commune of its EPCI, then the nearest representative point (its most
/// populous commune's), then the smaller id.
///
/// ```swift
/// let proposals = analysis.whiteZoneProposals(region: "32")
/// proposals.communes.filter { $0.cpts == nil }   // the communes no CPTS can reach
/// ```
public struct WhiteZoneProposals: Sendable {
    public struct Commune: Sendable, Hashable {
        public var code: String
        public var name: String
        public var population: Int
        /// The CPTS proposed to take it in; nil for none (unreachable).
        public var cpts: String?
        /// Communes crossed from the CPTS (1: it touches the CPTS); nil when unreachable.
        public var steps: Int?
    }

    /// A CPTS that takes communes in, before and after.
    public struct Growth: Sendable, Hashable {
        public var id: String
        public var name: String
        public var communesAdded: [String]
        public var populationBefore: Int
        public var populationAfter: Int
        public var sizeCategoryBefore: SizeCategory
        public var sizeCategoryAfter: SizeCategory
    }

    /// Uncovered communes no CPTS can reach, grouped as they touch: CPTS of their own to come.
    public struct Unreachable: Sendable, Hashable {
        public var communeCodes: [String]
        public var population: Int
        public var departements: [String]
    }

    /// Every uncovered commune (of the région asked), in code order.
    public var communes: [Commune]
    /// The CPTS taking communes in, by id.
    public var cpts: [Growth]
    /// Largest first.
    public var unreachable: [Unreachable]

    public var populationAttached: Int { communes.reduce(0) { $0 + ($1.cpts == nil ? 0 : $1.population) } }

    /// A CPTS's perimeter with the communes proposed to it (unchanged when none is).
    public func proposedPerimeter(of perimeter: CPTSPerimeter) -> CPTSPerimeter {
        var proposed = perimeter
        proposed.communeCodes += cpts.first { $0.id == perimeter.id }?.communesAdded ?? []
        return proposed
    }
    public var totalSteps: Int { communes.reduce(0) { $0 + ($1.steps ?? 0) } }
}

extension TerritoryAnalysis {
    /// The proposals for the uncovered communes of `region` (a code; every région when nil), under this analysis's
    /// covering statuses.
    public func whiteZoneProposals(region: String? = nil) -> WhiteZoneProposals {
        let communes = layer.communes
        let uncovered = communes.indices.filter { !isCovered($0) && (region == nil || communes[$0].region == region) }
        let covering = perimeters.indices.filter { coveringStatuses.contains(perimeters[$0].status) }
        var serves: [Set<String>] = Array(repeating: [], count: perimeters.count)
        var epcis: [Set<String>] = Array(repeating: [], count: perimeters.count)
        var seat: [Coordinate?] = Array(repeating: nil, count: perimeters.count)
        for p in covering {
            let members = perimeters[p].communeCodes.compactMap(layer.index(of:))
            serves[p] = Set(members.map { communes[$0].region })
            epcis[p] = Set(members.compactMap { communes[$0].epci })
            seat[p] = members.max { (communes[$0].population ?? 0, communes[$1].code) < (communes[$1].population ?? 0, communes[$0].code) }
                .flatMap { communes[$0].representativePoint }
        }
        let isUncovered = Set(uncovered)
        var owner = [Int: Int](), steps = [Int: Int]()
        // The tie rule among the CPTS a commune could take.
        func choose(_ commune: Int, among candidates: Set<Int>) -> Int {
            let c = communes[commune]
            func key(_ p: Int) -> (Int, Double, String) {
                let sameEPCI = c.epci.map { epcis[p].contains($0) } ?? false
                var metres = Double.infinity
                if let point = c.representativePoint, let seat = seat[p] { metres = Geodesic.distance(point, seat) }
                return (sameEPCI ? 0 : 1, metres, perimeters[p].id)
            }
            return candidates.min { key($0) < key($1) }!
        }
        // Level 1: uncovered communes touching a CPTS that serves their région.
        var level: [Int] = []
        for u in uncovered {
            var candidates = Set<Int>()
            for w in layer.neighbours[u] where isCovered(w) {
                for p in claims[w] where coveringStatuses.contains(perimeters[p].status) && serves[p].contains(communes[u].region) { candidates.insert(p) }
            }
            if !candidates.isEmpty { owner[u] = choose(u, among: candidates); steps[u] = 1; level.append(u) }
        }
        // Level d + 1: the uncovered neighbours (same région) of level d not reached yet, each taking a CPTS of level d.
        var depth = 1
        while !level.isEmpty {
            depth += 1
            var candidates: [Int: Set<Int>] = [:]
            for u in level {
                for v in layer.neighbours[u] where isUncovered.contains(v) && owner[v] == nil && communes[v].region == communes[u].region {
                    candidates[v, default: []].insert(owner[u]!)
                }
            }
            level = candidates.keys.sorted()
            for v in level { owner[v] = choose(v, among: candidates[v]!); steps[v] = depth }
        }
        return proposals(uncovered: uncovered, owner: owner, steps: steps)
    }

    private func proposals(uncovered: [Int], owner: [Int: Int], steps: [Int: Int]) -> WhiteZoneProposals {
        let communes = layer.communes
        var added: [Int: [Int]] = [:]
        for u in uncovered { if let p = owner[u] { added[p, default: []].append(u) } }
        let growth = added.keys.sorted { perimeters[$0].id < perimeters[$1].id }.map { p -> WhiteZoneProposals.Growth in
            let before = perimeters[p].communeCodes.compactMap(layer.index(of:)).reduce(0) { $0 + (communes[$1].population ?? 0) }
            let after = before + added[p]!.reduce(0) { $0 + (communes[$1].population ?? 0) }
            return .init(id: perimeters[p].id, name: perimeters[p].name, communesAdded: added[p]!.map { communes[$0].code },
                         populationBefore: before, populationAfter: after, sizeCategoryBefore: SizeCategory(population: before),
                         sizeCategoryAfter: SizeCategory(population: after))
        }
        let stranded = uncovered.filter { owner[$0] == nil }
        let unreachable = CommuneAdjacency.components(of: stranded, in: layer, apart: { $0.region }).map { zone in
            WhiteZoneProposals.Unreachable(communeCodes: zone.map { communes[$0].code }.sorted(),
                                           population: zone.reduce(0) { $0 + (communes[$1].population ?? 0) },
                                           departements: Set(zone.map { communes[$0].departement }).sorted())
        }.sorted { ($0.population, $1.communeCodes[0]) > ($1.population, $0.communeCodes[0]) }
        return WhiteZoneProposals(
            communes: uncovered.map { u in
                .init(code: communes[u].code, name: communes[u].name, population: communes[u].population ?? 0,
                      cpts: owner[u].map { perimeters[$0].id }, steps: steps[u])
            },
            cpts: growth, unreachable: unreachable)
    }
}
