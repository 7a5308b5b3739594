import Foundation

/// The CRS named by the source field of a FINESS `geolocalisation` row.
///
/// Older extracts end the field with a name ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93"),
/// newer ones with an EPSG code ("1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole)").
/// Names map to the legal projection of each territory (IGN / décret 2006-272):
///
/// | name | territory | EPSG |
/// |---|---|---|
/// | LAMBERT_93 | metropole, Corsica | 2154 RGF93 / Lambert-93 |
/// | UTM_N20 | Guadeloupe, Martinique | 5490 RGAF09 / UTM 20N (4559 RRAF 1991 and 32620 WGS 84 give the same point with PROJ) |
/// | UTM_N21 | Saint-Pierre-et-Miquelon | 4467 RGSPM06 / UTM 21N |
/// | UTM_N22 | Guyane | 2972 RGFG95 / UTM 22N |
/// | UTM_S38 | Mayotte | 4471 RGM04 / UTM 38S |
/// | UTM_S40 | La Réunion | 2975 RGR92 / UTM 40S |
///
/// ```swift
/// FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_S40")   // "EPSG:2975"
/// FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,BAN,EPSG:2154 RGF93 / Lambert-93")   // "EPSG:2154"
/// FINESSCoordinateSystem.crs(fromSource: "1,ATLASANTE,100,BAN")   // nil: no CRS named
/// ```
public enum FINESSCoordinateSystem {
    public static let byName: [String: String] = [
        "LAMBERT_93": "EPSG:2154",
        "UTM_N20": "EPSG:5490",
        "UTM_N21": "EPSG:4467",
        "UTM_N22": "EPSG:2972",
        "UTM_S38": "EPSG:4471",
        "UTM_S40": "EPSG:2975",
    ]

    /// "EPSG:nnnn" for the CRS the source names (an explicit EPSG code wins), nil when it names none.
    public static func crs(fromSource source: String) -> String? {
        if let range = source.range(of: "EPSG:", options: .caseInsensitive) {
            let digits = source[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            return digits.isEmpty ? nil : "EPSG:" + digits
        }
        for token in source.split(separator: ",").reversed() {
            let name = token.trimmingCharacters(in: .whitespaces).uppercased()
            if let crs = byName[name] { return crs }
        }
        return nil
    }
}
