/// Practitioners counted from an Annuaire santé extract read the plainest way (`|` fields, no OpenData parser), to check
/// the diagnostic against: distinct `Identifiant PP` (field 1) per profession (field 9), GPs — 10 with a savoir-faire
/// (field 15) SM54, SM53 or SM26 — apart as `10-generaliste`, by commune (field 36).
public struct RPPSFileCount: Sendable {
    /// profession → commune → practitioners.
    private var byProfession: [String: [String: Set<String>]] = [:]

    /// `rows`: the extract's data rows (no header), split on `|`.
    public init(rows: some Sequence<[String]>) {
        for row in rows where !row[36].isEmpty {
            let profession = row[9] == "10" && ["SM54", "SM53", "SM26"].contains(row[15]) ? "10-generaliste" : row[9]
            byProfession[profession, default: [:]][row[36], default: []].insert(row[1])
        }
    }

    public var professions: [String] { byProfession.keys.sorted() }

    /// Distinct practitioners of `profession` with a row in these communes.
    public func practitioners(_ profession: String, inCommunes codes: [String]) -> Int {
        codes.reduce(into: Set<String>()) { $0.formUnion(byProfession[profession]?[$1] ?? []) }.count
    }

    /// Per 10 000 inhabitants to 3 decimals, as the answers round it; nil without population (Mayotte).
    public static func perTenThousand(_ practitioners: Int, _ population: Int) -> Double? {
        population > 0 ? (Double(practitioners) * 10_000_000 / Double(population)).rounded() / 1000 : nil
    }
}
