/// Serialises `JSONValue`s compactly, with member order kept as given.
public enum JSONWriter {
    /// Room reserved up front: an API answer fits, so appending never reallocates on the way.
    static let initialCapacity = 1024

    public static func string(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(initialCapacity)
        write(value, to: &out)
        return out
    }

    public static func string(object members: [(String, JSONValue)]) -> String {
        var out = ""
        out.reserveCapacity(initialCapacity)
        writeObject(members, to: &out)
        return out
    }

    /// An array of objects whose members keep the given order.
    public static func string(objects: [[(String, JSONValue)]]) -> String {
        var out = "["
        out.reserveCapacity(initialCapacity)
        for (i, members) in objects.enumerated() {
            if i > 0 { out += "," }
            writeObject(members, to: &out)
        }
        return out + "]"
    }

    public static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += format(n)
        case .string(let s): writeString(s, to: &out)
        case .numbers(let ns):
            out += "["
            for (i, n) in ns.enumerated() { if i > 0 { out += "," }; out += format(n) }
            out += "]"
        case .array(let values):
            out += "["
            for (i, v) in values.enumerated() { if i > 0 { out += "," }; write(v, to: &out) }
            out += "]"
        case .object(let members):
            writeObject(members.sorted { $0.key < $1.key }, to: &out)
        case .ordered(let object):
            writeObject(object.members, to: &out)
        }
    }

    public static func writeObject(_ members: [(String, JSONValue)], to out: inout String) {
        out += "{"
        for (i, (key, value)) in members.enumerated() {
            if i > 0 { out += "," }
            writeString(key, to: &out)
            out += ":"
            write(value, to: &out)
        }
        out += "}"
    }

    public static func writeString(_ s: String, to out: inout String) {
        // Most strings (codes, names, keys) need no escape: appended whole, they cost one copy.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A number as JSON: integers without a fraction, others with the shortest exact form, or rounded
    /// to `decimals` digits (0…17) with trailing zeros trimmed. A value that rounds to zero is "0", never "-0".
    public static func format(_ n: Double, decimals: Int? = nil) -> String {
        guard let decimals, n.isFinite, abs(n) < 1e15 else {
            guard n.isFinite else { return "null" }
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            // From 1e15 up a Double's step is at least 1/8, so rounding to decimals means nothing there; its
            // shortest form ("1e+19") is exact, valid JSON, and the Int64 arithmetic below cannot overflow.
            return "\(n)"
        }
        var bytes: [UInt8] = []
        append(n, decimals: decimals, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `format(n, decimals:)` appended as UTF-8 to `out`, digit by digit: the positions of a national layer are
    /// millions, and a String per number was most of the time spent writing them.
    public static func append(_ n: Double, decimals: Int, to out: inout [UInt8]) {
        guard n.isFinite, abs(n) < 1e15 else { out.append(contentsOf: format(n, decimals: decimals).utf8); return }
        if n == n.rounded() {
            if n < 0 { out.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(abs(n)), to: &out)
            return
        }
        let digitsWanted = min(max(decimals, 0), 17)
        let scale = pow10(digitsWanted)
        // Split first so that the scaled fraction (< 1e17) always fits in an Int64.
        let magnitude = abs(n)
        var whole = UInt64(magnitude.rounded(.towardZero))
        var fraction = UInt64(((magnitude - Double(whole)) * scale).rounded())
        if Double(fraction) >= scale { whole += 1; fraction = 0 }
        var digits = digitsWanted
        while digits > 0 && fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        if n < 0 && (whole != 0 || fraction != 0) { out.append(UInt8(ascii: "-")) }
        appendDigits(whole, to: &out)
        guard digits > 0 else { return }
        out.append(UInt8(ascii: "."))
        appendDigits(fraction, minimumCount: digits, to: &out)
    }

    /// The decimal digits of `value`, zero-padded on the left to `minimumCount`.
    private static func appendDigits(_ value: UInt64, minimumCount: Int = 1, to out: inout [UInt8]) {
        var count = 1, rest = value
        while rest >= 10 { rest /= 10; count += 1 }
        let end = out.count + max(count, minimumCount)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: end - out.count))
        var v = value, i = end - 1
        while v > 0 { out[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; i -= 1 }
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { v, _ in v * 10 } }
}
