/// Paris, Lyon and Marseille: one commune polygon, population published per municipal arrondissement.
/// The PMUN of Paris, Lyon and Marseille is the sum of their arrondissements'.
public enum MunicipalArrondissements {
    /// The communes split into arrondissements, with the range of their arrondissement codes.
    public static let communes: [String: ClosedRange<Int>] = [
        "75056": 75101...75120,   // Paris
        "69123": 69381...69389,   // Lyon
        "13055": 13201...13216,   // Marseille
    ]

    /// The commune an arrondissement code belongs to ("75108" → "75056"), or nil for any other code.
    public static func parentCommune(ofArrondissement code: String) -> String? {
        guard let number = Int(code) else { return nil }
        return communes.first { $0.value.contains(number) }?.key
    }

    /// Population per commune, with arrondissement rows summed into their commune and a commune-level
    /// row for a PLM commune ignored when its arrondissements are present (counted once).
    public static func populationByCommune(_ rows: [(code: String, population: Int)]) -> [String: Int] {
        var byCommune: [String: Int] = [:]
        var communesWithArrondissements: Set<String> = []
        for row in rows {
            if let parent = parentCommune(ofArrondissement: row.code) {
                byCommune[parent, default: 0] += row.population
                communesWithArrondissements.insert(parent)
            }
        }
        for row in rows where parentCommune(ofArrondissement: row.code) == nil {
            guard !communesWithArrondissements.contains(row.code) else { continue }
            byCommune[row.code, default: 0] += row.population
        }
        return byCommune
    }
}
