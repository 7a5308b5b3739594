import GeometryKit

/// What a diagnostic compares a perimeter with, computed once per import: practitioners of every profession by commune,
/// département, région and nation, the population of each, and the officines with an index to find the nearest.
///
/// ```swift
/// let basis = DiagnosticBasis(layer: layer, activities: try await store.practitionerActivities(), pharmacies: pharmacies)
/// basis.perTenThousand(of: 0, departements: ["80"])   // the profession's density over the Somme
/// ```
public struct DiagnosticBasis: Sendable {
    public let presence: ProfessionPresence
    /// Per profession: the practitioners of each département and of each région (each once).
    private let byDepartement: [[String: Set<Int32>]]
    private let byRegion: [[String: Set<Int32>]]
    private let national: [Int]
    private let departementPopulation: [String: Int]
    private let regionPopulation: [String: Int]
    public let nationalPopulation: Int
    public let pharmacies: [Pharmacy]
    /// Over the officines' positions, in `pharmacies` order.
    public let officineIndex: GeodesicPointIndex
    /// Officines per commune code.
    public let officinesByCommune: [String: Int]
    /// The EPCI's names by SIREN, when the commune import had them.
    public let epciNames: [String: String]
    /// The FINESS establishments a diagnostic counts, by commune code.
    public let facilitiesByCommune: [String: [HealthFacility]]

    public init(layer: CommuneLayer, activities: [PractitionerActivity], pharmacies: [Pharmacy], facilities: [HealthFacility] = [],
                epciNames: [String: String] = [:]) {
        self.epciNames = epciNames
        facilitiesByCommune = Dictionary(grouping: facilities.filter { $0.kind != nil }, by: \.communeCode)
        let presence = ProfessionPresence(activities: activities)
        self.presence = presence
        var departementPopulation: [String: Int] = [:], regionPopulation: [String: Int] = [:]
        for commune in layer.communes {
            departementPopulation[commune.departement, default: 0] += commune.population ?? 0
            regionPopulation[commune.region, default: 0] += commune.population ?? 0
        }
        (self.departementPopulation, self.regionPopulation) = (departementPopulation, regionPopulation)
        nationalPopulation = layer.totalPopulation
        var byDepartement: [[String: Set<Int32>]] = [], byRegion: [[String: Set<Int32>]] = [], national: [Int] = []
        for p in presence.professions.indices {
            var departements: [String: Set<Int32>] = [:], regions: [String: Set<Int32>] = [:], nation = Set<Int32>()
            for commune in layer.communes {
                let ids = presence.practitioners(of: p, inCommune: commune.code)
                guard !ids.isEmpty else { continue }
                departements[commune.departement, default: []].formUnion(ids)
                regions[commune.region, default: []].formUnion(ids)
                nation.formUnion(ids)
            }
            byDepartement.append(departements); byRegion.append(regions); national.append(nation.count)
        }
        (self.byDepartement, self.byRegion, self.national) = (byDepartement, byRegion, national)
        self.pharmacies = pharmacies
        officineIndex = GeodesicPointIndex(points: pharmacies.map(\.position))
        officinesByCommune = Dictionary(pharmacies.map { ($0.communeCode, 1) }, uniquingKeysWith: +)
    }

    /// Practitioners per 10 000 inhabitants over these départements together (each practitioner once); nil without population.
    public func perTenThousand(of profession: Int, departements: [String]) -> Double? {
        density(Self.distinct(departements.map { byDepartement[profession][$0] }), departements.reduce(0) { $0 + (departementPopulation[$1] ?? 0) })
    }

    public func perTenThousand(of profession: Int, regions: [String]) -> Double? {
        density(Self.distinct(regions.map { byRegion[profession][$0] }), regions.reduce(0) { $0 + (regionPopulation[$1] ?? 0) })
    }

    public func nationalPerTenThousand(of profession: Int) -> Double? { density(national[profession], nationalPopulation) }

    public func density(_ practitioners: Int, _ population: Int) -> Double? {
        population > 0 ? Double(practitioners) * 10_000 / Double(population) : nil
    }

    private static func distinct(_ sets: [Set<Int32>?]) -> Int {
        let present = sets.compactMap { $0 }
        if present.count <= 1 { return present.first?.count ?? 0 }
        return present.dropFirst().reduce(present[0]) { $0.union($1) }.count
    }
}
