import GeometryKit
import Territory
import TestSupport

/// Volunteer GPs and waiting patients spread over the whole country with a fixed seed: most where people
/// live (weighted by population), and a share in every overseas département, Mayotte included (which has no
/// population figure).
public enum NationalRoster {
    /// A random position inside a commune's polygon (its representative point after 20 misses).
    public static func position(in commune: Commune, using random: inout SeededRandom) -> Coordinate {
        guard let geometry = commune.geometry, let box = geometry.envelope else { return commune.representativePoint! }
        for _ in 0..<20 {
            let point = Coordinate(x: box.minX + random.unit() * (box.maxX - box.minX), y: box.minY + random.unit() * (box.maxY - box.minY))
            if geometry.covers(Geometry(point: point)) { return point }
        }
        return commune.representativePoint!
    }

    /// `count` communes drawn by population, plus `perOverseas` drawn evenly in each overseas département.
    public static func communes(_ layer: CommuneLayer, count: Int, perOverseas: Int, using random: inout SeededRandom) -> [Commune] {
        let placed = layer.communes.filter { $0.geometry != nil }
        let byPopulation = WeightedDraw(weights: placed.map { $0.population ?? 0 })
        var drawn: [Commune] = (0..<count).map { _ in placed[byPopulation.draw(using: &random)] }
        for departement in NationalScenario.overseas {
            let local = placed.filter { $0.departement == departement }
            drawn += (0..<perOverseas).map { _ in local.randomElement(using: &random)! }
        }
        return drawn
    }

    public static func volunteers(_ layer: CommuneLayer, seed: UInt64) -> [Volunteer] {
        var random = SeededRandom(seed: seed)
        return communes(layer, count: 14_000, perOverseas: 60, using: &random).enumerated().map { i, commune in
            Volunteer(rpps: String(format: "1%010d", i * 7 + 3), acceptsNewPatients: random.unit() < 0.9,
                      placesRemaining: Int.random(in: 0...8, using: &random), homeVisits: random.unit() < 0.4,
                      position: position(in: commune, using: &random), precision: .address, updatedOn: "2026-11-01",
                      communeCode: commune.code)
        }
    }

    public static func patients(_ layer: CommuneLayer, count: Int, seed: UInt64) -> [PatientRequest] {
        var random = SeededRandom(seed: seed)
        let priorities = PatientPriority.allCases
        return communes(layer, count: count, perOverseas: 40, using: &random).enumerated().map { i, commune in
            PatientRequest(reference: String(format: "N-%06d", i), communeCode: commune.code, position: position(in: commune, using: &random),
                           precision: .address, priority: priorities[Int.random(in: 0..<priorities.count, using: &random)],
                           needsHomeVisit: random.unit() < 0.1, registeredOn: "2026-10-15")
        }
    }
}
