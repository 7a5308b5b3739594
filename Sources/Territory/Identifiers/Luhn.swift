/// The Luhn (mod 10) check used by French identifiers: SIREN, SIRET, RPPS, FINESS.
///
/// From the rightmost digit (the key), every second digit is doubled (minus 9 above 9) and the
/// total must be a multiple of 10.
///
/// ```swift
/// Luhn.isValid("10388744723")   // true: an RPPS number
/// Luhn.isValid("10388744724")   // false: the key does not match
/// Luhn.checkDigit("1038874472") // 3
/// ```
public enum Luhn {
    /// Whether `digits` (ASCII digits only, at least two) carries a valid Luhn key as its last digit.
    public static func isValid(_ digits: String) -> Bool {
        guard digits.utf8.count >= 2, let sum = weightedSum(digits, keyIncluded: true) else { return false }
        return sum % 10 == 0
    }

    /// The key to append to `digits` so that the whole is Luhn-valid; nil if `digits` is not all digits.
    public static func checkDigit(_ digits: String) -> Int? {
        guard !digits.isEmpty, let sum = weightedSum(digits, keyIncluded: false) else { return nil }
        return (10 - sum % 10) % 10
    }

    /// Sum with every second digit doubled, counting from the key position (rightmost when included).
    private static func weightedSum(_ digits: String, keyIncluded: Bool) -> Int? {
        var sum = 0
        var double = !keyIncluded
        for byte in digits.utf8.reversed() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            var value = Int(byte - UInt8(ascii: "0"))
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum
    }
}
