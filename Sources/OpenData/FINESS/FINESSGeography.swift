/// FINESS's own département codes and how a FINESS address becomes an INSEE commune code.
///
/// FINESS numbers the overseas départements 9A to 9F where INSEE uses 971 to 976, and gives the
/// commune as a 3-digit field: the INSEE code is the département followed by the field in metropole
/// ("2A" + "004" → "2A004"); overseas the field already starts with the département's last digit, so
/// the code is "97" followed by the field ("9A" + "105" → "97105", "9F" + "606" → "97606").
///
/// ```swift
/// FINESSGeography.inseeDepartement("9D")                            // "974"
/// FINESSGeography.communeCode(departement: "9A", commune: "105")    // "97105"
/// FINESSGeography.communeCode(departement: "59", commune: "350")    // "59350"
/// ```
public enum FINESSGeography {
    /// FINESS département code → INSEE département code, for the codes that differ.
    public static let overseasDepartements: [String: String] = [
        "9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976",
    ]

    /// The INSEE département of a FINESS département code; a 1-digit code (a spreadsheet dropped the
    /// leading zero) is padded.
    public static func inseeDepartement(_ code: String) -> String {
        if let overseas = overseasDepartements[code] { return overseas }
        if code.count == 1, code.allSatisfy(\.isNumber) { return "0" + code }
        return code
    }

    /// The INSEE commune code, or nil when the fields cannot make one (empty, not digits, too long, or
    /// an overseas commune field that does not start with its département's last digit).
    public static func communeCode(departement: String, commune: String) -> String? {
        let dep = inseeDepartement(departement)
        guard !commune.isEmpty, commune.count <= 3, commune.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let padded = String(repeating: "0", count: 3 - commune.count) + commune
        switch dep.count {
        case 2: return dep + padded
        case 3: return padded.first == dep.last ? dep.prefix(2) + padded : nil
        default: return nil
        }
    }
}
