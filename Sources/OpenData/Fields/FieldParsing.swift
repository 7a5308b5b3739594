import Foundation
import GeometryKit

/// What a pair of latitude/longitude fields holds.
enum CoordinateField: Equatable {
    /// Both fields empty: the caller falls back to the commune point.
    case absent
    case valid(Coordinate)
    /// Something is there but it is not a WGS84 position; the reason names the fields as read.
    case invalid(String)
}

/// Readers for the small field types of the CPTS files (roster, patient requests) and FINESS.
enum FieldParsing {
    /// "oui"/"non" (any case); nil otherwise.
    static func yesNo(_ field: String) -> Bool? {
        switch field.lowercased() {
        case "oui": return true
        case "non": return false
        default: return nil
        }
    }

    /// A decimal number written with "." or a French ","; nil for anything else ("nan", "inf", hex floats).
    static func decimal(_ field: String) -> Double? {
        let text = field.contains(".") ? field : field.replacingOccurrences(of: ",", with: ".")
        guard text.utf8.allSatisfy({ decimalCharacters.contains($0) }), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static let decimalCharacters = Set("0123456789+-.eE".utf8)

    /// Latitude and longitude fields: both empty, a valid WGS84 pair, or the reason why not.
    static func coordinate(latitude: String, longitude: String) -> CoordinateField {
        if latitude.isEmpty && longitude.isEmpty { return .absent }
        guard !latitude.isEmpty, !longitude.isEmpty else {
            return .invalid("latitude '\(latitude)' et longitude '\(longitude)' : l'une est vide")
        }
        guard let lat = decimal(latitude), let lon = decimal(longitude) else {
            return .invalid("latitude '\(latitude)' ou longitude '\(longitude)' n'est pas un nombre")
        }
        let position = Coordinate(longitude: lon, latitude: lat)
        guard position.isValidLongitudeLatitude else {
            return .invalid("latitude \(latitude), longitude \(longitude) hors limites (|lat| ≤ 90, |lon| ≤ 180)")
        }
        return .valid(position)
    }

    /// An ISO 8601 calendar date `YYYY-MM-DD` that exists (leap years included); nil otherwise.
    static func isoDate(_ field: String) -> String? {
        let parts = field.split(separator: "-", omittingEmptySubsequences: false)
        guard field.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              (1...12).contains(month), day >= 1 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days ? field : nil
    }

    /// `AAAA-MM-JJ`, or `JJ/MM/AAAA` as a French spreadsheet writes dates, as ISO `AAAA-MM-JJ` when the day exists.
    static func date(_ field: String) -> String? {
        let parts = field.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4 else { return isoDate(field) }
        return isoDate("\(parts[2])-\(parts[1])-\(parts[0])")
    }

    /// A count of 0 or more written as plain digits.
    /// A reference a person types: at most `maximumReferenceBytes`, no control character (a NUL would be refused by
    /// PostgreSQL and stored by SQLite: both stores must see the same rows). The reason it is refused otherwise.
    static func referenceProblem(_ field: String) -> String? {
        if field.utf8.count > maximumReferenceBytes { return "référence de \(field.utf8.count) octets (au plus \(maximumReferenceBytes))" }
        if field.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "la référence contient un caractère de contrôle" }
        return nil
    }

    public static let maximumReferenceBytes = 64

    /// `count`, at most `maximum`: what a roster's places or a count can be, within every store's integers.
    static func count(_ field: String, atMost maximum: Int) -> Int? {
        count(field).flatMap { $0 <= maximum ? $0 : nil }
    }

    static func count(_ field: String) -> Int? {
        guard !field.isEmpty, field.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(field)
    }
}

/// The dates users type: `AAAA-MM-JJ` or `JJ/MM/AAAA` (a period's bounds, as the files' dates).
public enum CalendarDate {
    /// The ISO form `AAAA-MM-JJ` of a day that exists; nil otherwise.
    public static func iso(_ text: String) -> String? { FieldParsing.date(text) }
}
