/// The names of the régions by INSEE code (COG 2026): what an ARS reads and types ("Hauts-de-France", not "32").
public enum RegionNames {
    public static let byCode: [String: String] = [
        "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
        "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté", "28": "Normandie",
        "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire", "53": "Bretagne",
        "75": "Nouvelle-Aquitaine", "76": "Occitanie", "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur",
        "94": "Corse",
    ]

    /// "Hauts-de-France" (or "32") → "32": the code of a région named as an ARS writes it, accents and case aside.
    public static func code(_ text: String) -> String? {
        byCode[text] != nil ? text : key(named: text, in: byCode)
    }

    /// The key whose name is `text`, accents, case, hyphens and apostrophes aside: a région's or a département's code.
    static func key(named text: String, in names: [String: String]) -> String? {
        let wanted = fold(text)
        return names.first { fold($0.value) == wanted }?.key
    }

    static func fold(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "é", "è", "ê": return "e"
            case "î": return "i"
            case "ô": return "o"
            case "-", "'", "’": return " "
            default: return Character(scalar)
            }
        })
    }
}
