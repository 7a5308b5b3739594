/// Checks of the national identifiers of the health directories (Annuaire santé, FINESS).
///
/// ```swift
/// HealthIdentifier.isValidRPPS("10388744723")   // true
/// HealthIdentifier.isValidFINESS("023249402")   // true: an officine of the Aisne
/// HealthIdentifier.isValidFINESS("2A0000123")   // true: Corse-du-Sud, key computed over "200000123"
/// ```
public enum HealthIdentifier {
    /// An RPPS number: exactly 11 digits whose last is the Luhn key of the first ten.
    ///
    /// The Annuaire santé extract also publishes the 12-character "Identification nationale PP",
    /// which is "8" followed by the RPPS: the key is computed on the 11-digit RPPS alone (every one of
    /// the 27 527 RPPS of the Hauts-de-France sample validates that way, none of the 12-character forms).
    public static func isValidRPPS(_ rpps: String) -> Bool {
        rpps.utf8.count == 11 && Luhn.isValid(rpps)
    }

    /// A FINESS number (ET or EJ): 9 characters, the last being a Luhn key.
    ///
    /// Overseas numbers are all digits (97…, 98… for Mayotte); only Corsica's start with letters
    /// (2A, 2B). No published rule for their key was found and the sample holds none, so both
    /// conventions met in other software are accepted: the letter read as 0 ("2A" → "20", the
    /// pre-1976 département code, which numbers renamed in 1976 would have kept) and the letter read as
    /// its rank ("2A" → "21", "2B" → "22"). A mistyped key is still caught unless it happens to fit the
    /// other convention.
    public static func isValidFINESS(_ finess: String) -> Bool {
        let characters = Array(finess.utf8)
        guard characters.count == 9 else { return false }
        guard characters[0] == UInt8(ascii: "2"), characters[1] == UInt8(ascii: "A") || characters[1] == UInt8(ascii: "B") else {
            return Luhn.isValid(finess)
        }
        let rest = String(decoding: characters[2...], as: UTF8.self)
        let rank = characters[1] == UInt8(ascii: "A") ? "1" : "2"
        return Luhn.isValid("20" + rest) || Luhn.isValid("2" + rank + rest)
    }
}
